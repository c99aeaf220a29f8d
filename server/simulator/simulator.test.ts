// @vitest-environment node
/**
 * The Graph API simulator over real HTTP: Meta's shapes (docs/meta-platform.md §3–§6 and their example payloads),
 * field selection, access rules, deterministic faults, the code exchange, and the control API.
 */
import { serve } from '@hono/node-server';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulatorApp, createSimulatorState, type SimulatedCall, type SimulatorState } from './app';
import { SimulatorFile, type ScenarioInput } from './scenario';

const APP = { id: '700000000000001', secret: 'sim-test-secret' };
const APP_TOKEN = `${APP.id}|${APP.secret}`;
let clock = Date.parse('2026-11-21T12:00:00Z');
const NOW_S = () => Math.floor(clock / 1000);

const healthy: ScenarioInput = {
  debugToken: {
    type: 'USER',
    expires: { inDays: 10 },
    dataAccessExpires: { inDays: 80 },
    issued: { daysAgo: 2 },
    scopes: ['whatsapp_business_management', 'whatsapp_business_messaging'],
    granularScopes: [{ scope: 'whatsapp_business_management', targetIds: ['900000000000001'] }, { scope: 'whatsapp_business_messaging' }],
    userId: '600000000000001',
  },
  wabas: [
    {
      id: '900000000000001',
      name: 'Support',
      health: 'LIMITED',
      healthErrors: [{ errorCode: 141006, description: 'There is an error with the payment method.', possibleSolution: 'Add a payment method.' }],
      ownerBusinessId: '800000000000001',
      phoneNumbers: [{ id: '500000000000001', displayPhoneNumber: '+1 555-0100', verifiedName: 'Support' }],
    },
  ],
  businesses: [{ id: '800000000000001', name: 'Biz', users: [{ id: '600000000000001', name: 'Ada Admin', role: 'ADMIN' }] }],
};

let state: SimulatorState;
let server: ReturnType<typeof serve>;
let base: string;

