/**
 * The panel on a WhatsApp Business Account's page (Business Settings > WhatsApp accounts > <WABA>,
 * WhatsApp Manager): is the product's connection working for THIS account?
 *
 * Answered only from the cached backend status (lib/storage/snapshot.ts); nothing is read from the
 * page but the WABA id in its URL. Rules, in order:
 *   - no status at all                     → unknown ("cannot say"), never a green;
 *   - the WABA is in no connection         → info: the product does not use this account;
 *   - per connection that lists the WABA:  token-level failure (expired, revoked, …) → danger;
 *     the WABA itself not covered / unreachable / a problem about it → danger; blocked → danger;
 *     limited health or an expiring token → warning; `ok` only when the backend proved the WABA
 *     reachable and the connection is healthy; anything else → unknown;
 *   - a backend that stopped answering turns every `ok` into `unknown` (last known, not current).
 */
import type { Connection, ConnectionStatus, ProblemCode, WabaCheck, Workspace } from '../contract';
import type { Snapshot } from '../storage/snapshot';
import { freshnessNote, isCurrent } from './format';
import { formatUtc } from '../util/utc-time';
import type { PanelItem, PanelModel } from './panel-model';
import { MANAGEMENT_SCOPE, MESSAGING_SCOPE } from '../meta/whatsapp-scopes';
import { passedExpiry } from '../health/effective-status';
import { worstPanelTone, type PanelTone } from '../tone';
import { count } from '../util/english';

/** Token-wide failures: they break every WABA the connection covers. */
const TOKEN_FAILURES: Partial<Record<ConnectionStatus, string>> = {
  expired: 'the token has expired',
  invalid: 'the token is no longer valid',
  revoked: 'access was revoked',
  'not-admin': 'it was authorized by someone without Full control of the portfolio',
};

/** Problems that mean "does not work" (rate limits, health and failed checks are not that). */
const FAILURE_PROBLEMS: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'token-expired',
  'token-invalid',
  'token-revoked',
  'data-access-expired',
  'scope-missing',
  'waba-missing',
  'not-admin',
]);

export interface WabaMatch {
  workspace: Workspace;
  connection: Connection;
  waba: WabaCheck;
}

export function findWaba(snapshot: Snapshot | null, wabaId: string): WabaMatch[] {
  const status = snapshot?.lastGood?.status;
  if (!status) return [];
  const matches: WabaMatch[] = [];
  for (const workspace of status.workspaces) {
    for (const connection of workspace.connections) {
      for (const waba of connection.wabas) if (waba.id === wabaId) matches.push({ workspace, connection, waba });
    }
  }
  return matches;
}

/** One connection's verdict for one WABA. */
export function wabaVerdict({ connection, waba }: WabaMatch, now: number): { tone: PanelTone; detail: string } {
  // Time alone proves these, even if the last check said healthy.
  const passed = passedExpiry(connection, now);
  const tokenFailure = passed === 'token' ? 'the token has expired' : passed === 'data-access' ? 'the token’s data access has expired' : TOKEN_FAILURES[connection.status];
  if (tokenFailure) return { tone: 'danger', detail: `Not working: ${tokenFailure}.` };
  if (connection.status === 'missing-scope') {
    const missing = connection.scopes.filter((s) => s.declared === false || s.proven === false).map((s) => s.scope);
    return { tone: 'danger', detail: `Not working: a WhatsApp permission is missing${missing.length ? ` (${missing.join(', ')})` : ''}.` };
  }
  const problem = connection.problems.find((p) => p.wabaId === waba.id && FAILURE_PROBLEMS.has(p.code));
  if (waba.management === false || waba.messaging === false) {
    const scopes = [waba.management === false && MANAGEMENT_SCOPE, waba.messaging === false && MESSAGING_SCOPE].filter(Boolean);
    return { tone: 'danger', detail: `Not working: the token does not cover this account (${scopes.join(', ')}).` };
  }
  if (waba.reachable === false) return { tone: 'danger', detail: 'Not working: the product’s token cannot reach this account.' };
  if (waba.health === 'blocked') return { tone: 'danger', detail: 'Meta has blocked this account from messaging.' };
  if (problem) return { tone: 'danger', detail: problem.message };
  if (waba.health === 'limited') return { tone: 'warning', detail: 'Working, but Meta limits this account (health status).' };
  if (connection.status === 'expiring' && connection.expiresAt) {
    return { tone: 'warning', detail: `Working, but the token expires on ${formatUtc(connection.expiresAt)}.` };
  }
  if (connection.status === 'unknown') return { tone: 'unknown', detail: 'Not checked yet.' };
  if (waba.reachable === true && (connection.status === 'healthy' || connection.status === 'degraded' || connection.status === 'expiring')) {
    return { tone: 'ok', detail: 'Working: the product reached this account with its token.' };
  }
  return { tone: 'unknown', detail: 'The backend has not checked this account on its own.' };
}

const TITLES: Record<PanelTone, string> = {
  ok: 'Connected and working',
  info: 'Not used by the product',
  warning: 'Connected, needs attention',
  danger: 'Connection broken for this account',
  unknown: 'Connection status not verified',
};

export function wabaStatusPanel(snapshot: Snapshot | null, wabaId: string, now: number): PanelModel {
  const base = { topic: 'waba-status' as const, items: [] as PanelItem[], steps: [] as string[] };
  if (!snapshot?.lastGood) {
    const configured = snapshot !== null && snapshot.outcome !== 'not-configured';
    return {
      ...base,
      tone: 'unknown',
      title: 'Connection status unknown',
      paragraphs: [`Reconnect Assistant has no status from the product’s backend, so it cannot say whether the product can use this WhatsApp account (ID ${wabaId}).`],
      steps: configured ? ['Check the backend connection in the extension’s popup (Check now).'] : ['Open the extension’s options and connect it to the product’s backend.'],
      note: snapshot && configured ? freshnessNote(snapshot) : null,
    };
  }
  const current = isCurrent(snapshot);
  const matches = findWaba(snapshot, wabaId);
  if (matches.length === 0) {
    const workspaces = snapshot.lastGood.status.workspaces.length;
    return {
      ...base,
      tone: 'info',
      title: TITLES.info,
      paragraphs: [
        `None of the product’s ${count(workspaces, 'workspace')} uses this WhatsApp account (ID ${wabaId}).`,
        'If it should, reconnect from the product and select this account in Meta’s dialog.',
      ],
      note: freshnessNote(snapshot),
    };
  }
  const items: PanelItem[] = matches.map((match) => {
    const verdict = wabaVerdict(match, now);
    // A backend that stopped answering: what it said last is not current, so never a green.
    const tone = !current && verdict.tone === 'ok' ? 'unknown' : verdict.tone;
    const name = match.waba.name ? `“${match.waba.name}” in ` : '';
    return { tone, label: `${name}${match.workspace.name}`, detail: verdict.detail };
  });
  const tone = worstPanelTone(items.map((i) => i.tone));
  const steps =
    tone === 'danger'
      ? ['Open the extension’s popup for the cause and a Reconnect link.', 'When reconnecting, select this WhatsApp account and keep both WhatsApp permissions on.']
      : [];
  return {
    ...base,
    tone,
    title: TITLES[tone],
    paragraphs: [`The product’s connection to this WhatsApp account (ID ${wabaId}):`],
    items,
    steps,
    note: freshnessNote(snapshot),
  };
}
