/**
 * The background's side of the live reconnect checklist: starts attempts, feeds them the screen
 * readings, and shows the result in the tab (overlay, badge) and the popup.
 *
 *   Reconnect click (lib/reconnect/start.ts) ─► attemptFromReconnect(record, tab it opened)
 *   a dialog of the product's own app opens  ─► ensureAttempt: the app from the cached /v1/status
 *        (each workspace's metaApp), the workspace chosen (lib/flow/attempt.ts chooseWorkspace; the
 *        status's expectedWabas per workspace let it preselect the one whose accounts are on screen),
 *        its plan fetched from the backend now, the before-state = that workspace in the snapshot
 *   dialog-screen / token-screen readings     ─► addReading on the tab's attempt ─► publish
 *   publish ─► every tab of the attempt: its own badge, and `checklist-changed` (the content script
 *        asks `attempt-checklist` and redraws); a loading screen's grace → publish again after it
 *   the attempt ends ─► the tabs' own badges go, the global badge shows again
 *
 * Dialogs of other apps get nothing: no attempt, no reading stored, no overlay.
 */
import { fetchReconnectPlan } from '../backend/client';
import type { ReconnectPlan } from '../contract/plan';
import type { Workspace } from '../contract/status';
import { addReading, chooseAttemptWorkspace, chooseWorkspace, isOurDialog, startAttempt, startFromReconnect, StoredScreen, type Attempt, type StoredTokenScreen, type WorkspaceCandidate } from '../flow/attempt';
import { viewOfAttempt } from '../flow/checklist-view';
import { classifyPage } from '../meta/pages';
import { clearTabBadge, showTabBadge } from '../health/badge';
import type { ChecklistReply, ScreenReadingReport } from '../messaging';
import { sendToTab } from '../protocol/send';
import { loadSettings } from '../storage/settings';
import { stored, type ReconnectStart } from '../storage/items';
import { attemptOfTab, onAttemptEnded, startAttemptIn, updateAttempt } from './attempts';

const PLAN_TIMEOUT_MS = 5_000;

let workspacesCache: Promise<Workspace[]> | null = null;
let watchingSnapshot = false;
/** The cached status's workspaces, parsed once per change of the snapshot (not on every reading). */
function workspacesNow(): Promise<Workspace[]> {
  if (!watchingSnapshot) {
    watchingSnapshot = true;
    stored.snapshot.watch(() => {
      workspacesCache = null;
    });
  }
  workspacesCache ??= stored.snapshot.get().then((s) => s?.lastGood?.status.workspaces ?? []);
  return workspacesCache;
}

/**
 * The workspaces as chooseWorkspace weighs them: each one's app, the WABAs its plan expects (the
 * status carries them, so no plan is fetched per candidate) and whether it has problems now.
 */
export function workspaceCandidates(workspaces: readonly Workspace[]): WorkspaceCandidate[] {
  return workspaces.map((w) => ({
    workspaceId: w.id,
    appId: w.metaApp?.appId ?? null,
    expectedWabas: w.expectedWabas,
    hasProblems: w.connections.some((c) => c.status !== 'healthy'),
  }));
}

async function fetchPlan(workspaceId: string): Promise<ReconnectPlan | null> {
  const settings = await loadSettings();
  const outcome = await fetchReconnectPlan({ baseUrl: settings.backendUrl, token: settings.accessToken }, workspaceId, { timeoutMs: PLAN_TIMEOUT_MS });
  return outcome.kind === 'ok' && outcome.data.workspaceId === workspaceId ? outcome.data : null;
}

/** The tab Reconnect opened starts its attempt with the start record's plan and before-state. */
export async function attemptFromReconnect(record: ReconnectStart, tabId: number): Promise<Attempt | null> {
  const appId = record.plan?.appId ?? record.before?.metaApp?.appId ?? null;
  if (appId === null) return null; // which dialog is ours is not known: nothing to compare with
  const attempt = await startAttemptIn(startFromReconnect({ workspaceId: record.workspaceId, plan: record.plan, before: record.before }, tabId, appId, Date.now()), { replace: true });
  await publish(tabId);
  return attempt;
}

const starting = new Map<number, Promise<Attempt | null>>();

