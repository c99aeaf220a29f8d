/**
 * The reconnect checklist: a pure function of the reconnect plan, the connection's state before the
 * reconnect, and every screen reading of Meta's dialog so far (each with the time it was taken).
 *
 *   readings ──settle (a loading / unreadable screen gets LOADING_GRACE_MS before it counts)──▶
 *   latest reading per item's screen ──rules below──▶ items (Passed / Failed / Not verified /
 *   Not checked yet) + the revocation alert + the tab badge (red !, amber ?, green ✓, neutral …)
 *
 * Readings accumulate: an item keeps the state of the latest reading of its screen when the dialog
 * moves on, and is re-read when the admin goes back (the newer reading of that screen wins). Nothing
 * is ever Passed that was not read: an item whose screen has not been shown is Not checked yet, one
 * whose screen was shown but could not be read (or was ambiguous) is Not verified.
 * No timers: the caller passes `now`, and calls again when a pending loading screen's grace is over.
 * No zod, no DOM: the background, the overlay and the popup all call this with the same data.
 */
import type { ReconnectPlan } from '../contract/plan';
import type { Workspace } from '../contract/status';
import type { ScreenReading } from '../screens/types';
import { isWhatsAppScope } from '../meta/whatsapp-scopes';
import { andList as list, count, plural } from '../util/english';
import { findAccount } from './names';

export type ItemState = 'passed' | 'failed' | 'not-verified' | 'not-checked';
export const STATE_WORDS: Record<ItemState, string> = { passed: 'Passed', failed: 'Failed', 'not-verified': 'Not verified', 'not-checked': 'Not checked yet' };
/** The states from worst to best: failed > not verified > not checked yet > passed. */
export const STATE_ORDER: readonly ItemState[] = ['failed', 'not-verified', 'not-checked', 'passed'];

/** The worst state among the items (not checked yet when there are none). */
export function worstState<T extends { state: ItemState }>(items: readonly T[]): ItemState {
  for (const state of STATE_ORDER) if (items.some((item) => item.state === state)) return state;
  return 'not-checked';
}

export type ItemId = 'admin-access' | 'business-portfolio' | 'whatsapp-accounts' | 'whatsapp-permissions' | 'previous-settings' | 'token-app' | 'token-expiration' | 'token-permissions';
export const ITEM_LABELS: Record<ItemId, string> = {
  'admin-access': 'Admin access',
  'business-portfolio': 'Business portfolio',
  'whatsapp-accounts': 'WhatsApp accounts',
  'whatsapp-permissions': 'WhatsApp permissions',
  'previous-settings': 'Previous settings',
  'token-app': 'App',
  'token-expiration': 'Token expiration',
  'token-permissions': 'Permissions',
};

export interface ChecklistItem {
  id: ItemId;
  state: ItemState;
  /** The state word, e.g. "Failed". */
  word: string;
  label: string;
  /** What was found, e.g. "Acme Global is not selected". */
  found: string;
  /** What to do about it, when the item is not Passed and there is something to do. */
  fix: string | null;
}

/** The text an item is read as: state word first, then its label, then what was found. */
export function itemText(item: Pick<ChecklistItem, 'word' | 'label' | 'found'>): string {
  return `${item.word} — ${item.label}: ${item.found}`;
}

/** What a screen reading must carry (ScreenReading and the messaging report both fit). */
export type ChecklistScreen = Pick<ScreenReading, 'kind' | 'confidence' | 'evidence' | 'editPreviousSettings' | 'businesses' | 'wabaMode' | 'wabas' | 'permissions' | 'alerts' | 'busy'>;

export interface TimedReading {
  /** When the screen showed this (epoch ms). */
  at: number;
  screen: ChecklistScreen;
}

export interface RevocationAlert {
  wabas: { id: string; name: string }[];
  text: string;
}

export interface Checklist {
  items: ChecklistItem[];
  /** Shown as its own alert (role=alert) while any currently covered WABA is shown unticked. */
  revocation: RevocationAlert | null;
  /** The latest counted screen could not be read: the overlay offers the screen outline. */
  currentUnreadable: boolean;
  /** A loading or unreadable screen is inside its grace period: call again at this time (epoch ms). */
  recheckAt: number | null;
}

/** "A page still loading is given a moment, about a second, before it counts." */
export const LOADING_GRACE_MS = 1_000;

export interface ChecklistInput {
  plan: ReconnectPlan;
  /** The workspace as last known before the reconnect; null when never fetched. */
  before: Workspace | null;
  readings: readonly TimedReading[];
  now: number;
  /** The product's app name (the plan's `appName` once the contract has it); used in texts only. */
  appName?: string | null;
}

