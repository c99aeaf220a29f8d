/**
 * What `npm start` prints about the demo backend, and what `npm start -- --check` verifies: the
 * backend's own /v1/status (never a canned text) next to what the demo data is meant to show
 * (server/demo/expected.json). Pure: takes the documents, returns lines and mismatches.
 */
import { z } from 'zod';
import { ConnectionStatus, ProblemCode, type StatusResponse } from '../../lib/contract';

export const DemoExpectations = z.object({
  description: z.string().optional(),
  connections: z.record(
    z.string(),
    z.object({ status: ConnectionStatus, problems: z.array(ProblemCode), say: z.string() }).strict(),
  ),
});
export type DemoExpectations = z.infer<typeof DemoExpectations>;

export interface DemoReport {
  lines: string[];
  /** One sentence per connection that does not show what the demo promises (empty: all good). */
  mismatches: string[];
}

export function demoReport(status: StatusResponse, expected: DemoExpectations): DemoReport {
  const lines: string[] = [];
  const mismatches: string[] = [];
  const seen = new Set<string>();
  const width = Math.max(...status.workspaces.map((w) => w.name.length), 10);
  for (const workspace of status.workspaces) {
    for (const conn of workspace.connections) {
      seen.add(conn.id);
      const want = expected.connections[conn.id];
      const codes = [...new Set(conn.problems.map((p) => p.code))].sort();
      let mark = '?';
      if (want) {
        const same = want.status === conn.status && JSON.stringify([...want.problems].sort()) === JSON.stringify(codes);
        mark = same ? '✓' : '✗';
        if (!same) {
          mismatches.push(`${conn.id}: expected ${want.status} [${want.problems.join(', ')}], the backend says ${conn.status} [${codes.join(', ')}]`);
        }
      } else {
        mismatches.push(`${conn.id}: not in the demo expectations`);
      }
      const problems = codes.length ? ` (${codes.join(', ')})` : '';
      lines.push(
        `  ${mark} ${workspace.name.padEnd(width)}  ${`${conn.kind}`.padEnd(8)} ${conn.status.padEnd(13)}${problems}${want ? ` — ${want.say}` : ''}`,
      );
    }
  }
  return { lines, mismatches };
}

/** The demo admin must see these connections (and not the other admin's). */
export function missingConnections(status: StatusResponse, expected: DemoExpectations, hidden: string[]): string[] {
  const present = new Set(status.workspaces.flatMap((w) => w.connections.map((c) => c.id)));
  return Object.keys(expected.connections).filter((id) => !hidden.includes(id) && !present.has(id));
}
