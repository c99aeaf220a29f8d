/**
 * The background's work on the backend's answers, used by the alarm, install/startup, "refresh"
 * (popup opened, options saved) and "Check now":
 *
 *   pollOnce        GET /v1/status (conditional, ETag) → snapshot → apply()
 *   checkWorkspace  POST /v1/workspaces/{id}/checks → merged into the snapshot → apply()
 *   apply           badge (model), notifications (model's decisions; persisted alert states),
 *                   history (transitions, backend outages), next alarm
 *   refreshBadge    badge from the cached snapshot (service-worker start, stale-check alarm)
 *
 * A newer poll always wins over an older one still in flight (a poll started by saving the options
 * must not be overwritten by the first-run poll that started before it), and every read-modify-write
 * of the snapshot runs one at a time.
 */
import { fetchStatus, postCheck, type FetchOutcome } from '../backend/client';
import type { StatusResponse, Workspace } from '../contract';
import { decideAlerts, overallHealth, sameAlertStates } from '../health/model';
import { badgeFor } from '../health/words';
import { showBadge } from '../health/badge';
import { showAlerts } from '../notifications/notifier';
import { recordEvents, type HistoryEvent } from '../storage/history';
import { loadSettings, loadSettingsView, type Settings } from '../storage/settings';
import { stored } from '../storage/items';
import { readStatusCache, recordSaveFailure, writeStatusCache } from '../storage/status-cache';
import type { Snapshot } from '../storage/snapshot';
import { serialQueue } from '../util/serialized';
import { heldWorkspaces } from './notification-hold';
import { isPollDue, scheduleAfter, scheduleNextPoll } from './schedule';

/**
 * `GET /v1/status` reads stored results and should answer in milliseconds: a backend that has not
 * answered within this is down for our purposes (POST …/checks keeps the longer client default).
 */
export const STATUS_TIMEOUT_MS = 8_000;

let generation = 0;
/** Snapshot read-modify-writes (and badge repaints from it) run one at a time. */
const snapshotQueue = serialQueue();
const serialized = <T>(task: () => Promise<T>) => snapshotQueue.run(task);

export interface PollDeps {
  fetchImpl?: typeof fetch;
  now?: () => Date;
}

export function describeFailure(outcome: FetchOutcome<unknown>): string | null {
  switch (outcome.kind) {
    case 'ok':
    case 'not-modified':
      return null;
    case 'not-configured':
      return outcome.reason ?? 'backend URL or access token not set';
    case 'unreachable':
      return `backend unreachable (${outcome.message})`;
    case 'unauthorized':
      return `backend refused the access token (HTTP ${outcome.httpStatus})`;
    case 'http-error':
      return `backend answered HTTP ${outcome.httpStatus}`;
    case 'invalid-response':
      return `backend answer does not match the contract: ${outcome.message}`;
  }
}

export function nextSnapshot(previous: Snapshot | null, outcome: FetchOutcome<StatusResponse>, now: Date): Snapshot {
  const at = now.toISOString();
  if (outcome.kind === 'ok') {
    return { lastAttemptAt: at, outcome: 'ok', detail: null, failingSince: null, failures: 0, retryAfterSeconds: null, lastGood: { status: outcome.data, fetchedAt: at, etag: outcome.etag } };
  }
  if (outcome.kind === 'not-modified' && previous?.lastGood) {
    return { lastAttemptAt: at, outcome: 'ok', detail: null, failingSince: null, failures: 0, retryAfterSeconds: null, lastGood: { ...previous.lastGood, fetchedAt: at } };
  }
  if (outcome.kind === 'not-configured') {
    return { lastAttemptAt: at, outcome: 'not-configured', detail: describeFailure(outcome), failingSince: null, failures: 0, retryAfterSeconds: null, lastGood: null };
  }
  const kind = outcome.kind === 'not-modified' ? 'invalid-response' : outcome.kind;
  const detail = outcome.kind === 'not-modified' ? 'backend answered 304 to a request without a cached status' : describeFailure(outcome);
  const continuing = previous !== null && previous.outcome !== 'ok' && previous.outcome !== 'not-configured' && previous.failingSince !== null;
  return {
    lastAttemptAt: at,
    outcome: kind,
    detail,
    failingSince: continuing ? previous.failingSince : at,
    failures: (continuing ? previous.failures : 0) + 1,
    retryAfterSeconds: outcome.kind === 'http-error' ? outcome.retryAfterSeconds : null,
    lastGood: previous?.lastGood ?? null,
  };
}

