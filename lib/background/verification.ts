/**
 * Runs the verification after a reconnect (the pure machine is lib/flow/verification.ts):
 *
 *   startVerification(attempt, outcome, now)   the product-page capture reports how the flow ended
 *   verificationOnAttemptEnded(attempt)         an attempt ended with no outcome (tabs closed, idle)
 *   retryVerification(workspaceId)              the popup's retry after a timeout
 *   resumeVerifications()                       at worker start: a killed worker goes on where it was
 *
 * State: the storage.session item `verifications` (lib/storage/items.ts), one per workspace, the
 * newest reconnect's. Timers: a chrome.alarm at the next due moment (survives a killed worker) plus
 * an in-memory timer for the short waits (alarms of a packed extension fire at most every 30 s).
 * Calls go through the poller (POST …/checks and GET /v1/status), so the snapshot, the badge and
 * the popup follow; the poller holds its own notifications for the workspace meanwhile
 * (lib/background/notification-hold.ts). Once settled: the flow report (POST /v1/flow-reports),
 * the history entry, and, for a verified reconnect, the one notification.
 */
import { browser } from 'wxt/browser';
import { postFlowReport } from '../backend/client';
import type { Workspace } from '../contract';
import { ATTEMPT_IDLE_MS, type Attempt } from '../flow/attempt';
import type { FlowOutcome } from '../flow/outcome';
import { afterCall, begin, due, flowReportOf, nextWake, retry, seenInFlow, summarizeOutcome, Verification, type Basis, type CallResult } from '../flow/verification';
import { verificationNotification, verificationWords } from '../flow/verification-words';
import { showReconnectNotification } from '../notifications/notifier';
import { recordEvents } from '../storage/history';
import { stored } from '../storage/items';
import { loadSettings } from '../storage/settings';
import { serialQueue } from '../util/serialized';
import { checkWorkspace, pollOnce } from './poller';

export const VERIFY_ALARM = 'reconnect-verification';
/** A flow report that could not be sent is tried again this often, this many times. */
export const REPORT_RETRY_MS = 60_000;
export const REPORT_TRIES = 5;

const queue = serialQueue();
let timer: ReturnType<typeof setTimeout> | null = null;

export interface VerificationDeps {
  now: () => number;
  check: (workspaceId: string) => Promise<CallResult>;
  read: (workspaceId: string) => Promise<CallResult>;
  fetchImpl?: typeof fetch;
}

const DOWN_KINDS = new Set(['unreachable', 'not-modified']);

/** POST …/checks through the poller; a failure that waiting can fix is `down`. */
async function checkCall(workspaceId: string, fetchImpl?: typeof fetch): Promise<CallResult> {
  const result = await checkWorkspace(workspaceId, { trigger: 'reconnect', fetchImpl });
  if (result.ok) return { kind: 'ok', workspace: result.workspace };
  const f = result.failure;
  const down = f !== undefined && (DOWN_KINDS.has(f.kind) || (f.kind === 'http-error' && (f.httpStatus >= 500 || f.httpStatus === 429 || f.httpStatus === 408)));
  return { kind: down ? 'down' : 'refused', detail: result.error };
}

/** GET /v1/status through the poller (ETag; the snapshot follows). */
async function readCall(workspaceId: string, fetchImpl?: typeof fetch): Promise<CallResult> {
  const snapshot = (await pollOnce({ fetchImpl })) ?? (await stored.snapshot.get());
  if (!snapshot) return { kind: 'down', detail: 'no status yet' };
  if (snapshot.outcome === 'unauthorized' || snapshot.outcome === 'not-configured') return { kind: 'refused', detail: snapshot.detail ?? snapshot.outcome };
  if (snapshot.outcome !== 'ok') return { kind: 'down', detail: snapshot.detail ?? snapshot.outcome };
  const workspace = snapshot.lastGood?.status.workspaces.find((w) => w.id === workspaceId);
  return workspace ? { kind: 'ok', workspace } : { kind: 'refused', detail: 'the backend no longer lists this workspace' };
}

let deps: VerificationDeps = { now: () => Date.now(), check: (id) => checkCall(id), read: (id) => readCall(id) };