/**
 * The tab's attempt; when it has none and `url` is a dialog of one of the product's apps, a new one
 * (one start at a time per tab). Null: not ours, or the product's apps are not known yet.
 */
export function ensureAttempt(tabId: number, url: string, flow: Attempt['flow']): Promise<Attempt | null> {
  const pending = starting.get(tabId);
  if (pending) return pending;
  const run = (async () => {
    const existing = await attemptOfTab(tabId);
    if (existing) return existing;
    const workspaces = await workspacesNow();
    const apps = workspaces.flatMap((w) => (w.metaApp ? [w.metaApp] : []));
    const app = apps.find((a) => isOurDialog(url, a).ours);
    if (!app) return null;
    const choice = chooseWorkspace({ appId: app.appId, startedFrom: null, candidates: workspaceCandidates(workspaces) });
    const chosen = choice.kind === 'chosen' ? choice.workspaceId : null;
    const plan = chosen ? await fetchPlan(chosen) : null;
    const before = workspaces.find((w) => w.id === chosen) ?? null;
    return startAttemptIn(startAttempt('dialog', { tabId, appId: app.appId, flow, now: Date.now(), workspace: choice, plan, before }));
  })().finally(() => starting.delete(tabId));
  starting.set(tabId, run);
  return run;
}

/** Does the page at `url` belong to the attempt's flow (its app's dialog, or the token dialog)? */
function pageFits(attempt: Attempt, url: string): boolean {
  const known = attempt.plan?.configId ?? attempt.before?.metaApp?.configId;
  // No workspace chosen yet (the overlay asks): the attempt started only because this app's dialog
  // matched a workspace's metaApp, configuration included; until the choice, the app id decides
  // (a null here would make every dialog with a config_id look like another configuration's).
  const configId = known !== undefined ? known : attempt.workspace.kind === 'ask' ? classifyPage(url).configId : null;
  const app = { appId: attempt.appId, configId };
  const verdict = isOurDialog(url, app);
  if (!verdict.ours) return false;
  return attempt.flow === 'system-user-token' ? verdict.kind === 'system-user-token' : verdict.kind !== 'system-user-token';
}

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** The reading as the attempt keeps it (bounded; see lib/flow/attempt.ts StoredScreen). */
export function storedScreenOf(screen: ScreenReadingReport): StoredScreen | null {
  const choice = (c: ScreenReadingReport['wabas'][number]) => ({ ...c, name: clip(c.name, 200) });
  const parsed = StoredScreen.safeParse({
    kind: screen.kind,
    confidence: screen.confidence,
    evidence: screen.evidence.slice(0, 40).map((e) => clip(e, 120)),
    editPreviousSettings: screen.editPreviousSettings,
    businesses: screen.businesses.slice(0, 200).map(choice),
    wabaMode: screen.wabaMode,
    wabas: screen.wabas.slice(0, 500).map(choice),
    permissions: screen.permissions.slice(0, 10),
    alerts: screen.alerts.slice(0, 20).map((a) => ({ ...a, rule: clip(a.rule, 64), text: clip(a.text, 1000) })),
    busy: screen.busy,
  });
  return parsed.success ? parsed.data : null;
}

/** A dialog screen reading from the tab (already accepted by the dialog-screen handler). */
export async function noteDialogScreen(tabId: number, url: string, screen: ScreenReadingReport, now = Date.now()): Promise<void> {
  const attempt = await ensureAttempt(tabId, url, 'dialog');
  if (!attempt || !pageFits(attempt, url)) return;
  const stored = storedScreenOf(screen);
  if (!stored) return;
  const known = attempt.workspace.kind === 'ask' && stored.wabas.length > 0 ? workspaceCandidates(await workspacesNow()) : [];
  const updated = await updateAttempt(tabId, (a) => {
    let next = addReading(a, { source: 'dialog', at: now, tabId, screen: stored }, now);
    // Not chosen yet: preselect the workspace whose expected WABAs are on screen (the admin still picks).
    if (next.workspace.kind === 'ask' && stored.wabas.length > 0) {
      const ask = next.workspace;
      // The offered workspaces as the status knows them now (one gone from it meanwhile: nothing known).
      const candidates = ask.candidates.map((id) => ({ ...(known.find((c) => c.workspaceId === id) ?? { workspaceId: id, expectedWabas: [], hasProblems: false }), appId: a.appId }));
      const again = chooseWorkspace({ appId: a.appId, startedFrom: null, candidates, onScreen: stored.wabas });
      if (again.kind === 'ask') next = { ...next, workspace: { ...again, candidates: ask.candidates } };
    }
    return next;
  });
  if (updated) await publish(tabId, updated);
}