const item = (id: ItemId, state: ItemState, found: string, fix: string | null = null): ChecklistItem => ({ id, state, word: STATE_WORDS[state], label: ITEM_LABELS[id], found, fix });


interface Settled {
  /** Readings that count, in order; each `readable` or not. */
  counted: { reading: TimedReading; readable: boolean }[];
  recheckAt: number | null;
}

const readable = (s: ChecklistScreen) => s.kind !== 'unknown' && !s.busy;

/**
 * A reading that is unknown or busy counts only once it stayed on screen for the grace period
 * (until the next reading, or until `now` for the latest one); a shorter one was a page loading.
 */
function settle(readings: readonly TimedReading[], now: number): Settled {
  const sorted = [...readings].sort((a, b) => a.at - b.at);
  const counted: Settled['counted'] = [];
  let recheckAt: number | null = null;
  sorted.forEach((reading, i) => {
    if (readable(reading.screen)) return counted.push({ reading, readable: true });
    const until = sorted[i + 1]?.at ?? now;
    if (until - reading.at >= LOADING_GRACE_MS) counted.push({ reading, readable: false });
    else if (i === sorted.length - 1) recheckAt = reading.at + LOADING_GRACE_MS;
    return undefined;
  });
  return { counted, recheckAt };
}

/** Screen kinds a reading speaks about, including those an ambiguous reading was torn between. */
function kindsOf(screen: ChecklistScreen): string[] {
  const kinds = [screen.kind as string];
  for (const e of screen.evidence) {
    const m = /^ambiguous:([a-z-]+)\/([a-z-]+)$/.exec(e);
    if (m) kinds.push(m[1] as string, m[2] as string);
  }
  return kinds;
}

/** The latest counted reading that is about one of `kinds` (or carries what `has` looks for). */
function latest(settled: Settled, test: (s: ChecklistScreen) => boolean): { reading: TimedReading; readable: boolean; index: number } | null {
  for (let i = settled.counted.length - 1; i >= 0; i--) {
    const entry = settled.counted[i] as Settled['counted'][number];
    if (test(entry.reading.screen)) return { ...entry, index: i };
  }
  return null;
}

export function buildChecklist(input: ChecklistInput): Checklist {
  const settled = settle(input.readings, input.now);
  const items: ChecklistItem[] = [adminAccess(settled)];
  const portfolio = businessPortfolio(input.plan, settled);
  if (portfolio) items.push(portfolio);
  const accounts = whatsappAccounts(input, settled);
  items.push(accounts.item);
  const permissions = whatsappPermissions(input.plan, settled);
  if (permissions) items.push(permissions);
  items.push(previousSettings(input, settled));
  const last = settled.counted[settled.counted.length - 1];
  return { items, revocation: accounts.revocation, currentUnreadable: last !== undefined && !last.readable, recheckAt: settled.recheckAt };
}

// ---------------------------------------------------------------------------------------------
// Admin access

const ADMIN_FIX = 'Cancel, then ask someone with Full control of the business portfolio to give you Full control (Business settings > People), or to run the reconnect themselves.';

function adminAccess(settled: Settled): ChecklistItem {
  if (settled.counted.length === 0) return item('admin-access', 'not-checked', 'no screen of the dialog has been read yet');
  // The latest reading of each screen kind: an error that went away when the admin went back is gone.
  const latestByKind = new Map<string, TimedReading>();
  for (const { reading, readable: ok } of settled.counted) if (ok) latestByKind.set(reading.screen.kind, reading);
  const messages = [...latestByKind.values()].flatMap((r) => r.screen.alerts.filter((a) => a.kind === 'not-admin').map((a) => a.text));
  if (messages.length > 0) return item('admin-access', 'failed', `Meta says: “${[...new Set(messages)].join(' / ')}”`, ADMIN_FIX);
  const unreadable = settled.counted.filter((c) => !c.readable).length;
  if (unreadable > 0) {
    return item('admin-access', 'not-verified', `${unreadable === 1 ? 'a screen' : count(unreadable, 'screen')} of the dialog could not be read, so an admin-access error there would not have been seen`);
  }
  return item('admin-access', 'passed', 'Meta showed no admin-access error on the screens read so far');
}

// ---------------------------------------------------------------------------------------------
// Business portfolio

