import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Connection, type ConnectionStatus } from '../contract';
import { FIXTURE_IDS, FIXTURE_NOW, FIXTURE_NOW_SECONDS, graphFixture, healthyDebugTokenData } from '../../tests/support/graph-fixtures';
import { assessConnection, type AssessmentInput, type WabaProbe } from './assessment';
import { readBusinessUsersPage, readHealth, roleOf, type BusinessUser } from './graph-readers';
import { parseDebugToken, type DebugTokenInfo } from './debug-token';
import { classifyGraphFailure, type GraphErrorClass } from './graph-errors';

const M = 'whatsapp_business_management';
const G = 'whatsapp_business_messaging';
const { wabaA: A, wabaB: B, wabaC: C, user: USER, app: APP } = FIXTURE_IDS;
const NOW = FIXTURE_NOW_SECONDS;
const DAY = 86_400;

function dt(data: Record<string, unknown>): DebugTokenInfo {
  const parsed = parseDebugToken({ data });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.info;
}

/** A healthy user token covering A and B with both permissions. */
function goodToken(overrides: Record<string, unknown> = {}): DebugTokenInfo {
  return dt(healthyDebugTokenData(overrides));
}

const err = (error: Record<string, unknown>, httpStatus = 400): GraphErrorClass => classifyGraphFailure({ kind: 'response', httpStatus, body: { error } });
const ok = (body: unknown): WabaProbe => ({ outcome: 'ok', body });
const fail = (error: GraphErrorClass): WabaProbe => ({ outcome: 'error', error });
const node = (id: string, level = 'AVAILABLE') => ({ id, name: `WABA ${id}`, health_status: { can_send_message: level, entities: [{ entity_type: 'WABA', id, can_send_message: level }] } });
const probesOk = (...ids: string[]) => new Map(ids.map((id) => [id, ok(node(id))] as const));

function assess(input: Partial<AssessmentInput> & { debugToken: DebugTokenInfo | null }) {
  const result = assessConnection({
    expectedWabas: [
      { id: A, name: 'Support' },
      { id: B, name: 'Sales' },
    ],
    requiredScopes: [M, G],
    now: FIXTURE_NOW,
    appId: APP,
    ...input,
  });
  // Every assessment is a valid contract connection.
  expect(() => Connection.parse({ id: 'c1', kind: 'whatsapp', ...result.connection })).not.toThrow();
  return { ...result.connection, scopeStates: result.scopeStates, codes: result.connection.problems.map((p) => p.code) };
}