/** Tests: another clock or fetch (the calls stay the real poller's unless replaced). */
export function setVerificationDeps(next: Partial<VerificationDeps>): void {
  const fetchImpl = next.fetchImpl;
  deps = { now: () => Date.now(), check: (id) => checkCall(id, fetchImpl), read: (id) => readCall(id, fetchImpl), ...next };
}

/** Tests: drops the in-memory timer (the alarm stays), as a stopped worker would. */
export function forgetVerificationTimer(): void {
  if (timer) clearTimeout(timer);
  timer = null;
}

export async function loadVerifications(): Promise<Record<string, Verification>> {
  const all: Record<string, Verification> = {};
  for (const [key, raw] of Object.entries(await stored.verifications.get())) {
    const parsed = Verification.safeParse(raw);
    if (parsed.success && parsed.data.workspaceId === key) all[key] = parsed.data;
  }
  return all;
}

async function save(v: Verification): Promise<void> {
  const raw = await stored.verifications.get();
  await stored.verifications.set({ ...raw, [v.workspaceId]: v });
}

/** Which workspace, since when, and the state before: the attempt's, else the last Reconnect click's. */
async function basisOf(attempt: Attempt | null, now: number): Promise<Basis | null> {
  const starts = await stored.reconnectStarts.get();
  const chosen = attempt?.workspace.kind === 'chosen' ? attempt.workspace.workspaceId : null;
  const recent = Object.values(starts)
    .filter((s) => now - Date.parse(s.startedAt) < ATTEMPT_IDLE_MS && (chosen === null || s.workspaceId === chosen))
    .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  const start = attempt === null || chosen !== null ? (recent[0] ?? null) : null;
  const workspaceId = chosen ?? start?.workspaceId ?? null;
  if (workspaceId === null) return null;
  const startedAt = Math.min(attempt?.startedAt ?? Infinity, start ? Date.parse(start.startedAt) : Infinity);
  let before: Workspace | null = attempt?.before ?? start?.before ?? null;
  if (!before) {
    // The cached status, only when it was fetched before the attempt began (after it, it may already be the new state).
    const snapshot = await stored.snapshot.get();
    if (snapshot?.lastGood && Date.parse(snapshot.lastGood.fetchedAt) < startedAt) before = snapshot.lastGood.status.workspaces.find((w) => w.id === workspaceId) ?? null;
  }
  return { workspaceId, connectionId: start?.connectionId ?? null, startedAt: Number.isFinite(startedAt) ? startedAt : now, before, seen: seenInFlow(attempt) };
}

export type StartVerification = { ok: true; workspaceId: string; phase: Verification['phase'] } | { ok: false; error: string };

/**
 * How the flow ended is known (or that it ended with none): verify it. A second report of the same
 * attempt (say the tabs closed, then the product page's outcome came in) replaces a verification
 * that had no outcome, never one that has verified already.
 */
export function startVerification(attempt: Attempt | null, outcome: FlowOutcome, now: number = deps.now()): Promise<StartVerification> {
  return queue.run(async () => {
    const basis = await basisOf(attempt, now);
    if (!basis) return { ok: false, error: 'no reconnect of a known workspace was under way' };
    const existing = (await loadVerifications())[basis.workspaceId];
    if (existing && existing.startedAt === basis.startedAt) {
      const keep = outcome.kind === 'none' || existing.result?.kind === 'verified' || existing.outcome.ended !== 'none';
      if (keep) return { ok: true, workspaceId: existing.workspaceId, phase: existing.phase };
    }
    const v = begin(basis, summarizeOutcome(outcome), now);
    await save(v);
    await runLocked();
    return { ok: true, workspaceId: v.workspaceId, phase: (await loadVerifications())[v.workspaceId]?.phase ?? v.phase };
  });
}

/** live's onAttemptEnded: an attempt that ended without an outcome still asks the backend (after a grace). */
export async function verificationOnAttemptEnded(attempt: Attempt): Promise<void> {
  if (!attempt.ended || attempt.ended.reason === 'outcome') return; // the outcome's report starts it
  await startVerification(attempt, { kind: 'none', why: 'not-seen' }, attempt.ended.at);
}