function businessPortfolio(plan: ReconnectPlan, settled: Settled): ChecklistItem | null {
  const business = plan.business;
  if (!business) return null;
  const wanted = business.name ?? `the portfolio with ID ${business.id}`;
  const found = latest(settled, (s) => kindsOf(s).includes('business-selection') || s.businesses.length > 0);
  if (!found) return item('business-portfolio', 'not-checked', 'the portfolio choice has not been shown yet');
  if (!found.readable) return item('business-portfolio', 'not-verified', 'the portfolio screen could not be read');
  const shown = found.reading.screen.businesses;
  if (shown.length === 0) return item('business-portfolio', 'not-verified', 'could not read which portfolios are offered');
  const match = findAccount({ id: business.id, name: business.name }, shown);
  const chosen = shown.filter((b) => b.selected === true);
  const fix = `Choose ${wanted}.`;
  if (match.kind === 'ambiguous') return item('business-portfolio', 'not-verified', `${match.entries.length} portfolios on screen are named ${wanted}`);
  if (match.kind === 'missing') {
    if (chosen.length > 0) return item('business-portfolio', 'failed', `${list(chosen.map((b) => b.name))} ${plural(chosen.length, 'is', 'are')} chosen, not ${wanted}`, `${wanted} is not in the list: you may need Full control of it.`);
    return item('business-portfolio', 'not-verified', `${wanted} is not listed`);
  }
  const entry = match.entry;
  if (entry.disabled) {
    const reason = found.reading.screen.alerts.find((a) => a.kind === 'portfolio-unavailable' && a.text.startsWith(entry.name))?.text;
    return item('business-portfolio', 'failed', `${wanted} is greyed out${reason ? ` (${reason})` : ''}`, 'You need Full control of this portfolio; ask one of its admins.');
  }
  if (entry.selected === true) return item('business-portfolio', 'passed', `${wanted} is chosen`);
  if (entry.selected === false) return item('business-portfolio', 'failed', `${wanted} is not chosen${chosen.length > 0 ? ` (${list(chosen.map((b) => b.name))} is)` : ''}`, fix);
  return item('business-portfolio', 'not-verified', `could not read whether ${wanted} is chosen`);
}

// ---------------------------------------------------------------------------------------------
// WhatsApp accounts (and the revocation alert)

function whatsappAccounts(input: ChecklistInput, settled: Settled): { item: ChecklistItem; revocation: RevocationAlert | null } {
  const { plan } = input;
  const none = { revocation: null };
  const found = latest(settled, (s) => kindsOf(s).includes('waba-selection'));
  if (!found) return { item: item('whatsapp-accounts', 'not-checked', 'the WhatsApp account choice has not been shown yet'), ...none };
  if (!found.readable) return { item: item('whatsapp-accounts', 'not-verified', 'the WhatsApp account screen could not be read'), ...none };
  const screen = found.reading.screen;
  if (screen.wabaMode === 'all') {
    return { item: item('whatsapp-accounts', 'passed', '“all current and future WhatsApp accounts” is chosen, so every expected account is included'), ...none };
  }
  if (screen.wabas.length === 0) return { item: item('whatsapp-accounts', 'not-verified', 'could not read which WhatsApp accounts are selected'), ...none };

  const revocation = revocationOf(input, screen);
  const unselected: string[] = [];
  const unverified: string[] = [];
  const matched = new Set<ChecklistScreen['wabas'][number]>();
  for (const waba of plan.expectedWabas) {
    const match = findAccount(waba, screen.wabas);
    if (match.kind === 'ambiguous') {
      match.entries.forEach((e) => matched.add(e));
      unverified.push(`${match.entries.length} accounts on screen are named ${waba.name}`);
    } else if (match.kind === 'missing') unverified.push(`${waba.name} is not listed`);
    else {
      matched.add(match.entry);
      if (match.entry.selected === false) unselected.push(waba.name);
      else if (match.entry.selected === null) unverified.push(`could not read whether ${waba.name} is selected`);
    }
  }
  const extra = screen.wabas.filter((w) => w.selected === true && !matched.has(w)).map((w) => w.name);
  const extraNote = extra.length > 0 ? `; also selected: ${list(extra)} (not needed by the product, not a problem)` : '';
  let result: ChecklistItem;
  if (unselected.length > 0) {
    result = item('whatsapp-accounts', 'failed', `${list(unselected)} ${plural(unselected.length, 'is', 'are')} not selected${unverified.length ? `; ${unverified.join('; ')}` : ''}${extraNote}`, `Tick ${list(unselected)}.`);
  } else if (unverified.length > 0) result = item('whatsapp-accounts', 'not-verified', `${unverified.join('; ')}${extraNote}`);
  else if (plan.expectedWabas.length === 0) {
    const selected = screen.wabas.filter((w) => w.selected === true).length;
    result = selected > 0
      ? item('whatsapp-accounts', 'passed', `${selected} selected; the product names no particular account`)
      : screen.wabas.some((w) => w.selected === null)
        ? item('whatsapp-accounts', 'not-verified', 'could not read which WhatsApp accounts are selected')
        : item('whatsapp-accounts', 'failed', 'no WhatsApp account is selected', 'Tick the WhatsApp account the product should use.');
  } else {
    const n = plan.expectedWabas.length;
    result = item('whatsapp-accounts', 'passed', `${n === 1 ? (plan.expectedWabas[0] as { name: string }).name + ' is' : `all ${n} expected accounts are`} selected${extraNote}`);
  }
  return { item: result, revocation };
}