describe('status table', () => {
  const rows: [string, Partial<AssessmentInput> & { debugToken: DebugTokenInfo | null }, ConnectionStatus, string[]][] = [
    ['healthy: valid, both scopes on both WABAs, probes ok', { debugToken: goodToken(), wabaProbes: probesOk(A, B) }, 'healthy', []],
    ['healthy from debug_token alone when target_ids list both WABAs', { debugToken: goodToken() }, 'healthy', []],
    ['expires_at 0 means never', { debugToken: goodToken({ expires_at: 0, data_access_expires_at: 0 }) }, 'healthy', []],
    ['expiring within 7 days', { debugToken: goodToken({ expires_at: NOW + 3 * DAY }) }, 'expiring', ['token-expiring']],
    ['10 days left is not expiring by default', { debugToken: goodToken({ expires_at: NOW + 10 * DAY }) }, 'healthy', []],
    ['…but is with a 14-day window', { debugToken: goodToken({ expires_at: NOW + 10 * DAY }), expiringWithinDays: 14 }, 'expiring', ['token-expiring']],
    ['expires_at in the past on a "valid" token', { debugToken: goodToken({ expires_at: NOW - 1 }) }, 'expired', ['token-expired']],
    ['expires_at exactly now', { debugToken: goodToken({ expires_at: NOW }) }, 'expired', ['token-expired']],
    ['data access expired', { debugToken: goodToken({ data_access_expires_at: NOW - DAY }) }, 'expired', ['data-access-expired']],
    ['data access expiring', { debugToken: goodToken({ data_access_expires_at: NOW + 2 * DAY }) }, 'expiring', ['token-expiring']],
    ['is_valid false, 190/463', { debugToken: goodToken({ is_valid: false, error: { code: 190, subcode: 463 } }) }, 'expired', ['token-expired']],
    ['is_valid false, 190/458 app removed', { debugToken: goodToken({ is_valid: false, error: { code: 190, subcode: 458 } }) }, 'revoked', ['token-revoked']],
    ['is_valid false, 190/460 password changed', { debugToken: goodToken({ is_valid: false, error: { code: 190, subcode: 460 } }) }, 'invalid', ['token-invalid']],
    ['is_valid false, 190/459 checkpoint', { debugToken: goodToken({ is_valid: false, error: { code: 190, subcode: 459 } }) }, 'invalid', ['token-invalid']],
    ['is_valid false, 190/464 unconfirmed', { debugToken: goodToken({ is_valid: false, error: { code: 190, subcode: 464 } }) }, 'invalid', ['token-invalid']],
    ['is_valid false, 190/467 invalid', { debugToken: goodToken({ is_valid: false, error: { code: 190, subcode: 467 } }) }, 'invalid', ['token-invalid']],
    ['is_valid false, 102', { debugToken: goodToken({ is_valid: false, error: { code: 102 } }) }, 'invalid', ['token-invalid']],
    ['is_valid false, no error, expiry passed', { debugToken: goodToken({ is_valid: false, expires_at: NOW - DAY }) }, 'expired', ['token-expired']],
    ['is_valid false, no error', { debugToken: goodToken({ is_valid: false }) }, 'invalid', ['token-invalid']],
    ['is_valid missing', { debugToken: goodToken({ is_valid: undefined }) }, 'unknown', ['check-failed']],
    ['debug_token unreadable', { debugToken: null }, 'unknown', ['check-failed']],
    ['debug_token unreadable, probes ok: still unknown', { debugToken: null, wabaProbes: probesOk(A, B) }, 'unknown', ['check-failed']],
    ['messaging not granted', { debugToken: goodToken({ scopes: [M], granular_scopes: [{ scope: M, target_ids: [A, B] }] }) }, 'missing-scope', ['scope-missing']],
    ['WABA B deselected', { debugToken: goodToken({ granular_scopes: [{ scope: M, target_ids: [A] }, { scope: G, target_ids: [A] }] }) }, 'missing-waba', ['waba-missing']],
    ['WABA B later in the list still counts', { debugToken: goodToken({ granular_scopes: [{ scope: M, target_ids: [C, A, B] }, { scope: G, target_ids: [C, B, A] }] }) }, 'healthy', []],
    ['"all WABAs" grant without target_ids', { debugToken: goodToken({ granular_scopes: [{ scope: M }, { scope: G }] }) }, 'healthy', []],
    ['token issued for another app', { debugToken: goodToken({ app_id: '900000000000999' }) }, 'invalid', ['token-invalid']],
    ['worst wins: revoked beats everything else', { debugToken: goodToken({ is_valid: false, error: { code: 190, subcode: 458 }, scopes: [] }), businessUsers: [{ id: USER, name: 'E', role: 'EMPLOYEE' }] }, 'revoked', ['token-revoked']],
    ['worst wins: missing-scope over missing-waba and expiring', { debugToken: goodToken({ expires_at: NOW + DAY, scopes: [M], granular_scopes: [{ scope: M, target_ids: [A] }] }) }, 'missing-scope', ['token-expiring', 'scope-missing', 'waba-missing']],
    ['worst wins: not-admin over expiring', { debugToken: goodToken({ expires_at: NOW + DAY }), businessUsers: [{ id: USER, name: 'E', role: 'EMPLOYEE' }] }, 'not-admin', ['token-expiring', 'not-admin']],
    ['worst wins: degraded over expiring', { debugToken: goodToken({ expires_at: NOW + DAY }), wabaProbes: new Map([[A, ok(node(A, 'LIMITED'))], [B, ok(node(B))]]) }, 'degraded', ['token-expiring', 'waba-health']],
  ];
  it.each(rows)('%s', (_name, input, status, codes) => {
    const out = assess(input);
    expect(out.status).toBe(status);
    expect(out.codes).toEqual(codes);
  });
});

