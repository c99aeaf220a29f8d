/**
 * The health model: the one place that turns what the backend said (and whether it answered) into
 * everything the extension shows or pushes, as codes and data (the words are in ./words.ts). Three
 * tables, read top to bottom:
 *
 *   STATUS_TONES        contract status → tone (red / amber / grey / green)
 *   OVERALL_BADGES      overall state → toolbar badge marks (text ≤ 4 chars, colour)
 *   ALERT_TRANSITIONS   (baseline tone → new tone) → notify worse / notify recovery / quiet / hold
 *   PRIMARY_ACTIONS     contract status → the one action that fixes it (Reconnect, or Check now
 *                       when the cause is transient or on Meta's side)
 *
 * Badge, title, popup header and notifications all derive from here, so they cannot disagree.
 * Why these rules: red for credential and access
 * failures, amber with days left for an expiring token, grey `?` only once the backend has failed
 * for longer than one poll interval (a single blip must not hide a known red), no badge when all is
 * healthy; notifications only on transitions for the worse, once per connection and cause, and one
 * on recovery ("duplicate failure emails were a reported annoyance").
 */
import { severity, type Connection, type ConnectionStatus, type StatusResponse, type Workspace } from '../contract';
import type { Snapshot } from '../storage/snapshot';
import { daysLeft, effectiveStatus } from './effective-status';
import type { StatusTone } from '../tone';

export const STATUS_TONES: Record<ConnectionStatus, StatusTone> = {
  healthy: 'green',
  expiring: 'amber',
  degraded: 'amber',
  expired: 'red',
  invalid: 'red',
  revoked: 'red',
  'missing-scope': 'red',
  'missing-waba': 'red',
  'not-admin': 'red',
  // Never checked, or the check could not tell: neither a failure (no false red) nor a pass.
  unknown: 'grey',
};

export const COLORS: Record<StatusTone, string> = { red: '#c62828', amber: '#b26a00', grey: '#616161', green: '#2e7d32' };
/** "Expiring within 7 days": the badge counts days only inside this window. */
export const EXPIRING_WINDOW_DAYS = 7;

export function toneOf(status: ConnectionStatus): StatusTone {
  return STATUS_TONES[status];
}

// ---------------------------------------------------------------------------------------------
// The one primary action per status

export type PrimaryAction = 'reconnect' | 'check';

/**
 * What fixes each status. A credential or access problem (expired, invalid, revoked, a missing
 * permission or WABA, a non-admin authoriser) and a token about to expire need a new token: a
 * Reconnect. The rest is transient or not the token's fault, so a reconnect would not change it and
 * a fresh check is the useful step: `unknown` (never checked, rate-limited, or the check could not
 * tell) and `degraded` (Meta limited or blocked a WhatsApp account; its fix is in WhatsApp Manager,
 * and Check now confirms it). Healthy needs nothing.
 */
export const PRIMARY_ACTIONS: Record<ConnectionStatus, PrimaryAction | null> = {
  healthy: null,
  expiring: 'reconnect',
  expired: 'reconnect',
  invalid: 'reconnect',
  revoked: 'reconnect',
  'missing-scope': 'reconnect',
  'missing-waba': 'reconnect',
  'not-admin': 'reconnect',
  degraded: 'check',
  unknown: 'check',
};

/** A workspace's primary action: Reconnect when any connection needs one, else Check now when any is not healthy. */
export function primaryActionOf(statuses: Iterable<ConnectionStatus>): PrimaryAction | null {
  let action: PrimaryAction | null = null;
  for (const status of statuses) {
    const own = PRIMARY_ACTIONS[status];
    if (own === 'reconnect') return own;
    action = own ?? action;
  }
  return action;
}

// ---------------------------------------------------------------------------------------------
// Overall state and badge

export type OverallState =
  | 'not-configured'
  | 'no-data'
  | 'stale'
  | 'failing'
  | 'expiring'
  | 'degraded'
  | 'unchecked'
  | 'healthy'
  | 'empty';

export interface Flagged {
  workspaceId: string;
  workspace: string;
  connectionId: string;
  kind: Connection['kind'];
  status: ConnectionStatus;
  daysLeft: number | null;
}

export interface Overall {
  state: OverallState;
  /** Connections per tone (effective statuses) in the last good status. */
  counts: Record<StatusTone, number>;
  /** Non-healthy connections, worst first. */
  flagged: Flagged[];
  /** Fewest days left among expiring connections (within the window), null when none. */
  daysLeft: number | null;
  /** Set while the backend is failing: since when, and how. */
  backendFailure: { outcome: Snapshot['outcome']; since: string | null; detail: string | null } | null;
  lastGoodAt: string | null;
}