/** Currently covered WABAs (`currentlyGrantedWabaIds`) that the screen shows unticked. */
function revocationOf(input: ChecklistInput, screen: ChecklistScreen): RevocationAlert | null {
  const knownName = (id: string): string | null =>
    input.plan.expectedWabas.find((w) => w.id === id)?.name ??
    input.before?.connections.flatMap((c) => c.wabas).find((w) => w.id === id && w.name)?.name ??
    null;
  const revoked: { id: string; name: string }[] = [];
  for (const id of input.plan.currentlyGrantedWabaIds) {
    const name = knownName(id);
    const match = findAccount({ id, name }, screen.wabas);
    if (match.kind === 'found' && match.entry.selected === false) revoked.push({ id, name: name ?? match.entry.name });
  }
  if (revoked.length === 0) return null;
  const app = input.appName ?? 'the product';
  const names = list(revoked.map((w) => w.name));
  return {
    wabas: revoked,
    text: `Finishing now will revoke ${app}’s access to ${names}: ${plural(revoked.length, 'it is', 'they are')} connected today and not ticked here. Tick ${names} to keep ${plural(revoked.length, 'it', 'them')}.`,
  };
}

// ---------------------------------------------------------------------------------------------
// WhatsApp permissions

function whatsappPermissions(plan: ReconnectPlan, settled: Settled): ChecklistItem | null {
  const required = plan.requiredScopes.filter(isWhatsAppScope);
  if (required.length === 0) return null;
  const found = latest(settled, (s) => kindsOf(s).includes('permissions-review') || s.permissions.length > 0);
  if (!found) return item('whatsapp-permissions', 'not-checked', 'the permissions screen has not been shown yet');
  if (!found.readable) return item('whatsapp-permissions', 'not-verified', 'the permissions screen could not be read');
  const screen = found.reading.screen;
  const hasToggles = screen.evidence.includes('permissions-review:toggles');
  const off: string[] = [];
  const unverified: string[] = [];
  const listed: string[] = [];
  const on: string[] = [];
  for (const scope of required) {
    const entry = screen.permissions.find((p) => p.scope === scope);
    const doubtful = screen.evidence.some((e) => e === `permissions-review:ambiguous-toggles:${scope}` || e === `permissions-review:conflicting-states:${scope}`);
    if (!entry) unverified.push(`${scope} is not listed`);
    else if (entry.granted === false) off.push(scope);
    else if (entry.granted === true) on.push(scope);
    else if (doubtful || hasToggles) unverified.push(`could not read whether ${scope} is on`);
    else listed.push(scope);
  }
  if (off.length > 0) return item('whatsapp-permissions', 'failed', `${list(off)} ${plural(off.length, 'is', 'are')} off${unverified.length ? `; ${unverified.join('; ')}` : ''}`, `Switch ${list(off)} on.`);
  if (unverified.length > 0) return item('whatsapp-permissions', 'not-verified', unverified.join('; '));
  const parts = [on.length ? `${list(on)} ${plural(on.length, 'is', 'are')} on` : '', listed.length ? `${list(listed)} ${plural(listed.length, 'is', 'are')} listed (this screen has no switches; the final check confirms ${plural(listed.length, 'it', 'them')})` : ''];
  return item('whatsapp-permissions', 'passed', parts.filter(Boolean).join('; '));
}

// ---------------------------------------------------------------------------------------------
// Previous settings ("Reconnect to <App>?")

const SELECTION_KINDS = new Set(['business-selection', 'waba-selection']);

