import { describe, expect, it } from 'vitest';
import { Connection } from '../contract';
import { FIXTURE_IDS, FIXTURE_NOW, FIXTURE_NOW_SECONDS, graphFixture, healthyDebugTokenData } from '../../tests/support/graph-fixtures';
import type { GraphRateHeaders } from './rate-limit-headers';
import { checkConnection, type CheckOptions, type CheckTarget, type GraphCallOptions, type GraphClient, type GraphResult } from './token-check';

const M = 'whatsapp_business_management';
const G = 'whatsapp_business_messaging';
const { wabaA: A, wabaB: B, wabaC: C, user: USER, app: APP, business: BIZ } = FIXTURE_IDS;
const NOW = FIXTURE_NOW_SECONDS;
const DAY = 86_400;
const TOKEN = 'EAAtestCustomerToken0123456789abcdef';
const SECRET = 'app-secret-value-42';

type Answer = GraphResult | (() => GraphResult) | Error;
type Route = Answer | Answer[];

/** In-memory Graph: answers per path (a list is consumed in order, the last one repeats), records every call. */
class FakeGraph implements GraphClient {
  readonly calls: { path: string; params: Record<string, string>; call: GraphCallOptions | undefined }[] = [];
  readonly #routes: Map<string, Route>;
  constructor(routes: Record<string, Route>) {
    this.#routes = new Map(Object.entries(routes));
  }
  async get(path: string, params: Record<string, string>, call?: GraphCallOptions): Promise<GraphResult> {
    this.calls.push({ path, params: { ...params }, call });
    const route = this.#routes.get(path);
    let answer: Answer | undefined;
    if (Array.isArray(route)) answer = route.length > 1 ? route.shift() : route[0];
    else answer = route;
    if (answer === undefined) return { ok: true, httpStatus: 404, body: { error: { message: 'Unknown path', code: 803 } } };
    if (answer instanceof Error) throw answer;
    return typeof answer === 'function' ? answer() : answer;
  }
  paths(): string[] {
    return this.calls.map((c) => c.path);
  }
}

const json = (body: unknown, httpStatus = 200): GraphResult => ({ ok: true, httpStatus, body });
const graphError = (error: Record<string, unknown>, httpStatus = 400): GraphResult => ({ ok: true, httpStatus, body: { error } });
const timeout: GraphResult = { ok: false, network: 'timeout', message: 'timed out' };

const debugToken = (data: Record<string, unknown> = {}): GraphResult => json({ data: healthyDebugTokenData(data) });
const waba = (id: string, level = 'AVAILABLE') => json({ id, name: `WABA ${id}`, health_status: { can_send_message: level, entities: [{ entity_type: 'WABA', id, can_send_message: level }] } });

const target = (overrides: Partial<CheckTarget> = {}): CheckTarget => ({
  kind: 'whatsapp',
  accessToken: TOKEN,
  appId: APP,
  appSecret: SECRET,
  businessId: BIZ,
  expectedWabas: [
    { id: A, name: 'Support' },
    { id: B, name: 'Sales' },
  ],
  requiredScopes: [M, G],
  ...overrides,
});
const options = (overrides: Partial<CheckOptions> = {}): CheckOptions => ({ now: FIXTURE_NOW, expiringWithinDays: 7, previous: null, ...overrides });

async function check(graph: FakeGraph, t: CheckTarget = target(), o: CheckOptions = options()) {
  const outcome = await checkConnection(graph, t, o);
  expect(() => Connection.parse({ id: 'c1', kind: t.kind, ...outcome.connection })).not.toThrow();
  const text = JSON.stringify(outcome);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(SECRET);
  return outcome;
}

const healthyRoutes = (): Record<string, Route> => ({
  '/debug_token': debugToken(),
  [`/${A}`]: waba(A),
  [`/${B}`]: waba(B),
  [`/${BIZ}/business_users`]: json(graphFixture('business-users-admin.json')),
});

