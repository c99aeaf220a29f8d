import { describe, expect, it } from 'vitest';
import type { Connection, Workspace } from '../contract';
import { FlowReport } from '../contract';
import { connection, workspace } from '../../tests/support/status-fixtures';
import {
  afterCall,
  begin,
  due,
  flowReportOf,
  GIVE_UP_MS,
  HEALTH_RECHECK_MS,
  NO_OUTCOME_GRACE_MS,
  nextWake,
  retry,
  summarizeOutcome,
  TOKEN_WAIT_MS,
  Verification,
  type Basis,
  type CallResult,
} from './verification';
import { NO_TOKEN_YET, verificationNotification, verificationWords } from './verification-words';

const T0 = Date.parse('2026-11-21T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const WABA = { id: '100000000000001', name: 'Support line', expected: true, management: true, messaging: true, reachable: true, health: 'available' as const };

const before = workspace([connection('expired', { id: 'wa', tokenUpdatedAt: iso(T0 - 86_400_000), wabas: [WABA] })]);
const basis: Basis = { workspaceId: 'ws-1', connectionId: null, startedAt: T0, before, seen: { businessId: null, wabaMode: null, wabas: [], permissions: [], alerts: [] } };
const after = (o: Partial<Connection> = {}): Workspace => workspace([connection('healthy', { id: 'wa', wabas: [WABA], tokenUpdatedAt: iso(T0 + 60_000), lastCheckedAt: iso(T0 + 61_000), ...o })]);
const old = (): Workspace => workspace([connection('expired', { id: 'wa', wabas: [WABA], tokenUpdatedAt: iso(T0 - 86_400_000), lastCheckedAt: iso(T0 + 1000) })]);
const ok = (w: Workspace): CallResult => ({ kind: 'ok', workspace: w });
const finished = summarizeOutcome({ kind: 'redirect-code', statePresent: true, grantedScopes: null, deniedScopes: null });

describe('verification state machine', () => {
  it('a finished flow checks at once and settles on the check that followed the new token', () => {
    const v = begin(basis, finished, T0 + 70_000);
    expect(due(v, T0 + 70_000)).toEqual({ kind: 'check' });
    const done = afterCall(v, 'check', ok(after()), T0 + 71_000);
    expect(done.result?.kind).toBe('verified');
    expect(done.result?.kind === 'verified' && done.result.difference.accessReduced).toBe(false);
    expect(Verification.safeParse(done).success).toBe(true);
    expect(verificationWords(done).headline).toBe('Verified: Nothing lost.');
  });

  it('waits with back-off until tokenUpdatedAt is after the start, and only as long as the bound', () => {
    let v = begin(basis, finished, T0 + 10_000);
    let now = T0 + 10_000;
    v = afterCall(v, 'check', ok(old()), now);
    expect(v.phase).toBe('wait-token');
    const waits: number[] = [];
    while (v.phase !== 'done') {
      const action = due(v, now);
      if (action.kind === 'wait') {
        waits.push(action.until - now);
        now = action.until;
        continue;
      }
      expect(action.kind).toBe('read');
      v = afterCall(v, 'read', ok(old()), now);
    }
    expect(waits.slice(0, 4)).toEqual([2000, 4000, 8000, 15_000]);
    expect(now - (T0 + 10_000)).toBeGreaterThanOrEqual(TOKEN_WAIT_MS);
    expect(now - (T0 + 10_000)).toBeLessThan(TOKEN_WAIT_MS + 16_000);
    expect(v.result?.kind).toBe('timeout');
    expect(verificationWords(v)).toMatchObject({ state: 'timeout', headline: `${NO_TOKEN_YET}.`, retry: true });
    const again = retry(v, now + 1000);
    expect(again.phase).toBe('check');
    expect(afterCall(again, 'check', ok(after()), now + 2000).result?.kind).toBe('verified');
  });

  it('a new token whose check has not run yet asks for a check', () => {
    let v = afterCall(begin(basis, finished, T0 + 10_000), 'check', ok(old()), T0 + 10_000);
    v = afterCall(v, 'read', ok(after({ lastCheckedAt: iso(T0 + 1000) })), T0 + 12_000);
    expect(v.tokenSeen).toBe(true);
    expect(due(v, T0 + 12_000)).toEqual({ kind: 'check' });
    expect(afterCall(v, 'check', ok(after()), T0 + 13_000).result?.kind).toBe('verified');
  });

  it('a WABA health problem right after a reconnect is checked once more before it is reported', () => {
    const limited = after({ status: 'degraded', wabas: [{ ...WABA, health: 'limited' }], problems: [{ code: 'waba-health', message: 'limited', hint: '', wabaId: WABA.id, scope: null }] });
    let v = afterCall(begin(basis, finished, T0 + 70_000), 'check', ok(limited), T0 + 70_000);
    expect(v.phase).toBe('recheck-health');
    expect(due(v, T0 + 70_000)).toEqual({ kind: 'wait', until: T0 + 70_000 + HEALTH_RECHECK_MS });
    expect(due(v, T0 + 70_000 + HEALTH_RECHECK_MS)).toEqual({ kind: 'check' });
    const still = afterCall(v, 'check', ok(limited), T0 + 90_000);
    expect(still.result?.kind).toBe('verified');
    expect(verificationWords(still).lines.join(' ')).toContain('health: limited');
    v = afterCall(v, 'check', ok(after()), T0 + 90_000);
    expect(v.result?.kind === 'verified' && v.result.after.connections[0]?.status).toBe('healthy');
  });

  it.each([
    [{ kind: 'es-cancel', step: 'PERMISSIONS', stepRaw: 'PERMISSIONS', errorMessage: null } as const, 'Not verified: the reconnect stopped at the permissions step; nothing changed.'],
    [{ kind: 'redirect-error', error: 'access_denied', reason: 'user_denied', description: 'Permissions error', code: null, grantedScopes: null, deniedScopes: null } as const, "Not verified: the reconnect was cancelled in Meta's dialog (user_denied); nothing changed."],
    [{ kind: 'es-error', event: 'ERROR', errorMessage: 'Something free-form', errorId: '524126', step: null } as const, "Not verified: the reconnect ended with an error in Meta's dialog (524126); nothing changed."],
  ])('a cancelled or failed flow runs no check: %o', (outcome, headline) => {
    const v = begin(basis, summarizeOutcome(outcome), T0 + 5000);
    expect(v.phase).toBe('done');
    expect(due(v, T0 + 5000)).toEqual({ kind: 'none' });
    expect(verificationWords(v).headline).toBe(headline);
    expect(verificationNotification(v, 'Acme')).toBeNull();
    expect(JSON.stringify(v)).not.toContain('free-form');
    expect(JSON.stringify(v)).not.toContain('Permissions error');
  });

  it('no outcome: after the grace, one read; a new token verifies, none is abandoned', () => {
    const v = begin(basis, summarizeOutcome({ kind: 'none', why: 'not-seen' }), T0 + 5000);
    expect(due(v, T0 + 5000)).toEqual({ kind: 'wait', until: T0 + 5000 + NO_OUTCOME_GRACE_MS });
    expect(due(v, T0 + 5000 + NO_OUTCOME_GRACE_MS)).toEqual({ kind: 'read' });
    const abandoned = afterCall(v, 'read', ok(old()), T0 + 21_000);
    expect(abandoned.result?.kind).toBe('abandoned');
    expect(flowReportOf(abandoned).outcome).toBe('abandoned');
    const arrived = afterCall(v, 'read', ok(after()), T0 + 21_000);
    expect(arrived.result?.kind).toBe('verified');
    expect(flowReportOf(arrived).outcome).toBe('completed');
  });

  it('the backend down right after the outcome: keeps waiting, and the bound restarts when it is back', () => {
    let v = begin(basis, finished, T0 + 10_000);
    let now = T0 + 10_000;
    for (let i = 0; i < 12; i += 1) {
      v = afterCall(v, 'check', { kind: 'down', detail: 'backend unreachable (network error)' }, now);
      expect(v.phase).not.toBe('done');
      const action = due(v, now);
      if (action.kind === 'wait') now = action.until;
    }
    expect(now - T0).toBeGreaterThan(TOKEN_WAIT_MS * 3);
    expect(verificationWords(v).state).toBe('waiting-backend');
    v = afterCall(v, 'check', ok(after()), now);
    expect(v.result?.kind).toBe('verified');
  });

  it('gives up after GIVE_UP_MS of silence, and a refusal ends it at once', () => {
    let v = afterCall(begin(basis, finished, T0), 'check', { kind: 'down', detail: 'x' }, T0);
    v = afterCall(v, 'check', { kind: 'down', detail: 'x' }, T0 + GIVE_UP_MS);
    expect(v.result?.kind).toBe('unverified');
    const refused = afterCall(begin(basis, finished, T0), 'check', { kind: 'refused', detail: 'backend refused the access token (HTTP 401)' }, T0);
    expect(verificationWords(refused)).toMatchObject({ state: 'unverified', retry: true });
  });

  it('a backend that never says when it stored a token: verified, with that caveat', () => {
    const v = afterCall(begin({ ...basis, before: null }, finished, T0), 'check', ok(after({ tokenUpdatedAt: null })), T0 + 1000);
    expect(v.result?.kind === 'verified' && v.result.tokenConfirmed).toBe(false);
    expect(verificationWords(v).lines[0]).toContain('may still be of the old one');
  });

  it('a reduced grant: the notification says so loudly and names the loss', () => {
    const v = afterCall(begin(basis, finished, T0), 'check', ok(after({ status: 'missing-waba', wabas: [] })), T0 + 1000);
    const note = verificationNotification(v, 'Acme');
    expect(note?.title).toBe('Acme: reconnect verified — ACCESS REDUCED');
    expect(note?.message).toContain('Support line (100000000000001)');
    expect(verificationWords(v).state).toBe('access-reduced');
  });

  it('flow report: codes only, valid against the contract', () => {
    const v = begin(basis, summarizeOutcome({ kind: 'redirect-error', error: 'access_denied', reason: 'user_denied', description: 'Permissions error.', code: '200', grantedScopes: null, deniedScopes: null }), T0 + 3000);
    const report = flowReportOf(v);
    expect(FlowReport.safeParse(report).success).toBe(true);
    expect(report).toMatchObject({ outcome: 'cancelled', errorCode: 'user_denied', source: 'oauth-dialog' });
    expect(JSON.stringify(report)).not.toContain('Permissions error');
    expect(summarizeOutcome({ kind: 'es-cancel', step: null, stepRaw: 'not a code!', errorMessage: null }).step).toBeNull();
  });

  it("the product's own 'could not connect' alert: no check at once; the backend is asked once after the grace", () => {
    const v = begin(basis, summarizeOutcome({ kind: 'product-alert', alert: 'unable-to-connect-numbers', text: 'Unable to connect WhatsApp phone numbers' }), T0 + 5000);
    expect(due(v, T0 + 5000)).toEqual({ kind: 'wait', until: T0 + 5000 + NO_OUTCOME_GRACE_MS });
    const none = afterCall(v, 'read', ok(old()), T0 + 21_000);
    expect(verificationWords(none).headline).toMatch(/^Not connected: the product reported it could not connect/);
    expect(flowReportOf(none)).toMatchObject({ outcome: 'error', errorCode: 'unable-to-connect-numbers' });
    expect(afterCall(v, 'read', ok(after()), T0 + 21_000).result?.kind).toBe('verified');
  });

  it('nextWake is the earliest pending moment', () => {
    const a = begin(basis, finished, T0);
    const b = begin({ ...basis, workspaceId: 'ws-2' }, summarizeOutcome({ kind: 'none', why: 'not-seen' }), T0);
    expect(nextWake([a, b])).toBe(T0);
    expect(nextWake([b])).toBe(T0 + NO_OUTCOME_GRACE_MS);
    expect(nextWake([begin(basis, summarizeOutcome({ kind: 'es-cancel', step: null, stepRaw: null, errorMessage: null }), T0)])).toBeNull();
  });
});
