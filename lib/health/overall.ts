/**
 * The health model: from the last poll to one overall state, and from that state to what the
 * toolbar shows. Every surface (badge, title, popup header) derives from `overallHealth`, so they
 * can never disagree.
 */
import { isFailure, worstStatus, type ConnectionStatus } from '../contract';
import type { Snapshot } from '../storage/snapshot';

export type Overall =
  | { kind: 'not-configured' }
  | { kind: 'no-data'; reason: string }
  | { kind: 'status'; worst: ConnectionStatus | null; daysLeft: number | null; stale: boolean; connections: number };

export interface BadgeView {
  text: string;
  color: string;
  title: string;
}

export const COLORS = { red: '#c62828', amber: '#b26a00', grey: '#616161', green: '#2e7d32' } as const;
const DAY_MS = 86_400_000;

export function overallHealth(snapshot: Snapshot | null, now: number, pollMinutes: number): Overall {
  if (!snapshot || snapshot.outcome === 'not-configured') return { kind: 'not-configured' };
  const status = snapshot.lastGood?.status;
  const stale =
    snapshot.outcome !== 'ok' &&
    snapshot.failingSince !== null &&
    now - Date.parse(snapshot.failingSince) > pollMinutes * 60_000;
  if (!status) return { kind: 'no-data', reason: snapshot.detail ?? snapshot.outcome };
  const connections = status.workspaces.flatMap((w) => w.connections);
  const worst = worstStatus(connections.map((c) => c.status));
  const expiring = connections
    .filter((c) => c.status === 'expiring' && c.expiresAt)
    .map((c) => Math.max(0, Math.ceil((Date.parse(c.expiresAt as string) - now) / DAY_MS)));
  return {
    kind: 'status',
    worst,
    daysLeft: expiring.length ? Math.min(...expiring) : null,
    stale,
    connections: connections.length,
  };
}

export function badgeFor(overall: Overall): BadgeView {
  const app = 'Reconnect Assistant';
  switch (overall.kind) {
    case 'not-configured':
      return { text: '?', color: COLORS.grey, title: `${app}: not configured, open the options to connect the backend` };
    case 'no-data':
      return { text: '?', color: COLORS.grey, title: `${app}: token status unknown (${overall.reason})` };
    case 'status': {
      if (overall.stale) {
        return { text: '?', color: COLORS.grey, title: `${app}: backend unreachable, showing the last known status` };
      }
      const worst = overall.worst;
      if (worst === null) return { text: '', color: COLORS.green, title: `${app}: no connections` };
      if (isFailure(worst)) {
        return { text: '!', color: COLORS.red, title: `${app}: a connection needs attention (${worst})` };
      }
      if (worst === 'unknown') return { text: '?', color: COLORS.grey, title: `${app}: some connections not checked yet` };
      if (worst === 'degraded') return { text: '!', color: COLORS.amber, title: `${app}: a WhatsApp account is limited` };
      if (worst === 'expiring') {
        const days = overall.daysLeft ?? 0;
        return { text: `${days}d`, color: COLORS.amber, title: `${app}: a token expires in ${days} day${days === 1 ? '' : 's'}` };
      }
      return { text: '', color: COLORS.green, title: `${app}: all ${overall.connections} connections healthy` };
    }
  }
}
