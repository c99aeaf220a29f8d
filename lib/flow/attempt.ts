/**
 * One reconnect attempt per tab, as a pure state model the background keeps in session storage
 * (it must survive a service-worker restart, so everything here is plain, zod-validated data).
 *
 *   start ── Reconnect click (lib/reconnect/start.ts record) ──┐
 *         └─ a dialog of the product's own app opens (isOurDialog) ──▶ Attempt { tabs, workspace, plan,
 *                                                                  before, readings[], lastActivityAt }
 *   addReading / addTab (an Embedded Signup popup follows its opener) / touch
 *   end ── outcome reported | its tabs closed | 30 minutes without activity (expireIfIdle(now))
 *
 * Which workspace (chooseWorkspace): the one the admin started from; else the only workspace using
 * the app; else the overlay asks, preselecting the workspace whose expected WABAs appear on screen,
 * else the one with problems. Dialogs of other apps get nothing: isOurDialog says no.
 * No timers and no browser calls: the caller passes `now` and writes the result back.
 */
import { z } from 'zod';
import { MetaId, ProductId } from '../contract/common';
import { ReconnectPlan } from '../contract/plan';
import { Workspace } from '../contract/status';
import { classifyPage } from '../meta/pages';
import { ALERT_KINDS, WHATSAPP_SCOPES } from '../screens/rules/types';
import { SCREEN_KINDS } from '../screens/types';
import { findAccount } from './names';

export const ATTEMPT_IDLE_MS = 30 * 60_000;
/** Readings kept per attempt; older readings of a screen read again later are dropped first. */
export const MAX_READINGS = 120;
export const MAX_TABS = 10;

// ---------------------------------------------------------------------------------------------
// Whose dialog is this?

export type OurDialogKind = 'oauth-dialog' | 'embedded-signup-hosted' | 'system-user-token';
export type DialogVerdict = { ours: true; kind: OurDialogKind } | { ours: false; reason: 'not-a-dialog' | 'other-app' | 'other-config' | 'no-app-id' };

/**
 * Is `url` a dialog of the product's own Meta app? An OAuth / Business Login dialog whose
 * `client_id` / `app_id` is the app (a `config_id` in the URL that differs from the plan's makes it
 * not ours; a missing one does not), the hosted Embedded Signup page for that app, or the system-user
 * pages where the "Generate new token" dialog opens (which app the token is for is then an item of
 * its checklist, read from the dialog). `configId: null` means the product uses no configuration.
 */
export function isOurDialog(url: string, app: { appId: string; configId: string | null }): DialogVerdict {
  const page = classifyPage(url);
  if (page.kind === 'bm-system-users') return { ours: true, kind: 'system-user-token' };
  if (page.kind !== 'oauth-dialog' && page.kind !== 'embedded-signup-hosted') return { ours: false, reason: 'not-a-dialog' };
  if (page.appId === null) return { ours: false, reason: 'no-app-id' };
  if (page.appId !== app.appId) return { ours: false, reason: 'other-app' };
  if (page.configId !== null && page.configId !== app.configId) return { ours: false, reason: 'other-config' };
  return { ours: true, kind: page.kind };
}

// ---------------------------------------------------------------------------------------------
// The stored shape

const Text = (max: number) => z.string().max(max);
const Ms = z.number().int().min(0);
const TabId = z.number().int().min(0);

/** A dialog screen reading as the checklist needs it (lib/screens ScreenReading, bounded). */
export const StoredScreen = z.object({
  kind: z.enum(SCREEN_KINDS),
  confidence: z.enum(['high', 'low', 'none']),
  evidence: z.array(Text(120)).max(40),
  editPreviousSettings: z.boolean().nullable(),
  businesses: z.array(z.object({ name: Text(200), selected: z.boolean().nullable(), id: MetaId.nullable(), disabled: z.boolean() })).max(200),
  wabaMode: z.enum(['all', 'selected']).nullable(),
  wabas: z.array(z.object({ name: Text(200), selected: z.boolean().nullable(), id: MetaId.nullable(), disabled: z.boolean() })).max(500),
  permissions: z.array(z.object({ scope: z.enum(WHATSAPP_SCOPES), granted: z.boolean().nullable() })).max(10),
  alerts: z.array(z.object({ kind: z.enum(ALERT_KINDS), rule: Text(64), text: Text(1000), blocking: z.boolean() })).max(20),
  busy: z.boolean(),
});
export type StoredScreen = z.infer<typeof StoredScreen>;

/** A "Generate new token" reading (lib/screens/token-dialog.ts); it never holds the token. */
export const StoredTokenScreen = z.object({
  kind: z.enum(['token-dialog', 'unknown']),
  phase: z.enum(['choosing', 'generated']).nullable(),
  appChosen: Text(200).nullable(),
  expiration: z.enum(['never', '60-days']).nullable(),
  permissions: z.array(z.object({ scope: z.string().regex(/^[a-z][a-z0-9_]{2,80}$/), granted: z.boolean().nullable() })).max(100),
  busy: z.boolean(),
});
export type StoredTokenScreen = z.infer<typeof StoredTokenScreen>;