export function retryVerification(workspaceId: string): Promise<StartVerification> {
  return queue.run(async () => {
    const v = (await loadVerifications())[workspaceId];
    if (!v) return { ok: false, error: 'no reconnect of this workspace to verify' };
    const again = retry(v, deps.now());
    if (again === v) return { ok: false, error: 'this reconnect has no retry' };
    await save(again);
    await runLocked();
    return { ok: true, workspaceId, phase: again.phase };
  });
}

/** Worker start, the alarm, the in-memory timer: run what is due, then arm the next wake. */
export function resumeVerifications(): Promise<void> {
  return queue.run(() => runLocked());
}

async function runLocked(): Promise<void> {
  for (let rounds = 0; rounds < 20; rounds += 1) {
    let progressed = false;
    for (const v of Object.values(await loadVerifications())) {
      const action = due(v, deps.now());
      if (action.kind === 'check' || action.kind === 'read') {
        const result = await (action.kind === 'check' ? deps.check(v.workspaceId) : deps.read(v.workspaceId));
        const next = afterCall(v, action.kind, result, deps.now());
        await save(next);
        progressed = true;
      }
      const settled = (await loadVerifications())[v.workspaceId];
      if (settled?.phase === 'done') await deliver(settled, deps.now());
    }
    if (!progressed) break;
  }
  await arm();
}

/** The settled verification's outputs, each once: history, notification, flow report. */
async function deliver(v: Verification, now: number): Promise<void> {
  let sent = v.sent;
  if (!sent.history) {
    const r = v.result;
    await recordEvents([
      {
        kind: 'reconnect-result',
        at: new Date(now).toISOString(),
        workspaceId: v.workspaceId,
        startedAt: new Date(v.startedAt).toISOString(),
        endedAt: new Date(v.endedAt).toISOString(),
        outcome: v.outcome,
        seen: v.seen,
        result: r?.kind ?? 'unverified',
        headline: verificationWords(v).headline.slice(0, 1000),
        difference: r?.kind === 'verified' ? r.difference : null,
      },
    ]).catch(() => undefined);
    sent = { ...sent, history: true };
  }
  if (!sent.notification && v.result?.kind === 'verified') {
    const settings = await loadSettings();
    const after = v.result.after;
    const content = verificationNotification(v, after.name);
    const target = (v.connectionId ? after.connections.find((c) => c.id === v.connectionId) : undefined) ?? after.connections.find((c) => c.kind === 'whatsapp') ?? after.connections[0];
    if (content && target && settings.notifications && !settings.mutedWorkspaces.includes(v.workspaceId)) {
      await showReconnectNotification(v.workspaceId, target.id, content).catch(() => undefined);
    }
    sent = { ...sent, notification: true };
  }
  if (!sent.report && sent.reportTries < REPORT_TRIES && (sent.reportTries === 0 || now >= v.nextAt)) {
    const settings = await loadSettings();
    const outcome = await postFlowReport({ baseUrl: settings.backendUrl, token: settings.accessToken }, flowReportOf(v), { fetchImpl: deps.fetchImpl }).catch(() => null);
    const ok = outcome?.kind === 'ok';
    sent = { ...sent, report: ok, reportTries: sent.reportTries + 1 };
    if (!ok) v = { ...v, nextAt: now + REPORT_RETRY_MS };
  }
  if (sent !== v.sent) await save({ ...v, sent });
}

/** Earliest wake: a pending step, or a flow report to send again. */
async function arm(): Promise<void> {
  const now = deps.now();
  const all = Object.values(await loadVerifications());
  const reports = all.filter((v) => v.phase === 'done' && !v.sent.report && v.sent.reportTries < REPORT_TRIES).map((v) => v.nextAt);
  const pending = nextWake(all);
  const wake = [pending, ...reports].filter((t): t is number => t !== null).reduce<number | null>((a, b) => (a === null ? b : Math.min(a, b)), null);
  if (timer) clearTimeout(timer);
  timer = null;
  if (wake === null) {
    await browser.alarms.clear(VERIFY_ALARM);
    return;
  }
  const when = Math.max(wake, now + 50);
  await browser.alarms.create(VERIFY_ALARM, { when });
  timer = setTimeout(() => void resumeVerifications(), when - now);
}
