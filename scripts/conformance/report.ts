/**
 * Renders a run as a table for people or JSON for CI. Everything rendered passes through
 * `redact` last: no reason is built from the token, and this makes sure none ever shows it.
 */
import { redactSecrets } from '../../lib/util/redact';
import type { ConformanceRun } from './runner';

/** The token, and anything else shaped like a credential, becomes `[token]` in the report. */
export function redact(text: string, secret: string): string {
  return redactSecrets(text, [secret], { marker: '[token]' });
}

export function renderJson(run: ConformanceRun, token: string): string {
  const counts = { pass: 0, fail: 0, 'not-checked': 0 };
  for (const r of run.results) counts[r.result] += 1;
  return redact(`${JSON.stringify({ baseUrl: run.baseUrl, allowWrites: run.allowWrites, workspaceId: run.workspaceId, counts, results: run.results }, null, 2)}\n`, token);
}

export function renderTable(run: ConformanceRun, token: string): string {
  const rows = run.results.map((r) => [r.id, r.result, r.why]);
  const width = (i: number) => Math.max(i === 0 ? 5 : 6, ...rows.map((row) => row[i]?.length ?? 0));
  const [w0, w1] = [width(0), width(1)];
  const line = (cells: string[]) => `${(cells[0] ?? '').padEnd(w0)}  ${(cells[1] ?? '').padEnd(w1)}  ${cells[2] ?? ''}`.trimEnd();
  const counts = ['pass', 'fail', 'not-checked'].map((k) => `${run.results.filter((r) => r.result === k).length} ${k}`).join(', ');
  const out = [
    `Conformance of ${run.baseUrl} (${run.allowWrites ? 'with writes' : 'read-only'}; workspace ${run.workspaceId ?? 'none'})`,
    '',
    line(['check', 'result', 'why']),
    line(['-'.repeat(w0), '-'.repeat(w1), '---']),
    ...rows.map(line),
    '',
    counts,
  ];
  return redact(`${out.join('\n')}\n`, token);
}