export const AttemptReading = z.discriminatedUnion('source', [
  z.object({ source: z.literal('dialog'), at: Ms, tabId: TabId, screen: StoredScreen }),
  z.object({ source: z.literal('token-dialog'), at: Ms, tabId: TabId, token: StoredTokenScreen }),
]);
export type AttemptReading = z.infer<typeof AttemptReading>;

export const WorkspaceChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('chosen'), workspaceId: ProductId, why: z.enum(['started-here', 'only-one', 'admin-chose']) }),
  z.object({ kind: z.literal('ask'), candidates: z.array(ProductId).min(2).max(200), preselected: ProductId.nullable(), why: z.enum(['expected-wabas-on-screen', 'has-problems']).nullable() }),
  z.object({ kind: z.literal('none') }),
]);
export type WorkspaceChoice = z.infer<typeof WorkspaceChoice>;

export const Attempt = z.object({
  version: z.literal(1),
  /** The tab the attempt started in (the key in the store); popups it opened join `tabs`. */
  tabId: TabId,
  tabs: z.array(TabId).min(1).max(MAX_TABS),
  origin: z.enum(['reconnect-click', 'dialog']),
  flow: z.enum(['dialog', 'system-user-token']),
  appId: MetaId,
  startedAt: Ms,
  lastActivityAt: Ms,
  workspace: WorkspaceChoice,
  plan: ReconnectPlan.nullable(),
  before: Workspace.nullable(),
  readings: z.array(AttemptReading).max(MAX_READINGS),
  ended: z.object({ reason: z.enum(['outcome', 'tabs-closed', 'inactive']), at: Ms }).nullable(),
});
export type Attempt = z.infer<typeof Attempt>;

/** Attempts by tab id (as a string key, the way storage records keys). */
export const AttemptStore = z.record(z.string().regex(/^\d{1,12}$/), z.unknown());

/** Parses what session storage holds; an entry that does not validate is dropped, never thrown on. */
export function parseAttempts(raw: unknown): { attempts: Record<string, Attempt>; dropped: string[] } {
  const store = AttemptStore.safeParse(raw ?? {});
  const attempts: Record<string, Attempt> = {};
  const dropped: string[] = [];
  if (!store.success) return { attempts, dropped: ['(store)'] };
  for (const [key, value] of Object.entries(store.data)) {
    const parsed = Attempt.safeParse(value);
    if (parsed.success && String(parsed.data.tabId) === key) attempts[key] = parsed.data;
    else dropped.push(key);
  }
  return { attempts, dropped };
}

// ---------------------------------------------------------------------------------------------
// Which workspace

export interface WorkspaceCandidate {
  workspaceId: string;
  /** The workspace's Meta app id, when known (status or cached plan). */
  appId: string | null;
  expectedWabas: { id: string; name: string }[];
  hasProblems: boolean;
}

export function chooseWorkspace(input: { appId: string; startedFrom: string | null; candidates: readonly WorkspaceCandidate[]; onScreen?: readonly { name: string; id: string | null }[] }): WorkspaceChoice {
  const usingApp = input.candidates.filter((c) => c.appId === input.appId);
  if (input.startedFrom !== null && input.candidates.some((c) => c.workspaceId === input.startedFrom && (c.appId === null || c.appId === input.appId))) {
    return { kind: 'chosen', workspaceId: input.startedFrom, why: 'started-here' };
  }
  if (usingApp.length === 0) return { kind: 'none' };
  if (usingApp.length === 1) return { kind: 'chosen', workspaceId: (usingApp[0] as WorkspaceCandidate).workspaceId, why: 'only-one' };
  const onScreen = input.onScreen ?? [];
  const seen = usingApp.map((c) => ({ c, n: c.expectedWabas.filter((w) => findAccount(w, onScreen).kind === 'found').length }));
  const best = Math.max(...seen.map((s) => s.n));
  const leaders = seen.filter((s) => s.n === best);
  const candidates = usingApp.map((c) => c.workspaceId).slice(0, 200);
  if (best > 0 && leaders.length === 1) return { kind: 'ask', candidates, preselected: (leaders[0] as (typeof seen)[number]).c.workspaceId, why: 'expected-wabas-on-screen' };
  const troubled = usingApp.filter((c) => c.hasProblems);
  if (troubled.length >= 1) return { kind: 'ask', candidates, preselected: (troubled[0] as WorkspaceCandidate).workspaceId, why: 'has-problems' };
  return { kind: 'ask', candidates, preselected: null, why: null };
}

// ---------------------------------------------------------------------------------------------
// Transitions (each returns a new attempt; none mutates its input)

export interface StartInput {
  tabId: number;
  appId: string;
  flow: Attempt['flow'];
  now: number;
  workspace: WorkspaceChoice;
  plan: ReconnectPlan | null;
  before: Workspace | null;
}