describe('credential verdicts', () => {
  it("keeps Meta's embedded debug_token error as the last error, so support sees its code", () => {
    const out = assess({ debugToken: goodToken({ is_valid: false, error: { code: 190, subcode: 463, message: 'Session has expired' } }) });
    expect(out.lastError).toMatchObject({ code: 190, subcode: 463, category: 'credential' });
  });
  it('a dead token reports no scope, WABA or role problems (they are moot) and claims no coverage', () => {
    const out = assess({ debugToken: goodToken({ is_valid: false, error: { code: 190, subcode: 460 }, scopes: [], granular_scopes: undefined }), businessUsers: [{ id: USER, name: 'E', role: 'EMPLOYEE' }] });
    expect(out.codes).toEqual(['token-invalid']);
    expect(out.wabas.every((w) => w.management === null && w.messaging === null)).toBe(true);
    expect(out.scopes.map((s) => s.declared)).toEqual([null, null]);
    expect(out.problems[0]?.hint).toMatch(/password/);
  });
  it('a confirmed credential answer from a WABA probe decides even when debug_token said valid', () => {
    const out = assess({ debugToken: goodToken(), wabaProbes: new Map([[A, fail(err({ code: 190, error_subcode: 463 }))], [B, ok(node(B))]]) });
    expect(out.status).toBe('expired');
    expect(out.lastError).toMatchObject({ code: 190, subcode: 463, category: 'credential' });
  });
  it('keeps the listed scopes of an invalid token as declared (Meta sometimes still lists them)', () => {
    const out = assess({ debugToken: goodToken({ is_valid: false, error: { code: 190, subcode: 463 } }) });
    expect(out.scopes.map((s) => s.declared)).toEqual([true, true]);
    expect(out.expiresAt).toBe(new Date((NOW + 40 * DAY) * 1000).toISOString());
  });
});

describe('lifetimes', () => {
  it('reports timestamps as ISO and 0 as null', () => {
    const out = assess({ debugToken: goodToken({ expires_at: 0, data_access_expires_at: 0, issued_at: 0 }) });
    expect([out.expiresAt, out.dataAccessExpiresAt, out.issuedAt]).toEqual([null, null, null]);
    const out2 = assess({ debugToken: goodToken() });
    expect(out2.issuedAt).toBe(new Date((NOW - 20 * DAY) * 1000).toISOString());
    expect(out2.lastCheckedAt).toBe(FIXTURE_NOW.toISOString());
  });
  it('an absent or malformed expires_at is not "never": a check-failed note, no verdict', () => {
    for (const value of [undefined, 'soon']) {
      const out = assess({ debugToken: goodToken({ expires_at: value }) });
      expect(out.status).toBe('healthy');
      expect(out.expiresAt).toBeNull();
      expect(out.problems).toEqual([expect.objectContaining({ code: 'check-failed', message: expect.stringMatching(/expiry is unknown/) })]);
    }
  });
  it('a nonsensical window falls back to 7 days', () => {
    expect(assess({ debugToken: goodToken({ expires_at: NOW + 3 * DAY }), expiringWithinDays: Number.NaN }).status).toBe('expiring');
    expect(assess({ debugToken: goodToken({ expires_at: NOW + 3 * DAY }), expiringWithinDays: -5 }).status).toBe('healthy');
  });
  it('days left are in the message', () => {
    const out = assess({ debugToken: goodToken({ expires_at: NOW + 3 * DAY }) });
    expect(out.problems[0]?.message).toMatch(/in 3 day/);
  });
});