export async function pollOnce(deps: PollDeps = {}): Promise<Snapshot | null> {
  const mine = ++generation;
  const now = deps.now ?? (() => new Date());
  const { settings, backendUrlProblem } = await loadSettingsView();
  // Safety net first: if this poll dies half-way (worker killed), the next one is still due.
  await scheduleNextPoll(settings.pollMinutes, settings.pollMinutes);
  const etag = (await readStatusCache())?.lastGood?.etag ?? null;
  const outcome: FetchOutcome<StatusResponse> = backendUrlProblem
    ? { kind: 'not-configured', reason: backendUrlProblem.message }
    : await fetchStatus({ baseUrl: settings.backendUrl, token: settings.accessToken }, { etag, fetchImpl: deps.fetchImpl, timeoutMs: STATUS_TIMEOUT_MS });
  return serialized(async () => {
    if (mine !== generation) return null; // a newer poll or check started meanwhile: let it decide
    const previous = await readStatusCache();
    const snapshot = await store(previous, nextSnapshot(previous, outcome, now()), now());
    await apply(previous, snapshot, settings, now(), true);
    return snapshot;
  });
}

/** A poll for a popup that just opened: skipped while the back-off since the last failure runs. */
export async function pollIfDue(deps: PollDeps = {}): Promise<Snapshot | null> {
  const now = (deps.now ?? (() => new Date()))().getTime();
  const [snapshot, settings] = await Promise.all([readStatusCache(), loadSettings()]);
  if (!isPollDue(snapshot, settings.pollMinutes, now)) return snapshot;
  return pollOnce(deps);
}

/** `failure`: how the backend failed (absent: it answered, but not with this workspace). */
export type CheckResult = { ok: true; workspace: Workspace } | { ok: false; error: string; failure?: Exclude<FetchOutcome<unknown>, { kind: 'ok' }> };

/** "Check now" for one workspace: the backend verifies the token and answers the fresh status. */
export async function checkWorkspace(workspaceId: string, deps: PollDeps & { trigger?: 'manual' | 'notification' | 'reconnect' } = {}): Promise<CheckResult> {
  const now = deps.now ?? (() => new Date());
  const settings = await loadSettings();
  const outcome = await postCheck({ baseUrl: settings.backendUrl, token: settings.accessToken }, workspaceId, { fetchImpl: deps.fetchImpl });
  const workspace = outcome.kind === 'ok' ? outcome.data.workspace : null;
  await recordEvents([
    {
      kind: 'check',
      at: now().toISOString(),
      workspaceId,
      trigger: deps.trigger ?? 'manual',
      result: outcome.kind,
      detail: describeFailure(outcome),
      statuses: (workspace?.connections ?? []).map((c) => ({ connectionId: c.id, status: c.status })),
    },
  ]).catch(() => undefined);
  if (!workspace) return { ok: false, error: describeFailure(outcome) ?? 'the backend answered 304 to a check', ...(outcome.kind !== 'ok' ? { failure: outcome } : {}) };
  if (workspace.id !== workspaceId) return { ok: false, error: 'the backend answered with another workspace' };
  // Newer than any poll in flight: that poll's answer was produced before this check.
  generation += 1;
  await serialized(async () => {
    const previous = await readStatusCache();
    if (!previous?.lastGood) return;
    const workspaces = previous.lastGood.status.workspaces;
    const merged = workspaces.some((w) => w.id === workspace.id) ? workspaces.map((w) => (w.id === workspace.id ? workspace : w)) : [...workspaces, workspace];
    const snapshot = await store(previous, { ...previous, lastGood: { ...previous.lastGood, status: { ...previous.lastGood.status, workspaces: merged } } }, now());
    await apply(previous, snapshot, settings, now(), false);
  });
  return { ok: true, workspace };
}

