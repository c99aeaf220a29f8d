/**
 * How the popup arranges many workspaces (5,000 × 10 WABAs must stay usable): indexed once per
 * status (statuses, worst status, primary action), then filtered per keystroke by plain substring
 * tests. The searchable text of a workspace (names, ids, WABAs) is built the first time a search
 * needs it, or ahead of time in idle slices (warmSearch), and kept per workspace object, the ones that need attention first (worst
 * status first), the all-healthy ones in a group of their own. Pure, so the popup only renders
 * what this returns.
 */
import { severity, worstStatus, type Connection, type ConnectionStatus, type Workspace } from '../contract';
import { effectiveStatus } from './effective-status';
import { primaryActionOf, type PrimaryAction } from './model';
import { STATUS_WORDS } from './words';

export interface WorkspaceRow {
  workspace: Workspace;
  /** Worst effective status of its connections (null: no connections). */
  worst: ConnectionStatus | null;
  statuses: ConnectionStatus[];
  /** The connection with the worst status (the card's cause comes from it). */
  worstConnection: Connection | null;
  /** Its one primary action (null: healthy, nothing to do). */
  action: PrimaryAction | null;
}

export interface IndexedRow extends WorkspaceRow {
  /** Its status codes and words, lower-cased (the rest of its searchable text: searchText). */
  statusText: string;
}

export interface Arranged {
  attention: WorkspaceRow[];
  healthy: WorkspaceRow[];
}

const TEXT = new WeakMap<Workspace, string>();

/** Everything a person might type to find a workspace, lower-cased: names, ids, WABAs (built once per workspace object). */
export function searchText(workspace: Workspace): string {
  let text = TEXT.get(workspace);
  if (text === undefined) {
    const parts = [workspace.name, workspace.id, workspace.businessId ?? '', workspace.businessName ?? ''];
    for (const c of workspace.connections) {
      for (const waba of c.wabas) parts.push(waba.id, waba.name ?? '');
    }
    text = parts.join('\n').toLowerCase();
    TEXT.set(workspace, text);
  }
  return text;
}

/** Builds the search text of rows from `from` on until `deadline` (performance.now()); returns where it stopped. */
export function warmSearch(rows: readonly IndexedRow[], from: number, deadline: number): number {
  let i = from;
  while (i < rows.length && performance.now() < deadline) searchText(rows[i++]!.workspace);
  return i;
}

const byName = (a: WorkspaceRow, b: WorkspaceRow) => a.workspace.name.localeCompare(b.workspace.name);

/** Once per status (and clock tick): every workspace's row, attention first, then healthy, each in display order. */
export function indexWorkspaces(workspaces: readonly Workspace[], now: number): IndexedRow[] {
  const rows: IndexedRow[] = workspaces.map((workspace) => {
    const statuses = workspace.connections.map((c) => effectiveStatus(c, now));
    const worst = worstStatus(statuses);
    const at = worst === null ? -1 : statuses.indexOf(worst);
    const statusText = statuses.map((st) => `${st}\n${STATUS_WORDS[st]}`).join('\n').toLowerCase();
    return { workspace, statuses, worst, worstConnection: workspace.connections[at] ?? null, action: primaryActionOf(statuses), statusText };
  });
  const attention = rows.filter((r) => r.worst !== null && r.worst !== 'healthy');
  attention.sort((a, b) => severity(b.worst!) - severity(a.worst!) || byName(a, b));
  const healthy = rows.filter((r) => r.worst === null || r.worst === 'healthy').sort(byName);
  return [...attention, ...healthy];
}

/** Per keystroke: the rows whose text holds every typed term, split into the two groups. */
export function filterRows(index: readonly IndexedRow[], filter = ''): Arranged {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const attention: WorkspaceRow[] = [];
  const healthy: WorkspaceRow[] = [];
  for (const row of index) {
    // A term has no whitespace, so it cannot span two parts: each is tested on its own.
    if (terms.length && !terms.every((t) => row.statusText.includes(t) || searchText(row.workspace).includes(t))) continue;
    (row.worst === null || row.worst === 'healthy' ? healthy : attention).push(row);
  }
  return { attention, healthy };
}

export function arrangeWorkspaces(workspaces: readonly Workspace[], now: number, filter = ''): Arranged {
  return filterRows(indexWorkspaces(workspaces, now), filter);
}