describe('scopes and WABAs', () => {
  it('proves management by a working call and leaves messaging declared-only', () => {
    const out = assess({ debugToken: goodToken(), wabaProbes: probesOk(A, B) });
    expect(out.scopes).toEqual([
      { scope: M, declared: true, proven: true, note: null },
      { scope: G, declared: true, proven: null, note: null },
    ]);
    expect(out.wabas).toEqual([
      { id: A, name: 'Support', expected: true, management: true, messaging: true, reachable: true, health: 'available' },
      { id: B, name: 'Sales', expected: true, management: true, messaging: true, reachable: true, health: 'available' },
    ]);
  });

  it('renamed management permission + working calls: proven with a note, not broken', () => {
    const token = goodToken({ scopes: ['whatsapp_business_manage_events', G], granular_scopes: [{ scope: 'whatsapp_business_manage_events', target_ids: [A, B] }, { scope: G, target_ids: [A, B] }] });
    const out = assess({ debugToken: token, wabaProbes: probesOk(A, B) });
    expect(out.status).toBe('healthy');
    expect(out.problems).toEqual([]);
    expect(out.scopes[0]).toMatchObject({ scope: M, declared: false, proven: true, note: expect.stringContaining('whatsapp_business_manage_events') });
    expect(out.scopeStates[M]).toBe('granted');
    expect(out.wabas.map((w) => w.management)).toEqual([true, true]);
  });

  it('renamed management permission without a call: unknown, neither granted nor missing', () => {
    const token = goodToken({ scopes: ['whatsapp_business_manage_events', G], granular_scopes: [{ scope: 'whatsapp_business_manage_events', target_ids: [A, B] }, { scope: G, target_ids: [A, B] }] });
    const out = assess({ debugToken: token });
    expect(out.status).toBe('unknown');
    expect(out.scopeStates[M]).toBe('unknown');
    expect(out.codes).not.toContain('scope-missing');
    expect(out.problems.find((p) => p.scope === M)?.message).toMatch(/whatsapp_business_manage_events/);
  });

  it('renamed permission and the calls are refused: missing', () => {
    const token = goodToken({ scopes: ['whatsapp_business_manage_events', G], granular_scopes: [{ scope: 'whatsapp_business_manage_events', target_ids: [A, B] }, { scope: G, target_ids: [A, B] }] });
    const refused = fail(err({ code: 200 }, 403));
    const out = assess({ debugToken: token, wabaProbes: new Map([[A, refused], [B, refused]]) });
    expect(out.status).toBe('missing-scope');
    expect(out.scopes[0]).toMatchObject({ declared: false, proven: false });
  });

  it('a refused call beats a listing: missing-waba, reachable false, the message says both', () => {
    const out = assess({ debugToken: goodToken(), wabaProbes: new Map([[A, ok(node(A))], [B, fail(err({ code: 100, error_subcode: 33 }))]]) });
    expect(out.status).toBe('missing-waba');
    const b = out.wabas.find((w) => w.id === B);
    expect(b).toMatchObject({ management: false, reachable: false, messaging: true });
    const problem = out.problems.find((p) => p.code === 'waba-missing');
    expect(problem).toMatchObject({ wabaId: B });
    expect(problem?.message).toMatch(/still lists it/);
    expect(problem?.hint).toMatch(/Edit previous settings/);
    expect(out.scopes[0]?.proven).toBe(true); // proven on A
    expect(out.lastError).toMatchObject({ category: 'not-found', code: 100, subcode: 33 });
  });

  it('every call refused for lack of permission: management proven false', () => {
    const out = assess({ debugToken: goodToken(), wabaProbes: new Map([[A, fail(err({ code: 10 }, 403))], [B, fail(err({ code: 200 }, 403))]]) });
    expect(out.scopes[0]?.proven).toBe(false);
    expect(out.status).toBe('missing-waba');
  });

  it('a working call on a WABA debug_token does not list still proves management', () => {
    const out = assess({ debugToken: goodToken({ granular_scopes: [{ scope: M, target_ids: [A] }, { scope: G }] }), wabaProbes: probesOk(A, B) });
    expect(out.status).toBe('healthy');
    expect(out.wabas.find((w) => w.id === B)).toMatchObject({ management: true, messaging: true });
  });

  it('a transient or throttled probe leaves coverage to debug_token and makes the verdict unknown', () => {
    const transient = assess({ debugToken: goodToken(), wabaProbes: new Map([[A, ok(node(A))], [B, fail(classifyGraphFailure({ kind: 'network', reason: 'timeout' }))]]) });
    expect(transient.status).toBe('unknown');
    expect(transient.problems).toEqual([expect.objectContaining({ code: 'check-failed', wabaId: B })]);
    expect(transient.wabas.find((w) => w.id === B)).toMatchObject({ management: true, reachable: null, health: 'unknown' });
    const throttled = assess({ debugToken: goodToken(), wabaProbes: new Map([[A, fail(err({ code: 80008 }))], [B, ok(node(B))]]) });
    expect(throttled.status).toBe('unknown');
    expect(throttled.codes).toEqual(['rate-limited']);
    expect(throttled.lastError?.category).toBe('rate-limited');
  });

  it('scopes present but granular_scopes absent: a working call proves management; messaging coverage stays null', () => {
    const token = goodToken({ granular_scopes: undefined });
    const withProbe = assess({ debugToken: token, wabaProbes: probesOk(A, B) });
    expect(withProbe.status).toBe('healthy');
    expect(withProbe.wabas.map((w) => [w.management, w.messaging])).toEqual([[true, null], [true, null]]);
    const alone = assess({ debugToken: token });
    expect(alone.status).toBe('unknown');
    expect(alone.scopeStates).toEqual({ [M]: 'granted', [G]: 'granted' });
  });

  it('a token that lists no permissions at all: unverified, not missing', () => {
    const out = assess({ debugToken: goodToken({ scopes: undefined, granular_scopes: undefined }) });
    expect(out.status).toBe('unknown');
    expect(out.scopes.map((s) => s.declared)).toEqual([null, null]);
    expect(out.codes).not.toContain('scope-missing');
  });

  it('lists granted WABAs that are not expected, and de-duplicates expected ones', () => {
    const out = assess({
      debugToken: goodToken({ granular_scopes: [{ scope: M, target_ids: [A, B, C] }, { scope: G, target_ids: [C, A, B] }] }),
      expectedWabas: [{ id: A, name: 'Support' }, { id: A, name: 'Support again' }, { id: B, name: 'Sales' }],
    });
    expect(out.wabas.map((w) => [w.id, w.expected])).toEqual([[A, true], [B, true], [C, false]]);
    expect(out.wabas[2]).toMatchObject({ management: true, messaging: true, reachable: null, health: 'unknown', name: null });
  });

  it('a catalog connection with no WABAs checks only its scopes', () => {
    const out = assess({ debugToken: goodToken({ scopes: ['catalog_management'], granular_scopes: [{ scope: 'catalog_management', target_ids: ['555'] }] }), expectedWabas: [], requiredScopes: ['catalog_management'] });
    expect(out.status).toBe('healthy');
    expect(out.wabas).toEqual([]);
    expect(out.scopes).toEqual([{ scope: 'catalog_management', declared: true, proven: null, note: null }]);
  });

  it('a missing permission is reported once, not again per WABA', () => {
    const out = assess({ debugToken: goodToken({ scopes: [M], granular_scopes: [{ scope: M, target_ids: [A, B] }] }) });
    expect(out.codes).toEqual(['scope-missing']);
    expect(out.problems[0]).toMatchObject({ scope: G, wabaId: null });
    expect(out.problems[0]?.message).toMatch(/Manage and access conversations in WhatsApp/);
  });
});