beforeAll(async () => {
  state = createSimulatorState(SimulatorFile.parse({ app: APP }));
  const app = createSimulatorApp(state, { now: () => clock });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  if ('closeAllConnections' in server) server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(async () => {
  await put('/__sim/tokens/tok-healthy', healthy);
  await fetch(`${base}/__sim/calls`, { method: 'DELETE' });
});

async function put(path: string, body: unknown) {
  return fetch(`${base}${path}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}
/** The proof Meta expects, computed here independently of the simulator's code. */
const proofOf = (token: string, secret = APP.secret) => createHmac('sha256', secret).update(token).digest('hex');
/** A Graph GET; a customer token is signed with appsecret_proof unless `proof` says otherwise. */
async function graph(path: string, token?: string, proof: string | null = token && token !== APP_TOKEN ? proofOf(token) : null) {
  const url = new URL(`${base}${path}`);
  if (proof !== null) url.searchParams.set('appsecret_proof', proof);
  const response = await fetch(url, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* keep text */
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Graph answers are read field by field in the assertions
  return { status: response.status, body: body as any, headers: response.headers };
}
async function calls(): Promise<SimulatedCall[]> {
  return ((await (await fetch(`${base}/__sim/calls`)).json()) as { calls: SimulatedCall[] }).calls;
}

describe('debug_token', () => {
  it('answers like Meta for a scripted token, on the versioned and unversioned path', async () => {
    for (const prefix of ['/v24.0', '']) {
      const { status, body } = await graph(`${prefix}/debug_token?input_token=tok-healthy`, APP_TOKEN);
      expect(status).toBe(200);
      expect(body).toEqual({
        data: {
          app_id: APP.id,
          type: 'USER',
          application: 'Reconnect Demo App',
          data_access_expires_at: NOW_S() + 80 * 86_400,
          expires_at: NOW_S() + 10 * 86_400,
          is_valid: true,
          issued_at: NOW_S() - 2 * 86_400,
          scopes: ['whatsapp_business_management', 'whatsapp_business_messaging'],
          // "If permission applies to all, targets will not be shown": no target_ids key at all.
          granular_scopes: [{ scope: 'whatsapp_business_management', target_ids: ['900000000000001'] }, { scope: 'whatsapp_business_messaging' }],
          user_id: '600000000000001',
        },
      });
    }
  });

  it('reports never-expiring tokens as 0 and invalid ones with data.error', async () => {
    await put('/__sim/tokens/tok-never', { ...healthy, debugToken: { ...healthy.debugToken, type: 'SYSTEM_USER', expires: 'never', dataAccessExpires: 'never' } });
    const never = await graph(`/debug_token?input_token=tok-never&access_token=${encodeURIComponent(APP_TOKEN)}`);
    expect(never.body.data).toMatchObject({ type: 'SYSTEM_USER', expires_at: 0, data_access_expires_at: 0 });
    await put('/__sim/tokens/tok-expired', { ...healthy, debugToken: { ...healthy.debugToken, isValid: false, error: { code: 190, subcode: 463, message: 'Error validating access token: Session has expired' } } });
    const expired = await graph('/debug_token?input_token=tok-expired', APP_TOKEN);
    expect(expired.body.data).toMatchObject({ is_valid: false, error: { code: 190, subcode: 463, message: 'Error validating access token: Session has expired' } });
    const unknown = await graph('/debug_token?input_token=never-heard-of-it', APP_TOKEN);
    expect(unknown.body).toEqual({ data: { error: { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' }, is_valid: false, scopes: [] } });
  });

  it('requires the app token and the input_token', async () => {
    expect((await graph('/debug_token?input_token=tok-healthy')).body.error).toMatchObject({ code: 104, type: 'OAuthException' });
    expect((await graph('/debug_token?input_token=tok-healthy', `${APP.id}|wrong`)).body.error).toMatchObject({ code: 190, message: 'Invalid OAuth access token signature.' });
    expect((await graph('/debug_token', APP_TOKEN)).body.error).toMatchObject({ code: 100, message: '(#100) The parameter input_token is required' });
  });
});

describe('calls with the customer’s token', () => {
  it('GET /{waba-id}: requested fields, id always, health_status with entities', async () => {
    const { status, body } = await graph('/v24.0/900000000000001?fields=name,health_status', 'tok-healthy');
    expect(status).toBe(200);
    expect(body).toEqual({
      name: 'Support',
      health_status: {
        can_send_message: 'LIMITED',
        entities: [
          { entity_type: 'WABA', id: '900000000000001', can_send_message: 'LIMITED', errors: [{ error_code: 141006, error_description: 'There is an error with the payment method.', possible_solution: 'Add a payment method.' }] },
          { entity_type: 'BUSINESS', id: '800000000000001', can_send_message: 'AVAILABLE' },
          { entity_type: 'APP', id: APP.id, can_send_message: 'AVAILABLE' },
        ],
      },
      id: '900000000000001',
    });
    const bad = await graph('/900000000000001?fields=id,bogus_field', 'tok-healthy');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 100, message: '(#100) Tried accessing nonexisting field (bogus_field) on node type (WhatsAppBusinessAccount)' });
  });

  it('a WABA the token cannot see is 100/33 GraphMethodException; an unknown token is 190', async () => {
    const hidden = await graph('/900000000000999?fields=id', 'tok-healthy');
    expect(hidden.status).toBe(400);
    expect(Object.keys(hidden.body.error)).toEqual(['message', 'type', 'code', 'error_subcode', 'fbtrace_id']);
    expect(hidden.body.error).toMatchObject({ type: 'GraphMethodException', code: 100, error_subcode: 33 });
    expect(hidden.body.error.message).toContain("Object with ID '900000000000999' does not exist");
    expect((await graph('/900000000000001', 'nobody')).body.error).toMatchObject({ code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
    expect((await graph('/900000000000001')).body.error).toMatchObject({ code: 104 });
  });

  it('an invalid token gets its credential error on every call (from debug_token’s error by default)', async () => {
    await put('/__sim/tokens/tok-removed', { ...healthy, debugToken: { ...healthy.debugToken, isValid: false, error: { code: 190, subcode: 458, message: 'Error validating access token: User 600000000000001 has not authorized application 700000000000001.' } } });
    const { status, body } = await graph('/900000000000001?fields=id', 'tok-removed');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ type: 'OAuthException', code: 190, error_subcode: 458 });
    expect(body.error.fbtrace_id).toMatch(/^A[A-Za-z0-9_-]{22}$/);
  });

  it('phone_numbers, business_users (with role) and /me', async () => {
    const phones = await graph('/900000000000001/phone_numbers', 'tok-healthy');
    expect(phones.body.data[0]).toMatchObject({ id: '500000000000001', display_phone_number: '+1 555-0100', verified_name: 'Support', quality_rating: 'GREEN', platform_type: 'CLOUD_API' });
    expect(phones.body.paging.cursors).toBeDefined();
    const users = await graph('/800000000000001/business_users?fields=id,name,role', 'tok-healthy');
    expect(users.body.data).toEqual([{ id: '600000000000001', name: 'Ada Admin', role: 'ADMIN' }]);
    expect((await graph('/800000000000001/business_users', 'tok-healthy')).body.data).toEqual([{ id: '600000000000001', name: 'Ada Admin' }]);
    expect((await graph('/800000000000999/business_users?fields=role', 'tok-healthy')).body.error).toMatchObject({ code: 200 });
    expect((await graph('/me?fields=client_business_id', 'tok-healthy')).body).toEqual({ id: '600000000000001' });
    await put('/__sim/tokens/tok-bisu', { ...healthy, debugToken: { ...healthy.debugToken, type: 'SYSTEM_USER' }, clientBusinessId: '800000000000001' });
    expect((await graph('/me?fields=client_business_id', 'tok-bisu')).body).toEqual({ client_business_id: '800000000000001', id: '600000000000001' });
  });
});

describe('faults', () => {
  it('follow their pattern deterministically, per endpoint, after fromCall', async () => {
    await put('/__sim/tokens/tok-flaky', { ...healthy, faults: [{ endpoints: ['waba'], fromCall: 1, pattern: ['http-500', 'ok', 'rate-limit-80008'] }] });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await graph('/900000000000001?fields=id', 'tok-flaky')).status);
    expect(statuses).toEqual([200, 500, 200, 400, 500]);
    // Other endpoints are not affected by a waba-only rule.
    expect((await graph('/debug_token?input_token=tok-flaky', APP_TOKEN)).status).toBe(200);
    const log = (await calls()).filter((c) => c.token === 'tok-flaky');
    expect(log.map((c) => c.fault)).toEqual([null, 'http-500', null, 'rate-limit-80008', 'http-500', null]);
  });

  it('have Meta’s shapes: 500 code 2 transient, 80008 with its header, a proxy’s HTML 502', async () => {
    await put('/__sim/tokens/tok-f', { ...healthy, faults: [{ pattern: ['http-500', 'rate-limit-80008', 'rate-limit-4', 'http-502'] }] });
    const e500 = await graph('/900000000000001', 'tok-f');
    expect(e500.body.error).toMatchObject({ code: 2, is_transient: true });
    const e80008 = await graph('/900000000000001', 'tok-f');
    expect(e80008.body.error).toMatchObject({ code: 80008, error_subcode: 2446079, is_transient: true });
    expect(e80008.headers.get('X-Business-Use-Case-Usage')).toContain('whatsapp_business_management');
    const e4 = await graph('/900000000000001', 'tok-f');
    expect(e4.body.error).toMatchObject({ code: 4, message: '(#4) Application request limit reached' });
    const e502 = await graph('/900000000000001', 'tok-f');
    expect(e502.status).toBe(502);
    expect(e502.body).toContain('Bad Gateway');
  });

  it('drop the connection (reset) or hold it until the client gives up (timeout); delay answers (slow)', async () => {
    await put('/__sim/tokens/tok-net', { ...healthy, faults: [{ pattern: ['reset', 'timeout'] }], timeoutHoldMs: 60_000 });
    await expect(fetch(`${base}/900000000000001`, { headers: { Authorization: 'Bearer tok-net' } })).rejects.toThrow();
    await expect(fetch(`${base}/900000000000001`, { headers: { Authorization: 'Bearer tok-net' }, signal: AbortSignal.timeout(300) })).rejects.toThrow(/aborted|timeout/i);
    await put('/__sim/tokens/tok-slow', { ...healthy, delayMs: 300 });
    const started = Date.now();
    expect((await graph('/900000000000001', 'tok-slow')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe('code exchange', () => {
  it('exchanges a code once, checks the client credentials and the code’s validity', async () => {
    await put('/__sim/codes/code-1', { accessToken: 'tok-healthy' });
    await put('/__sim/codes/code-2', { accessToken: 'tok-healthy', expiresInSeconds: 5_184_000, validForSeconds: 30 });
    const q = (code: string, secret = APP.secret, id = APP.id) => `/v24.0/oauth/access_token?client_id=${id}&client_secret=${secret}&code=${code}&redirect_uri=https%3A%2F%2Fapp.example.test%2Fcb`;
    expect((await graph(q('code-1', 'wrong'))).body.error).toMatchObject({ code: 1, message: 'Error validating client secret.' });
    expect((await graph(q('code-1', APP.secret, '1'))).body.error).toMatchObject({ code: 101 });
    expect((await graph(q('nope'))).body.error).toMatchObject({ code: 100, message: 'Invalid verification code format.' });
    expect((await graph(q('code-1'))).body).toEqual({ access_token: 'tok-healthy', token_type: 'bearer' });
    expect((await graph(q('code-1'))).body.error).toMatchObject({ code: 100, error_subcode: 36009 });
    clock += 31_000;
    expect((await graph(q('code-2'))).body.error).toMatchObject({ code: 100, error_subcode: 36007, message: 'This authorization code has expired.' });
    const log = await calls();
    const exchange = log.filter((c) => c.endpoint === 'oauth_access_token');
    expect(exchange.every((c) => !('client_secret' in c.params) && !('code' in c.params))).toBe(true);
    expect(exchange[0]!.params).toEqual({ client_id: APP.id, redirect_uri: 'https://app.example.test/cb' });
  });
});

describe('stand-in dialog (test/demo only)', () => {
  const dialog = (query: Record<string, string>, version = 'v24.0/') => {
    const url = new URL(`${base}/__sim/${version}dialog/oauth`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return fetch(url, { redirect: 'manual' });
  };
  const REDIRECT = 'https://app.example.test/reconnect/callback?keep=1';
  const exchange = (code: string, redirectUri = REDIRECT) =>
    graph(`/v24.0/oauth/access_token?client_id=${APP.id}&client_secret=${APP.secret}&code=${encodeURIComponent(code)}&redirect_uri=${encodeURIComponent(redirectUri)}`);

  it('redirects back with a fresh single-use code for the scripted token, bound to redirect_uri', async () => {
    expect((await dialog({ client_id: APP.id, redirect_uri: REDIRECT, state: 's1' })).status).toBe(409); // nothing scripted yet
    expect((await put('/__sim/dialog/outcome', { result: 'code', accessToken: 'tok-healthy' })).status).toBe(200);
    const answer = await dialog({ client_id: APP.id, redirect_uri: REDIRECT, state: 's1', config_id: '1', response_type: 'code' });
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.get('Location')!);
    expect(`${back.origin}${back.pathname}`).toBe('https://app.example.test/reconnect/callback');
    expect(back.searchParams.get('keep')).toBe('1');
    expect(back.searchParams.get('state')).toBe('s1');
    expect(back.hash).toBe('#_=_');
    const code = back.searchParams.get('code')!;
    expect((await exchange(code, 'https://app.example.test/other')).body.error).toMatchObject({ code: 100 });
    expect((await exchange(code)).body).toEqual({ access_token: 'tok-healthy', token_type: 'bearer' });
    expect((await exchange(code)).body.error).toMatchObject({ code: 100, error_subcode: 36009 });
    // Another visit, another code; 30 s later it has expired.
    const second = new URL((await dialog({ client_id: APP.id, redirect_uri: REDIRECT, state: 's2' }, '')).headers.get('Location')!);
    clock += 31_000;
    expect((await exchange(second.searchParams.get('code')!)).body.error).toMatchObject({ code: 100, error_subcode: 36007 });
  });

  it('plays Meta’s cancel redirect, and refuses a foreign client_id or a missing state / redirect_uri', async () => {
    await put('/__sim/dialog/outcome', { result: 'access_denied' });
    const back = new URL((await dialog({ client_id: APP.id, redirect_uri: REDIRECT, state: 's3' })).headers.get('Location')!);
    expect(Object.fromEntries(back.searchParams)).toEqual({ keep: '1', error: 'access_denied', error_code: '200', error_description: 'Permissions error', error_reason: 'user_denied', state: 's3' });
    expect((await dialog({ client_id: '999', redirect_uri: REDIRECT, state: 's' })).status).toBe(400);
    expect((await dialog({ client_id: APP.id, redirect_uri: REDIRECT })).status).toBe(400);
    expect((await dialog({ client_id: APP.id, redirect_uri: 'javascript:alert(1)', state: 's' })).status).toBe(400);
    expect((await put('/__sim/dialog/outcome', { result: 'code' })).status).toBe(400);
  });

  it('interactive: serves the screens, and the confirm step grants exactly what was selected', async () => {
    const two = { ...healthy, wabas: [...(healthy.wabas ?? []), { ...healthy.wabas![0]!, id: '900000000000002', name: 'Sales' }] };
    await put('/__sim/tokens/tok-base', two);
    const script = { appName: 'Acme Helpdesk', wabas: [{ id: '900000000000001', name: 'Support' }, { id: '900000000000002', name: 'Sales' }] };
    expect((await put('/__sim/dialog/outcome', { result: 'interactive', script, baseToken: 'tok-base', previousToken: 'tok-healthy' })).status).toBe(200);
    const page = await dialog({ client_id: APP.id, redirect_uri: REDIRECT, state: 's4' });
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('"confirmUrl":"oauth/confirm?redirect_uri=');
    // What the page's Save sends after the admin unticked Sales and switched messaging off.
    const confirm = (query: Record<string, string>) => {
      const url = new URL(`${base}/__sim/v24.0/dialog/oauth/confirm`);
      for (const [name, value] of Object.entries({ redirect_uri: REDIRECT, state: 's4', ...query })) url.searchParams.set(name, value);
      return fetch(url, { redirect: 'manual' });
    };
    const granted = await confirm({ outcome: 'granted', scopes: 'whatsapp_business_management', waba_mode: 'current', wabas: '900000000000001' });
    expect(granted.status).toBe(302);
    const back = new URL(granted.headers.get('Location')!);
    expect(back.searchParams.get('state')).toBe('s4');
    const token = (await exchange(back.searchParams.get('code')!)).body.access_token as string;
    expect(token).toMatch(/^tok-base~granted-/);
    const scenario = (await (await fetch(`${base}/__sim/tokens/${encodeURIComponent(token)}`)).json()) as { debugToken: { scopes: string[]; granularScopes: unknown[] }; wabas: { id: string }[] };
    expect(scenario.debugToken.scopes).toEqual(['whatsapp_business_management']);
    expect(scenario.debugToken.granularScopes).toEqual([{ scope: 'whatsapp_business_management', targetIds: ['900000000000001'] }]);
    expect(scenario.wabas.map((w) => w.id)).toEqual(['900000000000001']);
    // "Continue" re-applies the previous grant; Cancel is Meta's cancel redirect; junk is refused.
    const previous = new URL((await confirm({ outcome: 'previous' })).headers.get('Location')!);
    expect((await exchange(previous.searchParams.get('code')!)).body.access_token).toBe('tok-healthy');
    const cancelled = new URL((await confirm({ outcome: 'cancel' })).headers.get('Location')!);
    expect(cancelled.searchParams.get('error_reason')).toBe('user_denied');
    expect((await confirm({ outcome: 'granted', scopes: 'x', waba_mode: 'some', wabas: '' })).status).toBe(400);
  });

  it('interactive: "Continue" on "Reconnect to <App>?" re-applies the kept selection as a new token, not the current grant', async () => {
    const two = { ...healthy, wabas: [...(healthy.wabas ?? []), { ...healthy.wabas![0]!, id: '900000000000002', name: 'Sales' }] };
    await put('/__sim/tokens/tok-base', two);
    const script = {
      appName: 'Acme Helpdesk',
      previousGrant: { wabas: ['900000000000001'] },
      wabas: [{ id: '900000000000001', name: 'Support' }, { id: '900000000000002', name: 'Sales' }],
    };
    expect((await put('/__sim/dialog/outcome', { result: 'interactive', script, baseToken: 'tok-base', previousToken: 'tok-healthy' })).status).toBe(200);
    const continued = await fetch(`${base}/__sim/v24.0/dialog/oauth/confirm?${new URLSearchParams({ redirect_uri: REDIRECT, state: 's5', outcome: 'previous' })}`, { redirect: 'manual' });
    expect(continued.status).toBe(302);
    const token = (await exchange(new URL(continued.headers.get('Location')!).searchParams.get('code')!)).body.access_token as string;
    expect(token).toMatch(/^tok-base~previous-/);
    const scenario = (await (await fetch(`${base}/__sim/tokens/${encodeURIComponent(token)}`)).json()) as { debugToken: { scopes: string[]; granularScopes: unknown[] }; wabas: { id: string }[] };
    expect(scenario.wabas.map((w) => w.id)).toEqual(['900000000000001']);
    expect(scenario.debugToken.granularScopes).toEqual([
      { scope: 'whatsapp_business_management', targetIds: ['900000000000001'] },
      { scope: 'whatsapp_business_messaging', targetIds: ['900000000000001'] },
    ]);
    // A kept selection names Meta ids and WhatsApp permissions only.
    expect((await put('/__sim/dialog/outcome', { result: 'interactive', script: { ...script, previousGrant: { wabas: ['Sales'] } }, baseToken: 'tok-base' })).status).toBe(400);
    expect((await put('/__sim/dialog/outcome', { result: 'interactive', script: { ...script, previousGrant: { scopes: ['email'] } }, baseToken: 'tok-base' })).status).toBe(400);
  });
});

describe('control API', () => {
  it('validates scenarios with specific errors and stores nothing on error', async () => {
    const bad = await put('/__sim/tokens/tok-bad', { debugToken: { scopes: 'not-a-list', expires: { inDays: 'x' } }, faults: [{ pattern: ['explode'] }] });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { details: { path: string }[] };
    expect(body.details.map((d) => d.path)).toEqual(expect.arrayContaining(['debugToken.scopes', 'faults.0.pattern.0']));
    expect((await fetch(`${base}/__sim/tokens/tok-bad`)).status).toBe(404);
    const notJson = await fetch(`${base}/__sim/tokens/tok-bad`, { method: 'PUT', body: '{' });
    expect(notJson.status).toBe(400);
    expect((await put('/__sim/tokens/tok-typo', { ...healthy, delay: 5 })).status).toBe(400);
  });

  it('"Require App Secret": a customer-token call without a valid appsecret_proof gets error 100; debug_token does not need one', async () => {
    const missing = await graph('/900000000000001?fields=id', 'tok-healthy', null);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { code: 100, type: 'GraphMethodException', message: 'API calls from the server require an appsecret_proof argument' } });
    for (const wrong of [proofOf('tok-healthy', 'another-secret'), 'not-hex', proofOf('tok-other')]) {
      const refused = await graph('/900000000000001?fields=id', 'tok-healthy', wrong);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: { code: 100, type: 'GraphMethodException', message: 'Invalid appsecret_proof provided in the API argument' } });
    }
    expect((await graph('/900000000000001?fields=id', 'tok-healthy')).status).toBe(200);
    expect((await graph('/debug_token?input_token=tok-healthy', APP_TOKEN, null)).status).toBe(200);
    const log = await calls();
    expect(log.map((c) => c.proof)).toEqual(['missing', 'invalid', 'invalid', 'invalid', 'valid', null]);
    expect(JSON.stringify(log)).not.toContain(proofOf('tok-healthy'));
  });

  it('accepts calls without a proof when the app does not require it', async () => {
    const lax = createSimulatorApp(createSimulatorState(SimulatorFile.parse({ app: { ...APP, requireAppSecretProof: false }, tokens: { 'tok-healthy': healthy } })));
    const response = await lax.request('/900000000000001?fields=id', { headers: { Authorization: 'Bearer tok-healthy' } });
    expect(response.status).toBe(200);
  });

  it('throttled 80008 answers carry X-Business-Use-Case-Usage keyed by the business, with the scenario\'s wait', async () => {
    await put('/__sim/tokens/tok-buc', { ...healthy, regainAccessMinutes: 7, faults: [{ endpoints: ['waba'], pattern: ['rate-limit-80008'] }] });
    const response = await fetch(new URL(`${base}/900000000000001?fields=id&appsecret_proof=${proofOf('tok-buc')}`), { headers: { Authorization: 'Bearer tok-buc' } });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.headers.get('x-business-use-case-usage')!)).toEqual({
      '800000000000001': [{ type: 'whatsapp_business_management', call_count: 100, total_cputime: 4, total_time: 6, estimated_time_to_regain_access: 7 }],
    });
  });

  it('a scenario with usage sends the usage headers on ordinary answers too; a throttled answer\'s own headers win', async () => {
    await put('/__sim/tokens/tok-usage', { ...healthy, usage: { appPercent: 12, businessPercent: 40 }, regainAccessMinutes: 3, faults: [{ endpoints: ['phone_numbers'], pattern: ['rate-limit-80008'] }] });
    const ok = await fetch(new URL(`${base}/900000000000001?fields=id&appsecret_proof=${proofOf('tok-usage')}`), { headers: { Authorization: 'Bearer tok-usage' } });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.headers.get('x-app-usage')!)).toEqual({ call_count: 12, total_cputime: 3, total_time: 4 });
    expect(JSON.parse(ok.headers.get('x-business-use-case-usage')!)).toEqual({
      '800000000000001': [{ type: 'whatsapp_business_management', call_count: 40, total_cputime: 10, total_time: 13, estimated_time_to_regain_access: 0 }],
    });
    const debug = await fetch(new URL(`${base}/debug_token?input_token=tok-usage&access_token=${encodeURIComponent(APP_TOKEN)}`));
    expect(debug.status).toBe(200);
    expect(debug.headers.get('x-app-usage')).not.toBeNull();
    expect(debug.headers.get('x-business-use-case-usage')).toBeNull();
    const throttled = await fetch(new URL(`${base}/900000000000001/phone_numbers?appsecret_proof=${proofOf('tok-usage')}`), { headers: { Authorization: 'Bearer tok-usage' } });
    expect(throttled.status).toBe(400);
    expect(JSON.parse(throttled.headers.get('x-business-use-case-usage')!)['800000000000001'][0]).toMatchObject({ call_count: 100, estimated_time_to_regain_access: 3 });
    // Without usage: an ordinary answer carries none.
    const plain = await fetch(new URL(`${base}/900000000000001?fields=id&appsecret_proof=${proofOf('tok-healthy')}`), { headers: { Authorization: 'Bearer tok-healthy' } });
    expect(plain.headers.get('x-app-usage')).toBeNull();
  });

  it('lists calls without secrets, filtered by token, and forgets them on DELETE', async () => {
    await graph(`/debug_token?input_token=tok-healthy&access_token=${encodeURIComponent(APP_TOKEN)}`);
    await graph('/900000000000001?fields=id&access_token=tok-healthy');
    const log = await calls();
    expect(log.map((c) => [c.endpoint, c.token, c.tokenVia])).toEqual([
      ['debug_token', 'tok-healthy', 'query'],
      ['waba', 'tok-healthy', 'query'],
    ]);
    expect(JSON.stringify(log.map((c) => c.params))).not.toContain(APP.secret);
    expect(((await (await fetch(`${base}/__sim/calls?token=other`)).json()) as { calls: unknown[] }).calls).toEqual([]);
    await fetch(`${base}/__sim/calls`, { method: 'DELETE' });
    expect(await calls()).toEqual([]);
  });
});