export function overallHealth(snapshot: Snapshot | null, now: number, pollMinutes: number): Overall {
  const empty: Overall = { state: 'not-configured', counts: { red: 0, amber: 0, grey: 0, green: 0 }, flagged: [], daysLeft: null, backendFailure: null, lastGoodAt: null };
  if (!snapshot || snapshot.outcome === 'not-configured') return empty;
  const failure = snapshot.outcome === 'ok' ? null : { outcome: snapshot.outcome, since: snapshot.failingSince, detail: snapshot.detail };
  const status = snapshot.lastGood?.status;
  if (!status) return { ...empty, state: 'no-data', backendFailure: failure };

  const summary = summarize(status, now);
  const base: Overall = { ...empty, ...summary, backendFailure: failure, lastGoodAt: snapshot.lastGood?.fetchedAt ?? null };
  // Grey only after the failure outlasted one interval: until then the last status is still fresh.
  // An answer that could not be stored is stale at once: what is cached is older than what the
  // backend said, so it must not stand as current.
  const stale =
    failure !== null &&
    (failure.outcome === 'storage-error' || (failure.since !== null && now - Date.parse(failure.since) > pollMinutes * 60_000));
  if (stale) return { ...base, state: 'stale' };
  return { ...base, state: stateOf(summary) };
}

function summarize(status: StatusResponse, now: number): Pick<Overall, 'counts' | 'flagged' | 'daysLeft'> {
  const counts: Record<StatusTone, number> = { red: 0, amber: 0, grey: 0, green: 0 };
  const flagged: Flagged[] = [];
  let fewestDays: number | null = null;
  for (const workspace of status.workspaces) {
    for (const connection of workspace.connections) {
      const effective = effectiveStatus(connection, now);
      counts[toneOf(effective)] += 1;
      if (effective === 'healthy') continue;
      const days = daysLeft(connection, now);
      if (effective === 'expiring' && days !== null && days <= EXPIRING_WINDOW_DAYS) {
        fewestDays = fewestDays === null ? days : Math.min(fewestDays, days);
      }
      flagged.push({ workspaceId: workspace.id, workspace: workspace.name, connectionId: connection.id, kind: connection.kind, status: effective, daysLeft: days });
    }
  }
  flagged.sort((a, b) => severity(b.status) - severity(a.status));
  return { counts, flagged, daysLeft: fewestDays };
}

function stateOf(summary: Pick<Overall, 'counts' | 'flagged' | 'daysLeft'>): OverallState {
  const { counts } = summary;
  if (counts.red) return 'failing';
  // Both amber: the days left are the more actionable figure, so an expiring token wins the text.
  if (summary.flagged.some((f) => f.status === 'expiring')) return 'expiring';
  if (counts.amber) return 'degraded';
  if (counts.grey) return 'unchecked';
  return counts.green ? 'healthy' : 'empty';
}

/** The toolbar badge's marks: text ≤ 4 characters and a colour. Its title is words (./words.ts). */
export interface BadgeMark {
  text: string;
  color: string;
}

export const OVERALL_BADGES: Record<OverallState, (o: Overall) => BadgeMark> = {
  'not-configured': () => ({ text: '?', color: COLORS.grey }),
  'no-data': () => ({ text: '?', color: COLORS.grey }),
  stale: () => ({ text: '?', color: COLORS.grey }),
  failing: () => ({ text: '!', color: COLORS.red }),
  expiring: (o) => ({
    // More than 999 days cannot fit in 4 characters; the window is 7 days, so only a backend with a
    // much wider "expiring" threshold could get there, and then `!` still says "look".
    text: o.daysLeft !== null && o.daysLeft <= 999 ? `${o.daysLeft}d` : '!',
    color: COLORS.amber,
  }),
  degraded: () => ({ text: '!', color: COLORS.amber }),
  unchecked: () => ({ text: '…', color: COLORS.grey }),
  healthy: () => ({ text: '', color: COLORS.green }),
  empty: () => ({ text: '', color: COLORS.green }),
};

// ---------------------------------------------------------------------------------------------
// Notification decisions

/** Per connection, what the notifier knows; persisted so a service-worker restart changes nothing. */
export interface AlertState {
  /** The last status seen (including `unknown`): history records changes of it. */
  seen: ConnectionStatus;
  /** The last *known* status (never `unknown`): notifications compare against it. */
  baseline: ConnectionStatus | null;
  /** Causes already notified in the current bad episode (cleared as things improve). */
  causes: ConnectionStatus[];
}
export type AlertStates = Record<string, AlertState>;