describe('WABA health (health_status)', () => {
  it('reads the documented limited example: reasons from additional_info', () => {
    const r = readHealth((graphFixture('waba-limited.json') as { health_status: unknown }).health_status);
    expect(r.health).toBe('limited');
    expect(r.reasons[0]).toMatch(/display name has not been approved/);
  });
  it('reads the blocked example: reasons and possible solutions from errors', () => {
    const r = readHealth((graphFixture('waba-blocked.json') as { health_status: unknown }).health_status);
    expect(r).toMatchObject({ health: 'blocked', solutions: ['Add a new payment method to the account.'] });
    expect(r.reasons[0]).toMatch(/payment method.*141006/);
  });
  it('the worst of the overall value and every entity wins; unknown values are ignored', () => {
    expect(readHealth({ can_send_message: 'AVAILABLE', entities: [{ entity_type: 'APP', can_send_message: 'BLOCKED' }] }).health).toBe('blocked');
    expect(readHealth({ entities: [{ can_send_message: 'limited' }, { can_send_message: 'AVAILABLE' }] }).health).toBe('limited');
    expect(readHealth({ can_send_message: 'SOMETHING_NEW' }).health).toBe('unknown');
    expect(readHealth({ can_send_message: 'AVAILABLE', entities: [{ entity_type: 'PHONE_NUMBER', can_send_message: 'AVAILABLE', can_receive_call_sip: 'BLOCKED' }] }).health).toBe('available');
    for (const bad of [undefined, null, 'x', [], { entities: 'x' }, { entities: [null, 1, 'x'] }]) expect(readHealth(bad).health).toBe('unknown');
  });
  it('limited and blocked WABAs degrade the connection with the reason and Meta’s solution', () => {
    const limited = assess({ debugToken: goodToken(), wabaProbes: new Map([[A, ok(graphFixture('waba-limited.json'))], [B, ok(node(B))]]) });
    expect(limited.status).toBe('degraded');
    expect(limited.problems[0]).toMatchObject({ code: 'waba-health', wabaId: A, message: expect.stringMatching(/limited.*display name/) });
    const blocked = assess({ debugToken: goodToken(), wabaProbes: new Map([[A, ok(graphFixture('waba-blocked.json'))], [B, ok(node(B))]]) });
    expect(blocked.status).toBe('degraded');
    expect(blocked.problems[0]).toMatchObject({ code: 'waba-health', hint: 'Add a new payment method to the account.' });
    expect(blocked.wabas[0]?.health).toBe('blocked');
  });
  it('a very long WABA name from Graph is bounded for the contract', () => {
    const out = assess({ debugToken: goodToken(), expectedWabas: [{ id: A, name: null }], wabaProbes: new Map([[A, ok({ id: A, name: 'N'.repeat(5000) })]]) });
    expect(out.wabas[0]?.name?.length).toBe(200);
  });
  it('a WABA node without health_status: health unknown, nothing else changes', () => {
    const out = assess({ debugToken: goodToken(), wabaProbes: new Map([[A, ok({ id: A, name: 'x' })], [B, ok(node(B))]]) });
    expect(out.status).toBe('healthy');
    expect(out.wabas[0]?.health).toBe('unknown');
  });
  it('a blocked answer (131031 account locked) on the probe marks the WABA blocked', () => {
    const out = assess({ debugToken: goodToken(), wabaProbes: new Map([[A, fail(err({ code: 131031 }, 403))], [B, ok(node(B))]]) });
    expect(out.wabas[0]).toMatchObject({ health: 'blocked', reachable: false });
    expect(out.status).toBe('degraded');
  });
});

