/**
 * The words of the health model (./model.ts decides, this says it): each status's name, the
 * backend failure words and the toolbar badge's title, which says in words what the badge marks
 * say. The popup, the badge, the notifications and the diagnostics read their words from here.
 */
import type { ConnectionStatus } from '../contract';
import type { Snapshot } from '../storage/snapshot';
import { count, plural } from '../util/english';
import { formatUtc } from '../util/utc-time';
import { OVERALL_BADGES, toneOf, type Flagged, type Overall, type OverallState } from './model';

export const APP_NAME = 'Reconnect Assistant';

export const STATUS_WORDS: Record<ConnectionStatus, string> = {
  healthy: 'Healthy',
  expiring: 'Token expiring soon',
  degraded: 'WhatsApp account limited',
  expired: 'Token expired',
  invalid: 'Token invalid',
  revoked: 'Access revoked',
  'missing-scope': 'Missing permission',
  'missing-waba': 'WhatsApp account missing',
  'not-admin': 'Authorized by a non-admin',
  unknown: 'Not checked yet',
};

const FAILURE_WORDS: Record<Snapshot['outcome'], string> = {
  ok: 'answering',
  'not-configured': 'not configured',
  unreachable: 'unreachable',
  unauthorized: 'refusing the access token',
  'http-error': 'answering with errors',
  'invalid-response': 'answering in an unexpected format',
  'storage-error': 'answering, but its answer could not be saved in this browser',
};

const when = (iso: string | null) => formatUtc(iso, 'unknown time');

function flaggedWords(flagged: Flagged[], limit = 3): string {
  const named = flagged.slice(0, limit).map((f) => {
    const what = f.status === 'expiring' && f.daysLeft !== null ? `token expires in ${count(f.daysLeft, 'day')}` : STATUS_WORDS[f.status].toLowerCase();
    return `${f.workspace} (${f.kind === 'whatsapp' ? 'WhatsApp' : 'Catalog'}): ${what}`;
  });
  return named.join('; ') + (flagged.length > limit ? `; and ${flagged.length - limit} more` : '');
}

/** The badge's title per overall state: the same thing as its marks, in words. */
export const BADGE_TITLES: Record<OverallState, (o: Overall) => string> = {
  'not-configured': () => `${APP_NAME}: not configured. Open the options to connect the backend.`,
  'no-data': (o) =>
    `${APP_NAME}: token status unknown, the backend is ${FAILURE_WORDS[o.backendFailure?.outcome ?? 'unreachable']}${o.backendFailure?.detail ? ` (${o.backendFailure.detail})` : ''}.`,
  stale: (o) => {
    const red = o.flagged.filter((f) => toneOf(f.status) === 'red').length;
    const known = o.flagged.length ? `${red ? `${count(red, 'connection')} needed attention` : `${count(o.flagged.length, 'connection')} had warnings`}` : 'all connections were healthy';
    return `${APP_NAME}: backend ${FAILURE_WORDS[o.backendFailure?.outcome ?? 'unreachable']} since ${when(o.backendFailure?.since ?? null)}. Last known (${when(o.lastGoodAt)}): ${known}.`;
  },
  failing: (o) => `${APP_NAME}: ${count(o.counts.red, 'connection')} ${plural(o.counts.red, 'needs', 'need')} attention: ${flaggedWords(o.flagged)}.`,
  expiring: (o) => `${APP_NAME}: ${o.daysLeft !== null ? `a token expires in ${count(o.daysLeft, 'day')}` : 'a token expires soon'}: ${flaggedWords(o.flagged)}.`,
  degraded: (o) => `${APP_NAME}: a WhatsApp account is limited: ${flaggedWords(o.flagged)}.`,
  unchecked: (o) => `${APP_NAME}: ${count(o.counts.grey, 'connection')} not checked yet; the others are healthy.`,
  healthy: (o) => `${APP_NAME}: all ${count(o.counts.green, 'connection')} healthy.`,
  empty: () => `${APP_NAME}: connected; no workspaces to watch.`,
};

export interface BadgeView {
  text: string;
  color: string;
  title: string;
}

export function badgeFor(overall: Overall): BadgeView {
  return { ...OVERALL_BADGES[overall.state](overall), title: BADGE_TITLES[overall.state](overall) };
}
