/**
 * How the popup arranges many workspaces (5,000 × 10 WABAs must stay usable): indexed once per
 * status (statuses, worst status, primary action, the searchable text), then filtered per
 * keystroke by plain substring tests on that index, the ones that need attention first (worst
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
  /** Everything a person might type to find it, lower-cased: names, ids, WABAs, status words. */
  text: string;
}

export interface Arranged {
  attention: WorkspaceRow[];
  healthy: WorkspaceRow[];
}

function haystack(workspace: Workspace, statuses: ConnectionStatus[]): string {
  const parts = [workspace.name, workspace.id, workspace.businessId ?? '', workspace.businessName ?? ''];
  for (const c of workspace.connections) {
    for (const waba of c.wabas) parts.push(waba.id, waba.name ?? '');
  }
  for (const s of statuses) parts.push(s, STATUS_WORDS[s]);
  return parts.join('\n').toLowerCase();
}

const byName = (a: WorkspaceRow, b: WorkspaceRow) => a.workspace.name.localeCompare(b.workspace.name);

/** Once per status (and clock tick): every workspace's row, attention first, then healthy, each in display order. */
export function indexWorkspaces(workspaces: readonly Workspace[], now: number): IndexedRow[] {
  const rows: IndexedRow[] = workspaces.map((workspace) => {
    const statuses = workspace.connections.map((c) => effectiveStatus(c, now));
    const worst = worstStatus(statuses);
    const at = worst === null ? -1 : statuses.indexOf(worst);
    return { workspace, statuses, worst, worstConnection: workspace.connections[at] ?? null, action: primaryActionOf(statuses), text: haystack(workspace, statuses) };
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
    if (terms.length && !terms.every((t) => row.text.includes(t))) continue;
    (row.worst === null || row.worst === 'healthy' ? healthy : attention).push(row);
  }
  return { attention, healthy };
}

export function arrangeWorkspaces(workspaces: readonly Workspace[], now: number, filter = ''): Arranged {
  return filterRows(indexWorkspaces(workspaces, now), filter);
}