describe('the authorising user', () => {
  const users: BusinessUser[] = [
    { id: '700000000000009', name: 'Someone Else', role: 'ADMIN' },
    { id: USER, name: 'Test Person', role: 'EMPLOYEE' },
  ];
  it('is an admin / employee only when business_users lists debug_token’s user_id', () => {
    expect(roleOf([{ id: USER, name: 'A', role: 'ADMIN' }], USER)).toEqual({ role: 'admin', name: 'A' });
    expect(roleOf(users, USER)).toEqual({ role: 'employee', name: 'Test Person' });
    expect(roleOf(users, '123')).toEqual({ role: 'unknown', name: null });
    expect(roleOf([{ id: USER, name: 'D', role: 'DEVELOPER' }], USER).role).toBe('unknown');
    expect(roleOf(null, USER).role).toBe('unknown');
    expect(roleOf(users, null).role).toBe('unknown');
  });
  it('an employee raises not-admin; business-scoped ids that do not match stay unknown (never a guess)', () => {
    const employee = assess({ debugToken: goodToken(), businessUsers: users });
    expect(employee.status).toBe('not-admin');
    expect(employee.authorizingUser).toEqual({ id: USER, name: 'Test Person', role: 'employee' });
    const scoped = assess({ debugToken: goodToken(), businessUsers: readBusinessUsersPage(graphFixture('business-users-scoped-ids.json'))?.users ?? [] });
    expect(scoped.status).toBe('healthy');
    expect(scoped.authorizingUser).toEqual({ id: USER, name: null, role: 'unknown' });
    const notRead = assess({ debugToken: goodToken(), businessUsersFailure: err({ code: 200 }, 403) });
    expect(notRead.authorizingUser.role).toBe('unknown');
    expect(notRead.status).toBe('healthy');
    expect(notRead.lastError?.category).toBe('permission');
  });
  it('reads business_users pages, tolerating odd entries, and exposes the next cursor', () => {
    const page = readBusinessUsersPage({ data: [{ id: 7, name: 'N', role: 'admin' }, { name: 'no id' }, 'x'], paging: { cursors: { after: 'CUR' }, next: 'https://example.invalid/next' } });
    expect(page).toEqual({ users: [{ id: '7', name: 'N', role: 'ADMIN' }], nextCursor: 'CUR' });
    expect(readBusinessUsersPage({ data: [], paging: { cursors: { after: 'CUR' } } })?.nextCursor).toBeNull();
    expect(readBusinessUsersPage({ error: { code: 200 } })).toBeNull();
  });
});