/**
 * Saves `snapshot` in the status cache (lib/storage/status-cache.ts), or, when it cannot be saved
 * (quota, a broken database), what is true instead: the last stored status with a `storage-error`
 * saying the latest answer was lost. The cache records that marker outside IndexedDB too, so every
 * reader sees it even when IndexedDB takes no write at all; it is also what the badge and this poll
 * report.
 */
export async function store(previous: Snapshot | null, snapshot: Snapshot, now: Date): Promise<Snapshot> {
  try {
    await writeStatusCache(snapshot, now);
    return snapshot;
  } catch (error) {
    const at = now.toISOString();
    const continuing = previous !== null && previous.outcome !== 'ok' && previous.outcome !== 'not-configured' && previous.failingSince !== null;
    const marker: Snapshot = {
      lastAttemptAt: at,
      outcome: 'storage-error',
      detail: `the latest answer could not be saved in this browser (${storageErrorWords(error)})`,
      failingSince: continuing ? previous.failingSince : at,
      failures: (continuing ? previous.failures : 0) + 1,
      retryAfterSeconds: null,
      lastGood: previous?.lastGood ?? null,
    };
    await recordSaveFailure(marker, now).catch(() => undefined);
    return marker;
  }
}

function storageErrorWords(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/quota/i.test(message)) return 'storage quota exceeded';
  return message.slice(0, 200) || 'unknown storage error';
}

/** Badge from the cache, for a service-worker start or the stale-check alarm. */
export function refreshBadge(now = Date.now()): Promise<void> {
  // Queued like the polls, so a repaint from an older cache can never land after a newer poll's badge.
  return serialized(async () => {
    const [snapshot, settings] = await Promise.all([readStatusCache(), loadSettings()]);
    await showBadge(badgeFor(overallHealth(snapshot, now, settings.pollMinutes)));
  });
}

async function apply(previous: Snapshot | null, snapshot: Snapshot, settings: Settings, now: Date, reschedule: boolean): Promise<void> {
  await showBadge(badgeFor(overallHealth(snapshot, now.getTime(), settings.pollMinutes)));
  const events: HistoryEvent[] = [];
  if ((previous?.outcome ?? null) !== snapshot.outcome) {
    events.push({ kind: 'backend', at: now.toISOString(), workspaceId: null, from: previous?.outcome ?? null, to: snapshot.outcome, detail: snapshot.detail });
  }
  const status = snapshot.outcome === 'ok' || !reschedule ? snapshot.lastGood?.status : null;
  if (status) {
    const before = await stored.alertStates.get();
    const decided = decideAlerts(before, status, now.getTime(), new Set(settings.mutedWorkspaces));
    // Persist before showing: if the worker dies in between, a notification is lost, never repeated.
    // Unchanged (most polls): not written again, which at 5,000 workspaces is most of a 304's cost.
    if (!sameAlertStates(before, decided.next)) await stored.alertStates.set(decided.next);
    // A workspace whose reconnect is being verified gets that verification's one notification instead.
    const held = await heldWorkspaces().catch(() => new Set<string>());
    await showAlerts(decided.decisions.filter((d) => !held.has(d.workspaceId)), status, settings.notifications).catch(() => undefined);
    for (const t of decided.transitions) events.push({ kind: 'transition', at: now.toISOString(), ...t });
  }
  await recordEvents(events).catch(() => undefined); // history must never break polling
  if (reschedule) await scheduleAfter(snapshot, settings.pollMinutes, now.getTime());
}
