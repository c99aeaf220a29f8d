/**
 * After Meta returns: does the product's backend really hold a new, working token? A pure state
 * machine; lib/background/verification.ts runs it (HTTP, storage.session, alarms) and passes `now`.
 *
 *   begin(basis, outcome, now)
 *     finished flow (redirect with a code, Embedded Signup FINISH*) ── check ──▶ POST …/checks
 *     cancelled / failed flow ─────────────────────────────────────────────▶ done: not-run (no check)
 *     no outcome seen (tabs closed, idle), or the product's page reported it could not connect
 *                                         ── grace (NO_OUTCOME_GRACE_MS) ──▶ read the status once:
 *                                            a new token → wait-token; else done: abandoned
 *   wait-token   read the status with back-off until a target connection's tokenUpdatedAt is after
 *                the attempt began and the backend checked it since; bounded by TOKEN_WAIT_MS →
 *                done: timeout ("Meta returned, but the product has not stored a new token yet"), retry
 *   recheck-health  a WABA health problem right after a reconnect is checked once more after
 *                HEALTH_RECHECK_MS (a number can still be provisioning) before it is reported
 *   backend down (no answer, 5xx, 429): keep waiting with back-off; the token bound restarts once it
 *                answers again; after GIVE_UP_MS: done, unverified
 * Everything here is plain zod-validated data, so a killed service worker resumes where it was.
 */
import { z } from 'zod';
import { ProductId, Workspace, type FlowReport } from '../contract';
import { ALERT_KINDS, WHATSAPP_SCOPES } from '../screens/rules/types';
import { dialogReadings, type Attempt } from './attempt';
import { difference, Difference } from './before-after';
import type { FlowOutcome } from './outcome';

export const TOKEN_WAIT_MS = 2 * 60_000;
export const NO_OUTCOME_GRACE_MS = 15_000;
export const HEALTH_RECHECK_MS = 20_000;
/** Waits between status reads while the token has not landed (the last one repeats). */
export const WAIT_BACKOFF_MS = [2_000, 4_000, 8_000, 15_000] as const;
/** Waits between tries while the backend does not answer (the last one repeats). */
export const DOWN_BACKOFF_MS = [5_000, 10_000, 20_000, 30_000, 60_000] as const;
export const GIVE_UP_MS = 6 * 60 * 60_000;

const Ms = z.number().int().min(0);
/** A machine-readable code as the flow report takes it (never Meta's free text). */
const Code = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/);
const asCode = (value: unknown): string | null => {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return Code.safeParse(text).success ? text : null;
};

export const OutcomeSummary = z.object({
  /** `product-error`: the product's page said it could not connect (a token may still have arrived). */
  ended: z.enum(['finished', 'cancelled', 'failed', 'product-error', 'none']),
  source: z.enum(['oauth-dialog', 'embedded-signup', 'hosted-embedded-signup']),
  /** Embedded Signup `current_step` (e.g. PERMISSIONS), as a code. */
  step: Code.nullable(),
  /** The redirect's `error` / `error_reason`, or Embedded Signup's error id, as codes. */
  errorCode: Code.nullable(),
  errorReason: Code.nullable(),
});
export type OutcomeSummary = z.infer<typeof OutcomeSummary>;

/** The only reader of an outcome's fields: free text (descriptions, messages) is never kept. */
export function summarizeOutcome(outcome: FlowOutcome, hosted = false): OutcomeSummary {
  const es = hosted ? 'hosted-embedded-signup' : 'embedded-signup';
  switch (outcome.kind) {
    case 'redirect-code':
      return { ended: 'finished', source: 'oauth-dialog', step: null, errorCode: null, errorReason: null };
    case 'redirect-error':
      return { ended: outcome.error === 'access_denied' ? 'cancelled' : 'failed', source: 'oauth-dialog', step: null, errorCode: asCode(outcome.error), errorReason: asCode(outcome.reason) };
    case 'es-finish':
      return { ended: 'finished', source: es, step: null, errorCode: null, errorReason: null };
    case 'es-cancel':
      return { ended: 'cancelled', source: es, step: asCode(outcome.step), errorCode: null, errorReason: null };
    case 'es-error':
      return { ended: 'failed', source: es, step: asCode(outcome.step ?? null), errorCode: asCode(outcome.errorId ?? null), errorReason: null };
    case 'product-alert':
      return { ended: 'product-error', source: 'oauth-dialog', step: null, errorCode: asCode(outcome.alert), errorReason: null };
    case 'none':
      return { ended: 'none', source: 'oauth-dialog', step: null, errorCode: null, errorReason: null };
  }
}

/** What the dialog showed during the attempt, as the flow report carries it (names, ids, codes). */
export const SeenInFlow = z.object({
  businessId: z.string().regex(/^\d{1,32}$/).nullable(),
  wabaMode: z.enum(['all', 'selected']).nullable(),
  wabas: z.array(z.object({ id: z.string().regex(/^\d{1,32}$/).nullable(), name: z.string().max(200).nullable(), selected: z.boolean().nullable() })).max(500),
  permissions: z.array(z.object({ scope: z.enum(WHATSAPP_SCOPES), granted: z.boolean().nullable() })).max(10),
  alerts: z.array(z.enum(ALERT_KINDS)).max(20),
});
export type SeenInFlow = z.infer<typeof SeenInFlow>;