describe('token type', () => {
  it('upgrades a SYSTEM_USER to business-integration only with /me evidence', () => {
    const su = goodToken({ type: 'SYSTEM_USER', expires_at: 0 });
    expect(assess({ debugToken: su }).tokenType).toBe('system-user');
    expect(assess({ debugToken: su, businessIntegration: true }).tokenType).toBe('business-integration');
    expect(assess({ debugToken: su, businessIntegration: false }).tokenType).toBe('system-user');
    expect(assess({ debugToken: goodToken(), businessIntegration: true }).tokenType).toBe('user');
    expect(assess({ debugToken: goodToken({ type: 'PAGE' }) }).tokenType).toBe('unknown');
  });
});

describe('contract validity', () => {
  it('property: any debug_token-like data and probes give a valid contract connection', () => {
    const time = fc.oneof(fc.constant(0), fc.integer({ min: NOW - 400 * DAY, max: NOW + 400 * DAY }), fc.constant('x'), fc.constant(undefined));
    const ids = fc.constantFrom(A, B, C, 'junk');
    const scope = fc.constantFrom(M, G, 'whatsapp_business_manage_events', 'public_profile');
    const granular = fc.array(fc.record({ scope, target_ids: fc.option(fc.array(ids, { maxLength: 4 }), { nil: undefined }) }, { requiredKeys: ['scope'] }), { maxLength: 5 });
    const probe = fc.oneof(
      fc.constant(ok(node(A))),
      fc.constant(ok(node(A, 'BLOCKED'))),
      fc.constantFrom({ code: 190, error_subcode: 463 }, { code: 100, error_subcode: 33 }, { code: 4 }, { code: 200 }, { code: 368 }, { code: 2 }).map((e) => fail(err(e))),
    );
    fc.assert(
      fc.property(
        fc.record({ is_valid: fc.option(fc.boolean(), { nil: undefined }), expires_at: time, data_access_expires_at: time, scopes: fc.option(fc.array(scope), { nil: undefined }), granular_scopes: fc.option(granular, { nil: undefined }), type: fc.constantFrom('USER', 'SYSTEM_USER', 'PAGE') }),
        fc.option(probe, { nil: undefined }),
        fc.option(probe, { nil: undefined }),
        (data, pa, pb) => {
          const probes = new Map<string, WabaProbe>();
          if (pa) probes.set(A, pa);
          if (pb) probes.set(B, pb);
          const out = assess({ debugToken: dt({ ...data, user_id: USER, app_id: APP }), wabaProbes: probes });
          // Nothing claimed without a problem saying why, except healthy.
          if (out.status !== 'healthy') expect(out.problems.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
