/**
 * How the popup arranges many workspaces (200 × 10 WABAs must stay smooth): filtered by a search
 * box, the ones that need attention first (worst status first), the all-healthy ones in a group of
 * their own that starts collapsed. Pure, so the popup only renders what this returns.
 */
import { severity, worstStatus, type ConnectionStatus, type Workspace } from '../contract';
import { effectiveStatus } from './effective-status';
import { STATUS_WORDS } from './words';

export interface WorkspaceRow {
  workspace: Workspace;
  /** Worst effective status of its connections (null: no connections). */
  worst: ConnectionStatus | null;
  statuses: ConnectionStatus[];
}

/** Everything a person might type to find a workspace: names, ids, WABAs, status words. */
function haystack(row: WorkspaceRow): string {
  const w = row.workspace;
  const parts = [w.name, w.id, w.businessId ?? '', w.businessName ?? ''];
  for (const c of w.connections) {
    for (const waba of c.wabas) parts.push(waba.id, waba.name ?? '');
  }
  for (const s of row.statuses) parts.push(s, STATUS_WORDS[s]);
  return parts.join('\n').toLowerCase();
}

export function arrangeWorkspaces(workspaces: Workspace[], now: number, filter = ''): { attention: WorkspaceRow[]; healthy: WorkspaceRow[] } {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const rows: WorkspaceRow[] = [];
  for (const workspace of workspaces) {
    const statuses = workspace.connections.map((c) => effectiveStatus(c, now));
    const row = { workspace, statuses, worst: worstStatus(statuses) };
    if (terms.length) {
      const text = haystack(row);
      if (!terms.every((t) => text.includes(t))) continue;
    }
    rows.push(row);
  }
  const byName = (a: WorkspaceRow, b: WorkspaceRow) => a.workspace.name.localeCompare(b.workspace.name);
  const attention = rows.filter((r) => r.worst !== null && r.worst !== 'healthy');
  attention.sort((a, b) => severity(b.worst!) - severity(a.worst!) || byName(a, b));
  const healthy = rows.filter((r) => r.worst === null || r.worst === 'healthy').sort(byName);
  return { attention, healthy };
}
