/**
 * A reconnect's difference (lib/flow/before-after.ts) in words, state first, for the popup's
 * "Last reconnect" part and the one notification. Pure; plain strings (drawn as text, never markup).
 */
import type { TokenType, UserRole } from '../contract';
import { andList as list } from '../util/english';
import type { ConnectionDifference, Difference, Expiry } from './before-after';

const TOKEN_TYPES: Record<TokenType, string> = {
  user: 'user token',
  'system-user': 'system user token',
  'business-integration': 'business integration token',
  unknown: 'unknown token type',
};
const ROLES: Record<UserRole, string> = { admin: 'admin', employee: 'employee (not an admin)', unknown: 'unknown' };

const label = (c: ConnectionDifference) => (c.kind === 'whatsapp' ? 'WhatsApp' : 'Catalog');
const wabaName = (w: { id: string; name: string | null }) => (w.name ? `${w.name} (${w.id})` : w.id);

export function expiryWords(expiry: Expiry | null): string {
  if (expiry === null) return 'not known before';
  if (expiry.kind === 'never') return 'never expires';
  if (expiry.kind === 'unknown') return 'expiry unknown';
  return `expires ${expiry.at.slice(0, 10)}`;
}

export const ACCESS_REDUCED = 'The reconnect ran but access was reduced';

/** One line per fact about one connection, the loss first. */
export function connectionLines(c: ConnectionDifference): string[] {
  const lines: string[] = [];
  const name = label(c);
  if (c.permissions.lost.length) lines.push(`${name}: permission lost: ${list(c.permissions.lost)}.`);
  for (const w of c.wabas.lost) lines.push(`${name}: WhatsApp account lost: ${wabaName(w)}${w.why === 'refused' ? ' (Meta now refuses calls to it)' : ' (no longer covered by the token)'}.`);
  if (c.role.reduced) lines.push(`${name}: the person who authorised it is not an admin any more (was admin, now ${ROLES[c.role.after]}).`);
  if (c.permissions.nowUnknown.length) lines.push(`${name}: could not confirm these permissions are still granted: ${list(c.permissions.nowUnknown)}.`);
  if (c.wabas.nowUnknown.length) lines.push(`${name}: could not confirm these WhatsApp accounts are still covered: ${list(c.wabas.nowUnknown.map(wabaName))}.`);
  if (c.permissions.gained.length) lines.push(`${name}: permission gained: ${list(c.permissions.gained)}.`);
  if (c.wabas.gained.length) lines.push(`${name}: WhatsApp account gained: ${list(c.wabas.gained.map(wabaName))}.`);
  if (c.tokenType.before !== null && c.tokenType.before !== c.tokenType.after) lines.push(`${name}: token type was ${TOKEN_TYPES[c.tokenType.before]}, now ${TOKEN_TYPES[c.tokenType.after]}.`);
  const before = expiryWords(c.expiry.before);
  const after = expiryWords(c.expiry.after);
  if (c.expiry.before !== null && before !== after) lines.push(`${name}: token ${before === 'expiry unknown' ? 'expiry was unknown' : `was: ${before}`}; now ${after}.`);
  if (c.role.before !== null && c.role.before !== c.role.after && !c.role.reduced) lines.push(`${name}: authorised by: was ${ROLES[c.role.before]}, now ${ROLES[c.role.after]}.`);
  for (const h of c.wabaHealth) lines.push(`${name}: WhatsApp account ${wabaName(h)} health: ${h.after}${h.before !== null && h.before !== h.after ? ` (was ${h.before})` : ''}.`);
  return lines;
}

export interface DifferenceWords {
  /** State first: "Access reduced: …" or "Nothing lost: …". */
  headline: string;
  lines: string[];
  problems: string[];
}

export function differenceWords(d: Difference): DifferenceWords {
  const lines = d.connections.flatMap(connectionLines);
  const problems = d.connections.flatMap((c) => c.remainingProblems.map((p) => `${label(c)}: ${p.message}`));
  const replacedNone = d.connections.length > 0 && d.connections.every((c) => c.tokenReplaced === false);
  let headline: string;
  if (d.accessReduced) headline = `${ACCESS_REDUCED}.`;
  else if (!d.beforeKnown) headline = 'Verified; the state before the reconnect was not known, so nothing can be compared.';
  else if (replacedNone) headline = 'No new token was stored; nothing changed.';
  else headline = problems.length ? 'Nothing lost, but problems remain.' : 'Nothing lost.';
  return { headline, lines: lines.length || !d.beforeKnown ? lines : ['No permission, WhatsApp account, role or expiry changed.'], problems };
}