export function seenInFlow(attempt: Attempt | null): SeenInFlow {
  const screens = attempt ? dialogReadings(attempt).map((r) => r.screen) : [];
  const last = <K extends (typeof screens)[number]['kind']>(kind: K) => [...screens].reverse().find((s) => s.kind === kind);
  const business = last('business-selection')?.businesses.find((b) => b.selected === true && b.id !== null);
  const wabaScreen = last('waba-selection');
  return {
    businessId: business?.id ?? null,
    wabaMode: wabaScreen?.wabaMode ?? null,
    wabas: (wabaScreen?.wabas ?? []).map((w) => ({ id: w.id, name: w.name || null, selected: w.selected })),
    permissions: last('permissions-review')?.permissions ?? [],
    alerts: [...new Set(screens.flatMap((s) => s.alerts.map((a) => a.kind)))].slice(0, 20),
  };
}

export const VerificationResult = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('verified'), at: Ms, after: Workspace, difference: Difference, tokenConfirmed: z.boolean() }),
  z.object({ kind: z.literal('timeout'), at: Ms }),
  z.object({ kind: z.literal('not-run'), at: Ms }),
  z.object({ kind: z.literal('abandoned'), at: Ms }),
  z.object({ kind: z.literal('unverified'), at: Ms, detail: z.string().max(500) }),
]);
export type VerificationResult = z.infer<typeof VerificationResult>;

export const Verification = z.object({
  version: z.literal(1),
  workspaceId: ProductId,
  /** The connection the reconnect was for; null: the workspace's WhatsApp connections. */
  connectionId: ProductId.nullable(),
  startedAt: Ms,
  endedAt: Ms,
  outcome: OutcomeSummary,
  seen: SeenInFlow,
  before: Workspace.nullable(),
  phase: z.enum(['grace', 'check', 'wait-token', 'recheck-health', 'done']),
  nextAt: Ms,
  deadline: Ms,
  polls: z.number().int().min(0).max(100_000),
  downSince: Ms.nullable(),
  /** Why the last call did not answer, in words (never a token). */
  lastFailure: z.string().max(500).nullable(),
  tokenSeen: z.boolean(),
  healthRechecked: z.boolean(),
  result: VerificationResult.nullable(),
  sent: z.object({ notification: z.boolean(), report: z.boolean(), history: z.boolean(), reportTries: z.number().int().min(0).max(100) }),
});
export type Verification = z.infer<typeof Verification>;

export interface Basis {
  workspaceId: string;
  connectionId: string | null;
  startedAt: number;
  before: Workspace | null;
  seen: SeenInFlow;
}

export function begin(basis: Basis, outcome: OutcomeSummary, now: number): Verification {
  const base: Verification = {
    version: 1,
    ...basis,
    endedAt: now,
    outcome,
    phase: 'check',
    nextAt: now,
    deadline: now + TOKEN_WAIT_MS,
    polls: 0,
    downSince: null,
    lastFailure: null,
    tokenSeen: false,
    healthRechecked: false,
    result: null,
    sent: { notification: false, report: false, history: false, reportTries: 0 },
  };
  if (outcome.ended === 'cancelled' || outcome.ended === 'failed') return { ...base, phase: 'done', result: { kind: 'not-run', at: now } };
  // No outcome, or the product's page said it failed: whether a token arrived anyway is the backend's to say.
  if (outcome.ended === 'none' || outcome.ended === 'product-error') return { ...base, phase: 'grace', nextAt: now + NO_OUTCOME_GRACE_MS, deadline: now + NO_OUTCOME_GRACE_MS + TOKEN_WAIT_MS };
  return base;
}

export type Action = { kind: 'none' } | { kind: 'wait'; until: number } | { kind: 'check' } | { kind: 'read' };

/** What to do now: POST …/checks, read the status, or wait. */
export function due(v: Verification, now: number): Action {
  if (v.phase === 'done') return { kind: 'none' };
  if (now < v.nextAt) return { kind: 'wait', until: v.nextAt };
  return v.phase === 'grace' || (v.phase === 'wait-token' && !v.tokenSeen) ? { kind: 'read' } : { kind: 'check' };
}

/** What a call answered: the workspace; no answer for now (keep waiting); or a refusal that waiting will not fix. */
export type CallResult = { kind: 'ok'; workspace: Workspace } | { kind: 'down'; detail: string } | { kind: 'refused'; detail: string };

const step = <T>(list: readonly T[], i: number) => list[Math.min(i, list.length - 1)] as T;

function targets(v: Verification, w: Workspace) {
  if (v.connectionId) return w.connections.filter((c) => c.id === v.connectionId);
  const whatsapp = w.connections.filter((c) => c.kind === 'whatsapp');
  return whatsapp.length ? whatsapp : w.connections;
}