type Rule = 'worse' | 'worse-if-more-severe' | 'recovered' | 'quiet' | 'hold';

/**
 * Baseline tone (or `none`: first time this connection is seen) → new tone. `hold` keeps the
 * baseline: an `unknown` says nothing about whether things got better or worse.
 */
export const ALERT_TRANSITIONS: Record<StatusTone | 'none', Record<StatusTone, Rule>> = {
  none: { green: 'quiet', amber: 'worse', red: 'worse', grey: 'hold' },
  green: { green: 'quiet', amber: 'worse', red: 'worse', grey: 'hold' },
  amber: { green: 'recovered', amber: 'worse-if-more-severe', red: 'worse', grey: 'hold' },
  red: { green: 'recovered', amber: 'quiet', red: 'worse-if-more-severe', grey: 'hold' },
  grey: { green: 'quiet', amber: 'worse', red: 'worse', grey: 'hold' },
};

export interface AlertTarget {
  key: string;
  workspaceId: string;
  workspace: string;
  connectionId: string;
  connectionKind: Connection['kind'];
}

export type AlertDecision =
  | (AlertTarget & { kind: 'worse'; cause: ConnectionStatus; from: ConnectionStatus | null; muted: boolean })
  | (AlertTarget & { kind: 'recovered'; from: ConnectionStatus; muted: boolean });

export interface StatusTransition {
  workspaceId: string;
  connectionId: string;
  from: ConnectionStatus | null;
  to: ConnectionStatus;
  problems: string[];
}

export const alertKey = (workspaceId: string, connectionId: string) => `${workspaceId}|${connectionId}`;

/**
 * Compares a fresh status with the persisted alert states. Returns the next states (to persist),
 * the notifications to show (muted ones are returned with `muted: true` so callers can log them but
 * must not show them), and the status transitions for the history.
 */
export function decideAlerts(previous: AlertStates, status: StatusResponse, now: number, muted: ReadonlySet<string>): {
  next: AlertStates;
  decisions: AlertDecision[];
  transitions: StatusTransition[];
} {
  const next: AlertStates = {};
  const decisions: AlertDecision[] = [];
  const transitions: StatusTransition[] = [];
  for (const workspace of status.workspaces) {
    for (const connection of workspace.connections) {
      const key = alertKey(workspace.id, connection.id);
      const before = previous[key];
      const to = effectiveStatus(connection, now);
      if (!before || before.seen !== to) {
        transitions.push({ workspaceId: workspace.id, connectionId: connection.id, from: before?.seen ?? null, to, problems: connection.problems.map((p) => p.code) });
      }
      const target = targetOf(workspace, connection, key);
      const isMuted = muted.has(workspace.id);
      const baseline = before?.baseline ?? null;
      const rule = ALERT_TRANSITIONS[baseline === null ? 'none' : toneOf(baseline)][toneOf(to)];
      let causes = before?.causes ?? [];
      switch (rule) {
        case 'hold':
          next[key] = { seen: to, baseline, causes };
          continue;
        case 'worse':
        case 'worse-if-more-severe': {
          const worse = rule === 'worse' || baseline === null || severity(to) > severity(baseline);
          if (worse && !causes.includes(to)) {
            decisions.push({ ...target, kind: 'worse', cause: to, from: baseline, muted: isMuted });
            causes = [...causes, to];
          } else if (!worse) {
            causes = causes.filter((c) => severity(c) <= severity(to));
          }
          break;
        }
        case 'recovered':
          if (causes.length && baseline) decisions.push({ ...target, kind: 'recovered', from: baseline, muted: isMuted });
          causes = [];
          break;
        case 'quiet':
          // Better, but not recovered: forget the causes that no longer apply, so a relapse notifies.
          causes = causes.filter((c) => severity(c) <= severity(to));
          break;
      }
      next[key] = { seen: to, baseline: to, causes };
    }
  }
  return { next, decisions, transitions };
}

/** Whether two alert-state maps say the same (cheap: no serialising; order of keys ignored). */
export function sameAlertStates(a: AlertStates, b: AlertStates): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    const x = a[key]!;
    const y = b[key];
    if (!y || x.seen !== y.seen || x.baseline !== y.baseline || x.causes.length !== y.causes.length) return false;
    for (let i = 0; i < x.causes.length; i++) if (x.causes[i] !== y.causes[i]) return false;
  }
  return true;
}

function targetOf(workspace: Workspace, connection: Connection, key: string): AlertTarget {
  return { key, workspaceId: workspace.id, workspace: workspace.name, connectionId: connection.id, connectionKind: connection.kind };
}