describe('the recipe', () => {
  it('debug_token with the app token, a functional call per WABA and business_users with the customer token', async () => {
    const graph = new FakeGraph(healthyRoutes());
    const outcome = await check(graph);
    expect(outcome.retryAfterMs).toBeNull();
    expect(outcome.connection).toMatchObject({ status: 'healthy', tokenType: 'user', authorizingUser: { id: USER, name: 'Test Admin', role: 'admin' }, problems: [], lastError: null });
    expect(graph.calls).toEqual([
      { path: '/debug_token', params: { input_token: TOKEN, access_token: `${APP}|${SECRET}` }, call: undefined },
      { path: `/${A}`, params: { access_token: TOKEN, fields: 'id,name,health_status' }, call: { appSecret: SECRET } },
      { path: `/${B}`, params: { access_token: TOKEN, fields: 'id,name,health_status' }, call: { appSecret: SECRET } },
      { path: `/${BIZ}/business_users`, params: { access_token: TOKEN, fields: 'id,name,role', limit: '100' }, call: { appSecret: SECRET } },
    ]);
    expect(outcome.connection.lastCheckedAt).toBe(FIXTURE_NOW.toISOString());
    expect(outcome.connection.scopes[0]).toMatchObject({ scope: M, declared: true, proven: true });
  });

  it('skips business_users when the business is unknown: role unknown, never a guess', async () => {
    const graph = new FakeGraph(healthyRoutes());
    const outcome = await check(graph, target({ businessId: null }));
    expect(graph.paths()).not.toContain(`/${BIZ}/business_users`);
    expect(outcome.connection.authorizingUser).toEqual({ id: USER, name: null, role: 'unknown' });
    expect(outcome.connection.status).toBe('healthy');
  });

  it('probes each expected WABA once even when listed twice, and probes no unexpected one', async () => {
    const graph = new FakeGraph({ ...healthyRoutes(), '/debug_token': debugToken({ granular_scopes: [{ scope: M, target_ids: [A, B, C] }, { scope: G }] }) });
    const outcome = await check(graph, target({ expectedWabas: [{ id: A, name: 'Support' }, { id: A, name: 'Support' }, { id: B, name: 'Sales' }] }));
    expect(graph.paths().filter((p) => p === `/${A}`)).toHaveLength(1);
    expect(graph.paths()).not.toContain(`/${C}`);
    expect(outcome.connection.wabas.map((w) => [w.id, w.expected])).toEqual([[A, true], [B, true], [C, false]]);
  });

  it('pages through business_users until the authorising user is found', async () => {
    const graph = new FakeGraph({
      ...healthyRoutes(),
      [`/${BIZ}/business_users`]: [
        json({ data: [{ id: '700000000000009', name: 'Other', role: 'ADMIN' }], paging: { cursors: { after: 'PAGE2' }, next: 'https://graph.example.invalid/next' } }),
        json({ data: [{ id: USER, name: 'Test Employee', role: 'EMPLOYEE' }] }),
      ],
    });
    const outcome = await check(graph);
    const pages = graph.calls.filter((c) => c.path.endsWith('/business_users'));
    expect(pages.map((c) => c.params.after)).toEqual([undefined, 'PAGE2']);
    expect(outcome.connection.status).toBe('not-admin');
  });

  it('a business_users refusal (no business_management) leaves the role unknown and the status alone', async () => {
    const graph = new FakeGraph({ ...healthyRoutes(), [`/${BIZ}/business_users`]: graphError({ code: 200, message: '(#200) Requires business_management permission' }, 403) });
    const outcome = await check(graph);
    expect(outcome.connection).toMatchObject({ status: 'healthy', authorizingUser: { role: 'unknown' } });
    expect(outcome.connection.lastError).toMatchObject({ code: 200, category: 'permission' });
  });

  it('asks for health without health_status when the Graph version rejects the field', async () => {
    const graph = new FakeGraph({
      ...healthyRoutes(),
      [`/${A}`]: [graphError({ code: 100, message: '(#100) Tried accessing nonexisting field (health_status)' }), json({ id: A, name: 'Support' })],
    });
    const outcome = await check(graph);
    expect(graph.calls.filter((c) => c.path === `/${A}`).map((c) => c.params.fields)).toEqual(['id,name,health_status', 'id,name']);
    expect(outcome.connection.wabas[0]).toMatchObject({ reachable: true, management: true, health: 'unknown' });
    expect(outcome.connection.status).toBe('healthy');
  });

  it('a 200 that is not the WABA node proves nothing: the status does not move', async () => {
    const previous = (await check(new FakeGraph({ ...healthyRoutes(), [`/${B}`]: graphError({ code: 100, error_subcode: 33 }) }))).connection;
    expect(previous.status).toBe('missing-waba');
    const outcome = await check(new FakeGraph({ ...healthyRoutes(), [`/${B}`]: json({}) }), target(), options({ previous }));
    expect(outcome.connection.status).toBe('missing-waba');
    expect(outcome.connection.problems.at(-1)?.message).toMatch(/without the account's id/);
  });

  it('treats a 200 that carries a Graph error envelope as an error', async () => {
    const graph = new FakeGraph({ ...healthyRoutes(), [`/${B}`]: json({ error: { code: 100, error_subcode: 33, message: 'Unsupported get request.' } }, 200) });
    const outcome = await check(graph);
    expect(outcome.connection.status).toBe('missing-waba');
  });

  it('health limited → degraded with Meta’s reason', async () => {
    const graph = new FakeGraph({ ...healthyRoutes(), [`/${A}`]: json(graphFixture('waba-limited.json')) });
    const outcome = await check(graph);
    expect(outcome.connection.status).toBe('degraded');
    expect(outcome.connection.wabas[0]?.health).toBe('limited');
  });
});

describe('appsecret_proof', () => {
  it('every call with the customer token asks to be signed with the app secret; debug_token (app token) does not', async () => {
    const graph = new FakeGraph({ ...healthyRoutes(), '/me': json({ id: USER, client_business_id: BIZ }) });
    await check(graph);
    const [first, ...rest] = graph.calls;
    expect(first).toMatchObject({ path: '/debug_token', call: undefined });
    expect(rest.length).toBeGreaterThan(0);
    for (const call of rest) {
      expect(call.params.access_token, call.path).toBe(TOKEN);
      expect(call.call, call.path).toEqual({ appSecret: SECRET });
    }
  });

  it.each([
    ['invalid', 'Invalid appsecret_proof provided in the API argument'],
    ['missing', 'API calls from the server require an appsecret_proof argument'],
  ])('a refused (%s) proof on a WABA call is our misconfiguration: previous status kept, check-failed, no token verdict', async (_name, message) => {
    const previous = (await check(new FakeGraph(healthyRoutes()))).connection;
    const refused = graphError({ code: 100, type: 'GraphMethodException', message, fbtrace_id: 'AtraceProof' });
    const graph = new FakeGraph({ ...healthyRoutes(), [`/${A}`]: refused, [`/${B}`]: refused });
    const outcome = await check(graph, target(), options({ previous }));
    expect(outcome.connection.status).toBe('healthy');
    expect(outcome.connection.problems.map((p) => p.code)).toEqual(['check-failed']);
    expect(outcome.connection.problems[0]!.message).toContain('appsecret_proof');
    expect(outcome.connection.lastError).toMatchObject({ code: 100, category: 'unknown' });
    // Not mistaken for a Graph version without health_status (no second call without it).
    expect(graph.calls.filter((c) => c.path === `/${A}`)).toHaveLength(1);
    const fresh = await check(new FakeGraph({ ...healthyRoutes(), [`/${A}`]: refused, [`/${B}`]: refused }));
    expect(fresh.connection.status).toBe('unknown');
  });
});

describe('credential failures are confirmed by a second probe', () => {
  it('debug_token says invalid twice → the verdict applies, no WABA calls', async () => {
    const graph = new FakeGraph({ '/debug_token': debugToken({ is_valid: false, error: { code: 190, subcode: 463, message: 'Session has expired' } }) });
    const previous = (await check(new FakeGraph(healthyRoutes()))).connection;
    const outcome = await check(graph, target(), options({ previous }));
    expect(graph.paths()).toEqual(['/debug_token', '/debug_token']);
    expect(outcome.connection.status).toBe('expired');
    expect(outcome.connection.problems.map((p) => p.code)).toEqual(['token-expired']);
    expect(outcome.retryAfterMs).toBeNull();
  });

  it.each([
    [458, 'revoked'],
    [460, 'invalid'],
    [467, 'invalid'],
  ])('190/%i from debug_token → %s', async (subcode, status) => {
    const outcome = await check(new FakeGraph({ '/debug_token': debugToken({ is_valid: false, error: { code: 190, subcode } }) }));
    expect(outcome.connection.status).toBe(status);
  });

  it('debug_token says invalid, then valid → the status does not move', async () => {
    const previous = (await check(new FakeGraph(healthyRoutes()))).connection;
    const graph = new FakeGraph({ ...healthyRoutes(), '/debug_token': [debugToken({ is_valid: false, error: { code: 190 } }), debugToken()] });
    const outcome = await check(graph, target(), options({ previous }));
    expect(outcome.connection.status).toBe('healthy');
    expect(outcome.connection.problems.map((p) => p.code)).toEqual(['check-failed']);
    expect(outcome.retryAfterMs).toBe(5000);
  });

  it('a 190 on a WABA call, confirmed by the same call again → expired', async () => {
    const graph = new FakeGraph({ ...healthyRoutes(), [`/${A}`]: { ok: true, httpStatus: 400, body: graphFixture('error-expired-token.json') } });
    const outcome = await check(graph);
    expect(graph.paths().filter((p) => p === `/${A}`)).toHaveLength(2);
    expect(outcome.connection.status).toBe('expired');
    expect(outcome.connection.lastError).toMatchObject({ code: 190, subcode: 463, category: 'credential', fbtraceId: 'AbCdEfGhIjKlMnOpQrStUvW' });
    expect(graph.paths()).not.toContain(`/${BIZ}/business_users`);
  });

  it('a 190 on a WABA call that the second call does not repeat → previous status kept', async () => {
    const previous = (await check(new FakeGraph(healthyRoutes()))).connection;
    const graph = new FakeGraph({ ...healthyRoutes(), [`/${A}`]: [graphError({ code: 190, error_subcode: 460 }), waba(A)] });
    const outcome = await check(graph, target(), options({ previous }));
    expect(outcome.connection.status).toBe('healthy');
    expect(outcome.connection.problems.at(-1)?.code).toBe('check-failed');
    expect(outcome.connection.lastError).toMatchObject({ code: 190, subcode: 460 });
    expect(outcome.retryAfterMs).toBe(5000);
  });
});

describe('transient is not expired', () => {
  const previousHealthy = async () => (await check(new FakeGraph(healthyRoutes()))).connection;

  it('a debug_token timeout keeps a healthy token healthy, with check-failed, lastError and a back-off', async () => {
    const previous = await previousHealthy();
    for (const [attempt, delay] of [[0, 5000], [1, 15000], [2, 45000], [7, 45000]] as const) {
      const graph = new FakeGraph({ '/debug_token': timeout });
      const outcome = await check(graph, target(), options({ previous, attempt }));
      expect(graph.paths()).toEqual(['/debug_token']);
      expect(outcome.retryAfterMs).toBe(delay);
      expect(outcome.connection).toEqual({ ...previous, problems: [expect.objectContaining({ code: 'check-failed' })], lastCheckedAt: FIXTURE_NOW.toISOString(), lastError: expect.anything() });
      expect(outcome.connection.lastError).toMatchObject({ category: 'transient', code: null });
    }
  });

  it.each([
    ['HTTP 500', { ok: true, httpStatus: 500, body: null } as GraphResult, 'check-failed', 5000],
    ['HTTP 503 with HTML', { ok: true, httpStatus: 503, body: '<html>down</html>' } as GraphResult, 'check-failed', 5000],
    ['429', { ok: true, httpStatus: 429, body: null } as GraphResult, 'check-failed', 5000],
    ['code 2', graphError({ code: 2 }, 503), 'check-failed', 5000],
    ['80008 rate limit', graphError({ code: 80008, is_transient: true }), 'rate-limited', 5000],
    ['4 app rate limit', graphError({ code: 4 }), 'rate-limited', 5000],
    ['an unknown error', graphError({ code: 12345 }), 'check-failed', null],
    ['a network error', { ok: false, network: 'error', message: 'ECONNRESET' } as GraphResult, 'check-failed', 5000],
  ])('%s on a WABA call keeps the previous status', async (_name, answer, code, retry) => {
    const previous = await previousHealthy();
    const graph = new FakeGraph({ ...healthyRoutes(), [`/${B}`]: answer });
    const outcome = await check(graph, target(), options({ previous }));
    expect(outcome.connection.status).toBe('healthy');
    expect(outcome.connection.wabas).toEqual(previous.wabas);
    expect(outcome.connection.problems.map((p) => p.code)).toEqual([code]);
    expect(outcome.retryAfterMs).toBe(retry);
    expect(graph.paths()).not.toContain(`/${BIZ}/business_users`);
  });

  const bucHeader = (minutes: number) => JSON.stringify({ [BIZ]: [{ type: 'whatsapp_business_management', call_count: 100, total_cputime: 4, total_time: 6, estimated_time_to_regain_access: minutes }] });
  const throttled = (headers: GraphRateHeaders | undefined): GraphResult => ({
    ok: true,
    httpStatus: 400,
    body: { error: { code: 80008, is_transient: true, message: '(#80008) There have been too many calls to this WhatsApp Business account.' } },
    headers,
  });

  it.each([
    ['X-Business-Use-Case-Usage asks 3 min', { 'x-business-use-case-usage': bucHeader(3) }, 0, 180_000],
    ['… also on the third attempt (longer than 45 s)', { 'x-business-use-case-usage': bucHeader(3) }, 2, 180_000],
    ['asks 2 h → capped at 60 min', { 'x-business-use-case-usage': bucHeader(120) }, 0, 3_600_000],
    ['asks 0 min → the fixed step', { 'x-business-use-case-usage': bucHeader(0) }, 1, 15_000],
    ['malformed → the fixed step', { 'x-business-use-case-usage': '{"8000":[{"estimated_time_to_regain_access":"soon"}' }, 0, 5_000],
    ['Retry-After 90 s', { 'retry-after': '90' }, 0, 90_000],
    ['Retry-After shorter than the step → the step', { 'retry-after': '2' }, 1, 15_000],
    ['no headers → the fixed step', undefined, 0, 5_000],
  ] as const)('rate limited, %s', async (_name, headers, attempt, retryAfterMs) => {
    const previous = await previousHealthy();
    const graph = new FakeGraph({ ...healthyRoutes(), [`/${B}`]: throttled(headers) });
    const outcome = await check(graph, target(), options({ previous, attempt }));
    expect(outcome.connection.status).toBe('healthy');
    expect(outcome.connection.problems.map((p) => p.code)).toEqual(['rate-limited']);
    expect(outcome.retryAfterMs).toBe(retryAfterMs);
  });

  it('a wait in the headers of a SUCCESSFUL answer does not stretch the back-off of a later failure', async () => {
    const previous = await previousHealthy();
    const ok = { ...(waba(A) as Extract<GraphResult, { ok: true }>), headers: { 'x-business-use-case-usage': bucHeader(30) } };
    const graph = new FakeGraph({ ...healthyRoutes(), [`/${A}`]: ok, [`/${BIZ}/business_users`]: { ok: true, httpStatus: 503, body: null } });
    const outcome = await check(graph, target(), options({ previous }));
    expect(outcome.connection.problems.map((p) => p.code)).toEqual(['check-failed']);
    expect(outcome.retryAfterMs).toBe(5_000);
  });

  it('an expired token stays expired through an outage (never flips back to healthy)', async () => {
    const previous = (await check(new FakeGraph({ '/debug_token': debugToken({ is_valid: false, error: { code: 190, subcode: 463 } }) }))).connection;
    const outcome = await check(new FakeGraph({ '/debug_token': timeout }), target(), options({ previous }));
    expect(outcome.connection.status).toBe('expired');
    expect(outcome.connection.problems.map((p) => p.code)).toEqual(['token-expired', 'check-failed']);
  });

  it('never checked + outage → unknown, listing what will be verified, claiming nothing', async () => {
    const outcome = await check(new FakeGraph({ '/debug_token': timeout }));
    expect(outcome.connection).toMatchObject({ status: 'unknown', tokenType: 'unknown', expiresAt: null, authorizingUser: { role: 'unknown' } });
    expect(outcome.connection.scopes).toEqual([
      { scope: M, declared: null, proven: null, note: null },
      { scope: G, declared: null, proven: null, note: null },
    ]);
    expect(outcome.connection.wabas.map((w) => [w.id, w.management, w.health])).toEqual([[A, null, 'unknown'], [B, null, 'unknown']]);
    expect(outcome.connection.problems[0]?.message).toMatch(/never checked/);
  });

  it('a rate limit stops starting further WABA calls', async () => {
    const ids = ['100000000000201', '100000000000202', '100000000000203', '100000000000204', '100000000000205'];
    const routes: Record<string, Route> = { '/debug_token': debugToken({ granular_scopes: [{ scope: M }, { scope: G }] }) };
    for (const id of ids) routes[`/${id}`] = waba(id);
    routes[`/${ids[0]}`] = graphError({ code: 80008 });
    const graph = new FakeGraph(routes);
    const outcome = await check(graph, target({ expectedWabas: ids.map((id) => ({ id, name: id })) }));
    expect(outcome.connection.problems.map((p) => p.code)).toEqual(['rate-limited']);
    expect(graph.paths()).not.toContain(`/${ids[3]}`);
    expect(graph.paths()).not.toContain(`/${ids[4]}`);
  });

  it('a transient business_users failure keeps the previous status (the role must not flap)', async () => {
    const previous = (await check(new FakeGraph({ ...healthyRoutes(), [`/${BIZ}/business_users`]: json(graphFixture('business-users-employee.json')) }))).connection;
    expect(previous.status).toBe('not-admin');
    const outcome = await check(new FakeGraph({ ...healthyRoutes(), [`/${BIZ}/business_users`]: { ok: true, httpStatus: 502, body: null } }), target(), options({ previous }));
    expect(outcome.connection.status).toBe('not-admin');
    expect(outcome.connection.authorizingUser.role).toBe('employee');
  });

  it('older transient notes are replaced, real problems are kept', async () => {
    const previous = (await check(new FakeGraph({ ...healthyRoutes(), [`/${A}`]: json(graphFixture('waba-limited.json')) }))).connection;
    const first = await check(new FakeGraph({ '/debug_token': graphError({ code: 4 }) }), target(), options({ previous }));
    const second = await check(new FakeGraph({ '/debug_token': timeout }), target(), options({ previous: first.connection }));
    expect(second.connection.problems.map((p) => p.code)).toEqual(['waba-health', 'check-failed']);
  });

  it('a GraphClient that throws is a network failure, not a crash', async () => {
    const outcome = await check(new FakeGraph({ '/debug_token': new Error('socket hang up') }));
    expect(outcome.connection.status).toBe('unknown');
    expect(outcome.connection.lastError?.category).toBe('transient');
  });
});

describe('debug_token call failures are about the call, not the token', () => {
  it('an app-credential error on debug_token does not invalidate the customer token', async () => {
    const previous = (await check(new FakeGraph(healthyRoutes()))).connection;
    const graph = new FakeGraph({ '/debug_token': graphError({ code: 190, message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException' }) });
    const outcome = await check(graph, target(), options({ previous }));
    expect(outcome.connection.status).toBe('healthy');
    expect(outcome.connection.problems.at(-1)?.message).toMatch(/app credentials/);
    expect(outcome.retryAfterMs).toBeNull();
  });

  it('an unreadable debug_token answer is check-failed', async () => {
    const outcome = await check(new FakeGraph({ '/debug_token': json({ hello: 'world' }) }));
    expect(outcome.connection.status).toBe('unknown');
    expect(outcome.connection.problems[0]?.message).toMatch(/unreadable/);
  });
});

describe('scenarios', () => {
  it('renamed management permission: proven by the WABA calls, reported with a note', async () => {
    const graph = new FakeGraph({
      ...healthyRoutes(),
      '/debug_token': debugToken({ type: 'SYSTEM_USER', expires_at: 0, scopes: ['whatsapp_business_manage_events', G], granular_scopes: [{ scope: 'whatsapp_business_manage_events', target_ids: [A, B] }, { scope: G, target_ids: [A, B] }] }),
    });
    const outcome = await check(graph);
    expect(outcome.connection.status).toBe('healthy');
    expect(outcome.connection.scopes[0]).toMatchObject({ declared: false, proven: true, note: expect.stringContaining('whatsapp_business_manage_events') });
  });

  it('one WABA deselected: missing-waba on that WABA', async () => {
    const graph = new FakeGraph({
      ...healthyRoutes(),
      '/debug_token': debugToken({ granular_scopes: [{ scope: M, target_ids: [A] }, { scope: G, target_ids: [A] }] }),
      [`/${B}`]: { ok: true, httpStatus: 400, body: graphFixture('error-invisible-waba.json') },
    });
    const outcome = await check(graph);
    expect(outcome.connection.status).toBe('missing-waba');
    expect(outcome.connection.problems).toEqual([expect.objectContaining({ code: 'waba-missing', wabaId: B })]);
  });

  it('one scope missing', async () => {
    const outcome = await check(new FakeGraph({ ...healthyRoutes(), '/debug_token': json(graphFixture('debug-token-scope-missing.json')) }), target({ appId: APP }));
    expect(outcome.connection.status).toBe('missing-scope');
  });

  it('expiring in N days', async () => {
    const outcome = await check(new FakeGraph({ ...healthyRoutes(), '/debug_token': debugToken({ expires_at: NOW + 5 * DAY }) }));
    expect(outcome.connection.status).toBe('expiring');
  });

  it('a system user token: BISU only when /me names a client business', async () => {
    const su = debugToken({ type: 'SYSTEM_USER', expires_at: 0, data_access_expires_at: 0, granular_scopes: [{ scope: M }, { scope: G }] });
    const bisuGraph = new FakeGraph({ ...healthyRoutes(), '/debug_token': su, '/me': json({ client_business_id: BIZ, id: '1' }) });
    const bisu = await check(bisuGraph);
    expect(bisu.connection.tokenType).toBe('business-integration');
    expect(bisuGraph.calls.find((c) => c.path === '/me')?.params).toEqual({ access_token: TOKEN, fields: 'client_business_id' });
    const plain = await check(new FakeGraph({ ...healthyRoutes(), '/debug_token': su, '/me': json({ id: '1' }) }));
    expect(plain.connection.tokenType).toBe('system-user');
    const unanswered = await check(new FakeGraph({ ...healthyRoutes(), '/debug_token': su }));
    expect(unanswered.connection).toMatchObject({ tokenType: 'system-user', status: 'healthy', lastError: null });
    const kept = await check(new FakeGraph({ ...healthyRoutes(), '/debug_token': su, '/me': timeout }), target(), options({ previous: bisu.connection }));
    expect(kept.connection.tokenType).toBe('business-integration');
    // A user token is never asked.
    const userGraph = new FakeGraph(healthyRoutes());
    await check(userGraph);
    expect(userGraph.paths()).not.toContain('/me');
  });

  it('never leaks the token, even when Graph echoes it', async () => {
    const echo = graphError({ code: 190, message: `Malformed access token ${TOKEN}`, fbtrace_id: 'T1' });
    const outcome = await check(new FakeGraph({ ...healthyRoutes(), [`/${A}`]: echo }));
    expect(outcome.connection.status).toBe('invalid');
    expect(outcome.connection.lastError?.message).toContain('[redacted]');
  });

  it('a catalog connection checks its scope and no WABA', async () => {
    const graph = new FakeGraph({ '/debug_token': debugToken({ scopes: ['catalog_management'], granular_scopes: [{ scope: 'catalog_management', target_ids: ['555'] }] }), [`/${BIZ}/business_users`]: json(graphFixture('business-users-admin.json')) });
    const outcome = await check(graph, target({ kind: 'catalog', expectedWabas: [], requiredScopes: ['catalog_management'] }));
    expect(outcome.connection.status).toBe('healthy');
    expect(graph.paths()).toEqual(['/debug_token', `/${BIZ}/business_users`]);
  });
});