/** A "Generate new token" reading; the attempt starts with the dialog itself, not with the page. */
export async function noteTokenScreen(tabId: number, url: string, token: StoredTokenScreen, now = Date.now()): Promise<void> {
  const attempt = token.kind === 'token-dialog' ? await ensureAttempt(tabId, url, 'system-user-token') : await attemptOfTab(tabId);
  if (!attempt || attempt.flow !== 'system-user-token' || !pageFits(attempt, url)) return;
  const updated = await updateAttempt(tabId, (a) => addReading(a, { source: 'token-dialog', at: now, tabId, token }, now));
  if (updated) await publish(tabId, updated);
}

/** The overlay asks: the checklist for this tab (null: no attempt here, or not this page). */
export async function checklistForTab(tabId: number, url: string | null, now = Date.now()): Promise<ChecklistReply> {
  const attempt = url !== null && classifyPage(url).kind !== 'bm-system-users' ? await ensureAttempt(tabId, url, 'dialog') : await attemptOfTab(tabId);
  if (!attempt || (url !== null && !pageFits(attempt, url))) return { ok: true, checklist: null };
  const { view, badge } = viewOfAttempt(attempt, await workspacesNow(), now);
  // After a navigation the browser cleared the tab's own badge: set it again, without waiting.
  void showTabBadge(tabId, badge).catch(() => undefined);
  return { ok: true, checklist: view };
}

/** The admin chose the workspace in the overlay. */
export async function chooseWorkspaceForTab(tabId: number, workspaceId: string): Promise<{ ok: true } | { ok: false; error: string }> {
  const attempt = await attemptOfTab(tabId);
  if (!attempt) return { ok: false, error: 'no reconnect attempt in this tab' };
  if (attempt.workspace.kind !== 'ask' || !attempt.workspace.candidates.includes(workspaceId)) return { ok: false, error: 'not one of the offered workspaces' };
  const plan = await fetchPlan(workspaceId);
  const before = (await workspacesNow()).find((w) => w.id === workspaceId) ?? null;
  await updateAttempt(tabId, (a) => chooseAttemptWorkspace(a, workspaceId, plan, before, Date.now()));
  await publish(tabId);
  return { ok: true };
}

const rechecks = new Map<number, ReturnType<typeof setTimeout>>();

/** Shows the attempt's current checklist in every one of its tabs (badge + overlay refresh). */
export async function publish(tabId: number, known?: Attempt): Promise<void> {
  const attempt = known ?? (await attemptOfTab(tabId));
  if (!attempt) return;
  const now = Date.now();
  const { badge, recheckAt } = viewOfAttempt(attempt, await workspacesNow(), now);
  await Promise.all(
    attempt.tabs.flatMap((tab) => [
      sendToTab(tab, { type: 'checklist-changed' }).catch(() => undefined), // no script of ours there (yet)
      showTabBadge(tab, badge).catch(() => undefined), // the tab may be gone
    ]),
  );
  clearTimeout(rechecks.get(attempt.tabId));
  // A loading screen's grace: the checklist changes by itself when it runs out. A killed worker
  // loses this timer; the next reading or the overlay's next ask builds the checklist anew.
  if (recheckAt !== null) rechecks.set(attempt.tabId, setTimeout(() => void publish(tabId), Math.max(0, recheckAt - now) + 20));
}

/** Ended attempts give their tabs the global badge back and take the overlay down. */
export function watchAttemptEnds(): void {
  onAttemptEnded((attempt) => {
    clearTimeout(rechecks.get(attempt.tabId));
    for (const tab of attempt.tabs) {
      void clearTabBadge(tab).catch(() => undefined);
      void sendToTab(tab, { type: 'checklist-changed' }).catch(() => undefined);
    }
  });
}