function previousSettings(input: ChecklistInput, settled: Settled): ChecklistItem {
  const confirm = latest(settled, (s) => s.kind === 'reconnect-confirm');
  if (!confirm) return item('previous-settings', 'not-checked', 'Meta has not offered to re-apply a previous selection');
  const followed = settled.counted.slice(confirm.index + 1).some((c) => c.readable && SELECTION_KINDS.has(c.reading.screen.kind));
  if (followed) return item('previous-settings', 'passed', 'editing the previous settings');
  const lacks = previousLacks(input);
  const EDIT = 'choose Edit previous settings';
  if (lacks === null) {
    return item('previous-settings', 'not-verified', 'the connection’s state before this reconnect is not known, so whether the previous selection is enough cannot be said', `To check what is shared, ${EDIT}.`);
  }
  if (lacks.length > 0) {
    const noLink = confirm.reading.screen.editPreviousSettings === false ? ' (the link is not on this screen: cancel and start the reconnect again)' : '';
    return item('previous-settings', 'failed', `Continue re-applies the previous selection, which lacks ${list(lacks)}; ${EDIT}${noLink}`, `Choose Edit previous settings${noLink}.`);
  }
  return item('previous-settings', 'passed', 'Continue re-applies the previous selection, which covered what the product needs; the final check confirms it after Meta returns');
}

/** What the previous selection lacks, from the before-state and the plan; null when the before-state is unknown. */
function previousLacks({ plan, before }: ChecklistInput): string[] | null {
  const wabaName = (id: string) => plan.expectedWabas.find((w) => w.id === id)?.name ?? before?.connections.flatMap((c) => c.wabas).find((w) => w.id === id && w.name)?.name ?? `the WhatsApp account ${id}`;
  const lacks: string[] = [];
  const add = (what: string) => {
    if (!lacks.includes(what)) lacks.push(what);
  };
  // The plan's expected WABAs that the current token does not cover.
  for (const waba of plan.expectedWabas) if (!plan.currentlyGrantedWabaIds.includes(waba.id)) add(waba.name);
  if (!before) return lacks.length > 0 ? lacks : null;
  for (const connection of before.connections.filter((c) => c.kind === 'whatsapp')) {
    for (const problem of connection.problems) {
      if (problem.code === 'waba-missing') add(problem.wabaId ? wabaName(problem.wabaId) : 'an expected WhatsApp account');
      else if (problem.code === 'scope-missing') add(problem.scope ?? 'a required permission');
      else if (problem.code === 'not-admin') add('a grant by someone with Full control of the business portfolio');
    }
  }
  return lacks;
}

// ---------------------------------------------------------------------------------------------
// The tab badge

export type BadgeState = 'failed' | 'unverified' | 'passed' | 'neutral';

export interface ChecklistBadge {
  state: BadgeState;
  /** At most 4 characters. */
  text: string;
  color: string;
  title: string;
}

export const CHECKLIST_BADGE_COLORS: Record<BadgeState, string> = { failed: '#c62828', unverified: '#b26a00', passed: '#2e7d32', neutral: '#455a64' };
const BADGE_TEXT: Record<BadgeState, string> = { failed: '!', unverified: '?', passed: '✓', neutral: '…' };

/**
 * Red `!` when an item failed or the revocation alert is up; amber `?` when something could not be
 * verified; green ✓ only once every item in `passFor` has Passed and nothing failed or is unverified;
 * a neutral mark before that (never green for what was not read yet). The title says it in words.
 */
export function checklistBadge(checklist: Pick<Checklist, 'items' | 'revocation'>, passFor: readonly ItemId[] = ['whatsapp-accounts', 'whatsapp-permissions']): ChecklistBadge {
  const failed = checklist.items.filter((i) => i.state === 'failed');
  const unverified = checklist.items.filter((i) => i.state === 'not-verified');
  const present = passFor.filter((id) => checklist.items.some((i) => i.id === id));
  const ready = present.length > 0 && present.every((id) => checklist.items.find((i) => i.id === id)?.state === 'passed');
  const head = 'Reconnect checklist';
  let state: BadgeState;
  let words: string;
  if (failed.length > 0 || checklist.revocation) {
    state = 'failed';
    words = [checklist.revocation?.text, ...failed.map(itemText)].filter(Boolean).join(' ');
  } else if (unverified.length > 0) {
    state = 'unverified';
    words = unverified.map(itemText).join(' ');
  } else if (ready) {
    state = 'passed';
    words = `everything read so far matches what the product needs (${present.map((id) => ITEM_LABELS[id]).join(', ')} passed); the final check happens after Meta returns.`;
  } else {
    state = 'neutral';
    const pending = checklist.items.filter((i) => i.state === 'not-checked').map((i) => i.label);
    words = pending.length > 0 ? `not checked yet: ${pending.join(', ')}.` : 'nothing to report yet.';
  }
  return { state, text: BADGE_TEXT[state], color: CHECKLIST_BADGE_COLORS[state], title: `${head}: ${words}`.slice(0, 1000) };
}
