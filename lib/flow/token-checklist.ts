/**
 * The checklist of the system-user "Generate new token" dialog (Business Settings > System users):
 * App (the product's app, by name), Token expiration (Never; 60 days fails, with the date the token
 * would stop working) and Permissions (both WhatsApp permissions, and business_management when the
 * plan requires it). Each item is Not checked yet until the dialog shows its choice. Pure, like
 * checklist.ts: the latest readable reading of the dialog wins; loading readings get the same grace.
 * After generation, the checklist says where to paste the token (the plan's reconnect URL); it never
 * sees the token itself (lib/screens/token-dialog.ts).
 */
import type { ReconnectPlan } from '../contract/plan';
import type { TokenDialogReading } from '../screens/token-dialog';
import { ITEM_LABELS, LOADING_GRACE_MS, STATE_WORDS, type ChecklistItem, type ItemId, type ItemState } from './checklist';
import { sameName } from './names';
import { WHATSAPP_SCOPES } from '../meta/whatsapp-scopes';
import { andList, plural } from '../util/english';

export interface TimedTokenReading {
  at: number;
  token: Pick<TokenDialogReading, 'kind' | 'phase' | 'appChosen' | 'expiration' | 'permissions' | 'busy'>;
}

export interface TokenChecklist {
  items: ChecklistItem[];
  /** Once the token was generated: where to paste it in the product. */
  pasteAt: string | null;
  currentUnreadable: boolean;
  recheckAt: number | null;
}

const DAY_MS = 86_400_000;
const item = (id: ItemId, state: ItemState, found: string, fix: string | null = null): ChecklistItem => ({ id, state, word: STATE_WORDS[state], label: ITEM_LABELS[id], found, fix });
/** "30 January 2027", in UTC, so every reader of the text sees the same date. */
const day = (ms: number) => new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function buildTokenChecklist(input: { plan: Pick<ReconnectPlan, 'requiredScopes' | 'reconnectUrl'>; appName: string | null; readings: readonly TimedTokenReading[]; now: number }): TokenChecklist {
  const sorted = [...input.readings].sort((a, b) => a.at - b.at);
  let recheckAt: number | null = null;
  const counted: { reading: TimedTokenReading; readable: boolean }[] = [];
  sorted.forEach((reading, i) => {
    const ok = reading.token.kind === 'token-dialog' && !reading.token.busy;
    const until = sorted[i + 1]?.at ?? input.now;
    if (ok) counted.push({ reading, readable: true });
    else if (until - reading.at >= LOADING_GRACE_MS) counted.push({ reading, readable: false });
    else if (i === sorted.length - 1) recheckAt = reading.at + LOADING_GRACE_MS;
  });
  const choosing = [...counted].reverse().find((c) => c.readable && c.reading.token.phase === 'choosing')?.reading ?? null;
  const last = counted[counted.length - 1];
  const generated = counted.some((c) => c.readable && c.reading.token.phase === 'generated');
  const unreadableOnly = !choosing && counted.some((c) => !c.readable);

  const notShown = (id: ItemId, what: string) => item(id, unreadableOnly ? 'not-verified' : 'not-checked', unreadableOnly ? 'the dialog could not be read' : `the dialog has not shown ${what} yet`);
  const items: ChecklistItem[] = [];
  const t = choosing?.token;

  // App
  if (!t) items.push(notShown('token-app', 'the app choice'));
  else if (input.appName === null) items.push(item('token-app', 'not-verified', 'the product’s app name is not known, so the choice cannot be compared'));
  else if (t.appChosen === null) items.push(item('token-app', 'not-verified', 'could not read which app is chosen', `Choose ${input.appName}.`));
  else if (sameName(t.appChosen, input.appName)) items.push(item('token-app', 'passed', `${input.appName} is chosen`));
  else items.push(item('token-app', 'failed', `${t.appChosen} is chosen, not ${input.appName}`, `Choose ${input.appName}.`));

  // Token expiration
  if (!t) items.push(notShown('token-expiration', 'the expiration choice'));
  else if (t.expiration === 'never') items.push(item('token-expiration', 'passed', 'Never'));
  else if (t.expiration === '60-days') items.push(item('token-expiration', 'failed', `60 days: the token would stop working on ${day((choosing as TimedTokenReading).at + 60 * DAY_MS)}`, 'Choose Never, so the connection does not break in two months.'));
  else items.push(item('token-expiration', 'not-verified', 'could not read which expiration is chosen'));

  // Permissions
  const required = [...WHATSAPP_SCOPES, ...input.plan.requiredScopes.filter((s) => s === 'business_management')];
  if (!t) items.push(notShown('token-permissions', 'the permissions'));
  else {
    const off: string[] = [];
    const unverified: string[] = [];
    for (const scope of required) {
      const entry = t.permissions.find((p) => p.scope === scope);
      if (!entry) unverified.push(`${scope} is not listed`);
      else if (entry.granted === false) off.push(scope);
      else if (entry.granted === null) unverified.push(`could not read whether ${scope} is ticked`);
    }
    if (off.length > 0) items.push(item('token-permissions', 'failed', `${andList(off)} ${plural(off.length, 'is', 'are')} not ticked${unverified.length ? `; ${unverified.join('; ')}` : ''}`, `Tick ${andList(off)}.`));
    else if (unverified.length > 0) items.push(item('token-permissions', 'not-verified', unverified.join('; ')));
    else items.push(item('token-permissions', 'passed', `${andList(required)} ${plural(required.length, 'is', 'are')} ticked`));
  }
  return { items, pasteAt: generated ? input.plan.reconnectUrl : null, currentUnreadable: last !== undefined && !last.readable, recheckAt };
}