export function startAttempt(origin: Attempt['origin'], input: StartInput): Attempt {
  return {
    version: 1,
    tabId: input.tabId,
    tabs: [input.tabId],
    origin,
    flow: input.flow,
    appId: input.appId,
    startedAt: input.now,
    lastActivityAt: input.now,
    workspace: input.workspace,
    plan: input.plan,
    before: input.before,
    readings: [],
    ended: null,
  };
}

/** From the reconnect-start record (lib/reconnect/start.ts) for the tab that Reconnect opened. */
export function startFromReconnect(start: { workspaceId: string; plan: ReconnectPlan | null; before: Workspace | null }, tabId: number, appId: string, now: number): Attempt {
  return startAttempt('reconnect-click', { tabId, appId, flow: 'dialog', now, workspace: { kind: 'chosen', workspaceId: start.workspaceId, why: 'started-here' }, plan: start.plan, before: start.before });
}

export const isActive = (attempt: Attempt, now: number) => attempt.ended === null && now - attempt.lastActivityAt < ATTEMPT_IDLE_MS;

/** The attempt a tab belongs to: its own, or (an Embedded Signup popup) its opener's. */
export function attemptOfTab(attempts: Record<string, Attempt>, tabId: number, openerTabId: number | null, now: number): Attempt | null {
  const own = Object.values(attempts).find((a) => a.tabs.includes(tabId) && isActive(a, now));
  if (own) return own;
  if (openerTabId === null) return null;
  return Object.values(attempts).find((a) => a.tabs.includes(openerTabId) && isActive(a, now)) ?? null;
}

export function addTab(attempt: Attempt, tabId: number, now: number): Attempt {
  if (attempt.tabs.includes(tabId) || attempt.tabs.length >= MAX_TABS) return { ...attempt, lastActivityAt: now };
  return { ...attempt, tabs: [...attempt.tabs, tabId], lastActivityAt: now };
}

export function chooseAttemptWorkspace(attempt: Attempt, workspaceId: string, plan: ReconnectPlan | null, before: Workspace | null, now: number): Attempt {
  return { ...attempt, workspace: { kind: 'chosen', workspaceId, why: 'admin-chose' }, plan, before, lastActivityAt: now };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Appends a reading. The same screen reported again unchanged is not appended (its first time
 * stays, so a loading screen's grace runs from when it appeared). Past MAX_READINGS, the oldest
 * reading that a later reading of the same screen kind supersedes is dropped first, then the oldest.
 */
export function addReading(attempt: Attempt, reading: AttemptReading, now: number): Attempt {
  const last = attempt.readings[attempt.readings.length - 1];
  const touched = { ...attempt, lastActivityAt: Math.max(attempt.lastActivityAt, now) };
  if (last && last.source === reading.source && last.tabId === reading.tabId && sameJson(last.source === 'dialog' ? last.screen : last.token, reading.source === 'dialog' ? reading.screen : reading.token)) return touched;
  const readings = [...attempt.readings, reading];
  while (readings.length > MAX_READINGS) {
    const kindOf = (r: AttemptReading) => `${r.source}:${r.source === 'dialog' ? r.screen.kind : r.token.kind}`;
    const superseded = readings.findIndex((r, i) => readings.slice(i + 1).some((later) => kindOf(later) === kindOf(r)));
    readings.splice(superseded >= 0 ? superseded : 0, 1);
  }
  return { ...touched, readings };
}

export function endAttempt(attempt: Attempt, reason: NonNullable<Attempt['ended']>['reason'], now: number): Attempt {
  return attempt.ended ? attempt : { ...attempt, ended: { reason, at: now } };
}

/** A tab closed: the attempt ends when none of its tabs is left. */
export function closeTab(attempt: Attempt, tabId: number, now: number): Attempt {
  if (!attempt.tabs.includes(tabId)) return attempt;
  const tabs = attempt.tabs.filter((t) => t !== tabId);
  if (tabs.length === 0) return endAttempt(attempt, 'tabs-closed', now);
  return { ...attempt, tabs, tabId: attempt.tabId };
}

/** Ends the attempt after ATTEMPT_IDLE_MS without activity (ended at the moment it went idle). */
export function expireIfIdle(attempt: Attempt, now: number): Attempt {
  if (attempt.ended || now - attempt.lastActivityAt < ATTEMPT_IDLE_MS) return attempt;
  return endAttempt(attempt, 'inactive', attempt.lastActivityAt + ATTEMPT_IDLE_MS);
}

/** The dialog readings in the shape lib/flow/checklist.ts takes. */
export const dialogReadings = (attempt: Attempt) => attempt.readings.flatMap((r) => (r.source === 'dialog' ? [{ at: r.at, screen: r.screen }] : []));
/** The token-dialog readings in the shape lib/flow/token-checklist.ts takes. */
export const tokenReadings = (attempt: Attempt) => attempt.readings.flatMap((r) => (r.source === 'token-dialog' ? [{ at: r.at, token: r.token }] : []));