function finish(v: Verification, result: VerificationResult): Verification {
  return { ...v, phase: 'done', result };
}

function settle(v: Verification, w: Workspace, now: number, tokenConfirmed: boolean): Verification {
  const healthProblem = targets(v, w).some((c) => c.problems.some((p) => p.code === 'waba-health'));
  if (healthProblem && !v.healthRechecked) return { ...v, phase: 'recheck-health', healthRechecked: true, nextAt: now + HEALTH_RECHECK_MS };
  return finish(v, { kind: 'verified', at: now, after: w, difference: difference(v.before, w, v.startedAt), tokenConfirmed });
}

export function afterCall(v: Verification, call: 'check' | 'read', result: CallResult, now: number): Verification {
  if (v.phase === 'done') return v;
  if (result.kind === 'refused') return finish({ ...v, lastFailure: result.detail }, { kind: 'unverified', at: now, detail: result.detail });
  if (result.kind === 'down') {
    const downSince = v.downSince ?? now;
    if (now - downSince >= GIVE_UP_MS) return finish(v, { kind: 'unverified', at: now, detail: `the backend has not answered since ${new Date(downSince).toISOString()} (${result.detail})` });
    const tries = v.polls + 1;
    return { ...v, downSince, polls: tries, lastFailure: result.detail, nextAt: now + step(DOWN_BACKOFF_MS, tries - 1), deadline: Math.max(v.deadline, now + TOKEN_WAIT_MS) };
  }
  const w = result.workspace;
  const answered = { ...v, downSince: null, lastFailure: null, polls: v.polls + 1 };
  if (v.phase === 'recheck-health') return settle(answered, w, now, v.tokenSeen);
  const conns = targets(v, w);
  const replaced = conns.filter((c) => c.tokenUpdatedAt !== null && Date.parse(c.tokenUpdatedAt) > v.startedAt);
  const undated = conns.length > 0 && conns.every((c) => c.tokenUpdatedAt === null);
  if (replaced.length) {
    // The check that followed the new token: the backend checks at once after storing it; when this
    // answer predates the token (a cooldown, a race), ask for a check again.
    const checkedSince = replaced.every((c) => c.lastCheckedAt !== null && c.tokenUpdatedAt !== null && Date.parse(c.lastCheckedAt) >= Date.parse(c.tokenUpdatedAt));
    if (checkedSince) return settle({ ...answered, tokenSeen: true }, w, now, true);
    if (now >= v.deadline) return finish(answered, { kind: 'timeout', at: now });
    return { ...answered, phase: 'wait-token', tokenSeen: true, nextAt: call === 'read' ? now : now + step(WAIT_BACKOFF_MS, v.polls) };
  }
  if (v.phase === 'grace') return undated ? finish(answered, { kind: 'unverified', at: now, detail: 'the backend does not say when it last stored a token, so whether one arrived cannot be told' }) : finish(answered, { kind: 'abandoned', at: now });
  // The backend does not say when it stores tokens: this check is all there is, said as such.
  if (undated) return settle(answered, w, now, false);
  if (now >= v.deadline) return finish(answered, { kind: 'timeout', at: now });
  return { ...answered, phase: 'wait-token', nextAt: now + step(WAIT_BACKOFF_MS, v.polls) };
}

/** The retry after a timeout (or an unverified end): check and wait again, for another bound. */
export function retry(v: Verification, now: number): Verification {
  if (v.result?.kind !== 'timeout' && v.result?.kind !== 'unverified') return v;
  return { ...v, phase: 'check', result: null, nextAt: now, deadline: now + TOKEN_WAIT_MS, polls: 0, downSince: null, lastFailure: null, healthRechecked: false };
}

/** The earliest moment any verification needs to run again (null: none waiting). */
export function nextWake(all: Iterable<Verification>): number | null {
  let next: number | null = null;
  for (const v of all) if (v.phase !== 'done') next = next === null ? v.nextAt : Math.min(next, v.nextAt);
  return next;
}

export const isSettled = (v: Verification) => v.phase === 'done';

/** The flow report for POST /v1/flow-reports: codes, names and ids only. */
export function flowReportOf(v: Verification): FlowReport {
  const tokenArrived = v.result?.kind === 'verified' || v.tokenSeen;
  const outcome = { finished: 'completed', cancelled: 'cancelled', failed: 'error', 'product-error': 'error', none: tokenArrived ? 'completed' : 'abandoned' } as const;
  return {
    workspaceId: v.workspaceId,
    startedAt: new Date(v.startedAt).toISOString(),
    endedAt: new Date(v.endedAt).toISOString(),
    source: v.outcome.source,
    outcome: outcome[v.outcome.ended],
    currentStep: v.outcome.step,
    errorCode: v.outcome.ended === 'finished' || v.outcome.ended === 'none' ? null : (v.outcome.errorReason ?? v.outcome.errorCode ?? v.seen.alerts[0] ?? null),
    businessId: v.seen.businessId,
    wabaMode: v.seen.wabaMode,
    wabas: v.seen.wabas,
    permissions: v.seen.permissions,
    alerts: v.seen.alerts,
  };
}
