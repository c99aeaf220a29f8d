// @vitest-environment node
/**
 * The reference backend over real HTTP (child processes from tests/support/backend-harness.ts,
 * the demo seed against the Graph API simulator): contract validity of every answer, auth,
 * workspace isolation, the reconnect plan, flow reports and history, bad input (nothing stored),
 * ETag/304, CORS for extension origins, and no secret in the log.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, paths, type FlowReport, type StatusResponse } from '../lib/contract';
import { buildOpenApiDocument } from '../lib/contract/openapi';
import { backendApi, expectError, expectOk, observedAnswers, request } from '../tests/support/backend-api';
import { startStack, type Stack } from '../tests/support/backend-harness';
import { stackStores } from './testing/stack-stores';

const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const FIREFOX_ORIGIN = 'moz-extension://0b3d5f3e-9d4c-4c1e-9a3b-2f1e0d9c8b7a';
const expected = JSON.parse(readFileSync(new URL('./demo/expected.json', import.meta.url), 'utf8')) as {
  connections: Record<string, { status: string; problems: string[] }>;
};

let stack: Stack;
let api: ReturnType<typeof backendApi>;

async function historyRows(): Promise<number> {
  if (stack.databaseUrl) {
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM history')).rows[0]!.n);
    } finally {
      await client.end();
    }
  }
  const db = new Database(stack.dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM history').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const report = (overrides: Partial<FlowReport> = {}): FlowReport => ({
  workspaceId: 'north-bakery',
  startedAt: '2026-11-21T10:00:00Z',
  endedAt: '2026-11-21T10:03:00Z',
  source: 'embedded-signup',
  outcome: 'completed',
  currentStep: null,
  errorCode: null,
  businessId: '800000000000005',
  wabaMode: 'selected',
  wabas: [
    { id: '900000000000051', name: 'North Bakery Orders', selected: true },
    { id: '900000000000052', name: 'North Bakery Catering', selected: false },
  ],
  permissions: [
    { scope: 'whatsapp_business_management', granted: true },
    { scope: 'whatsapp_business_messaging', granted: true },
  ],
  alerts: [],
  ...overrides,
});

describe.each(stackStores())('on $name', (kind) => {
  beforeAll(async () => {
    stack = await startStack({ databaseUrl: await kind.databaseUrl(), backendEnv: { CORS_ALLOWED_ORIGINS: 'https://app.example.test' } });
    api = backendApi(stack.backendUrl, stack.adminToken);
    // startStack waited until the scheduler had read its connections, every start-up check was
    // stored, and no transient failure's retry was pending (/healthz).
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    await kind.teardown();
  });

  describe('GET /v1/status', () => {
    it('lists exactly the admin’s workspaces, each connection with the status the demo expects', async () => {
      const body = expectOk<StatusResponse>(await api.status());
      expect(body.workspaces.map((w) => w.id)).toEqual([
        'acme-support',
        'harbor-shop',
        'juniper-dental',
        'lumen-travel',
        'north-bakery',
        'orbit-fitness',
        'pine-legal',
        'quartz-studio',
      ]);
      const connections = body.workspaces.flatMap((w) => w.connections);
      for (const conn of connections) {
        const want = expected.connections[conn.id];
        expect(want, conn.id).toBeDefined();
        expect({ id: conn.id, status: conn.status }).toEqual({ id: conn.id, status: want!.status });
        expect([...new Set(conn.problems.map((p) => p.code))].sort(), conn.id).toEqual([...want!.problems].sort());
        expect(conn.lastCheckedAt, conn.id).not.toBeNull();
      }
      const pine = connections.find((c) => c.id === 'pine-wa')!;
      expect(pine.tokenType).toBe('business-integration');
      expect(pine.wabas[0]).toMatchObject({ id: '900000000000071', health: 'limited' });
      const orbit = connections.find((c) => c.id === 'orbit-wa')!;
      expect(orbit.authorizingUser).toMatchObject({ id: '600000000000061', role: 'employee' });
    });

    it('answers 304 to a matching If-None-Match, and a new ETag once content changed', async () => {
      const first = await api.status();
      const etag = first.headers.get('ETag');
      expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
      expect(first.headers.get('Cache-Control')).toContain('no-cache');

      const again = await api.status(etag!);
      expect(again.status).toBe(304);
      expect(again.raw).toBe('');
      expect(again.headers.get('ETag')).toBe(etag);
      expect((await api.status('"something-else", ' + etag)).status).toBe(304);
      expect((await api.status('"something-else"')).status).toBe(200);

      expectOk(await api.check('harbor-shop')); // lastCheckedAt moves: the content changed
      const after = await api.status(etag!);
      expect(after.status).toBe(200);
      expect(after.headers.get('ETag')).not.toBe(etag);
    });

    it('gives the other admin only their own workspace', async () => {
      const other = backendApi(stack.backendUrl, stack.otherAdminToken);
      const body = expectOk<StatusResponse>(await other.status());
      expect(body.workspaces.map((w) => w.id)).toEqual(['zeta-private']);
    });
  });

  describe('authentication and isolation', () => {
    const endpoints: [string, string, string?][] = [
      ['GET', paths.status],
      ['GET', paths.reconnectPlan('acme-support')],
      ['POST', paths.checks('acme-support')],
      ['GET', paths.history('acme-support')],
      ['POST', paths.flowReports, JSON.stringify(report())],
    ];

    it.each(endpoints)('%s %s: 401 without a token, with a wrong one, with a non-Bearer scheme', async (method, path, body) => {
      const headers = body ? { 'Content-Type': 'application/json' } : undefined;
      const missing = await request(stack.backendUrl, path, ApiError, { method, body, headers });
      expectError(missing, 401, 'unauthorized');
      expect(missing.headers.get('WWW-Authenticate')).toMatch(/^Bearer realm=/);
      const wrong = await request(stack.backendUrl, path, ApiError, { method, body, headers, token: 'not-the-admin-token-0000000000' });
      expectError(wrong, 401, 'unauthorized');
      expect(wrong.headers.get('WWW-Authenticate')).toContain('error="invalid_token"');
      const basic = await request(stack.backendUrl, path, ApiError, {
        method,
        body,
        headers: { ...headers, Authorization: `Basic ${Buffer.from(`x:${stack.adminToken}`).toString('base64')}` },
      });
      expectError(basic, 401, 'unauthorized');
    });

    it('answers 404 (not 403) for another admin’s workspace, exactly as for one that does not exist', async () => {
      for (const id of ['zeta-private', 'no-such-workspace']) {
        const plan = expectError(await api.plan(id), 404, 'not-found');
        expect(plan.error.message).toBe(`No workspace "${id}" for this admin.`);
        expectError(await api.check(id), 404, 'not-found');
        expectError(await api.history(id), 404, 'not-found');
        expectError(await api.flowReport(JSON.stringify(report({ workspaceId: id }))), 404, 'not-found');
      }
      const other = backendApi(stack.backendUrl, stack.otherAdminToken);
      expectError(await other.plan('acme-support'), 404, 'not-found');
      expectOk(await other.plan('zeta-private'));
    });

    it('rejects an invalid workspace id with 400 and details', async () => {
      const answer = expectError(await api.plan('bad%20id'), 400, 'bad-request');
      expect(answer.error.details?.[0]?.path).toBe('id');
    });

    it('answers unknown routes with a contract error', async () => {
      expectError(await request(stack.backendUrl, '/v1/nothing-here', ApiError, { token: stack.adminToken }), 404, 'not-found');
    });
  });

  describe('GET /v1/workspaces/{id}/reconnect-plan', () => {
    it('says what a correct reconnect grants, with the WABAs the current token covers', async () => {
      const acme = expectOk(await api.plan('acme-support'));
      expect(acme).toEqual({
        apiVersion: 'v1',
        workspaceId: 'acme-support',
        appId: '700000000000001',
        configId: '700000000000101',
        appName: 'Reconnect Demo App',
        requiredScopes: ['whatsapp_business_management', 'whatsapp_business_messaging', 'catalog_management'],
        business: { id: '800000000000001', name: 'Acme Trading Co. (demo)' },
        expectedWabas: [
          { id: '900000000000011', name: 'Acme Support Line' },
          { id: '900000000000012', name: 'Acme Sales Line' },
        ],
        currentlyGrantedWabaIds: ['900000000000011', '900000000000012'],
        reconnectUrl: 'https://app.example.test/settings/whatsapp/reconnect?workspace=acme-support',
      });
      const north = expectOk(await api.plan('north-bakery'));
      expect(north.requiredScopes).toEqual(['whatsapp_business_management', 'whatsapp_business_messaging']);
      expect(north.currentlyGrantedWabaIds).toEqual(['900000000000051']);
      const juniper = expectOk(await api.plan('juniper-dental'));
      expect(juniper.currentlyGrantedWabaIds).toEqual([]);
    });
  });

  describe('POST /v1/workspaces/{id}/checks', () => {
    it('verifies now against Graph and returns the fresh workspace', async () => {
      const before = expectOk<StatusResponse>(await api.status()).workspaces.find((w) => w.id === 'lumen-travel')!;
      await stack.resetSimulatorCalls();
      const answer = expectOk(await api.check('lumen-travel'));
      expect(answer.workspace.id).toBe('lumen-travel');
      const conn = answer.workspace.connections[0]!;
      expect(conn.status).toBe('missing-scope');
      expect(conn.problems.find((p) => p.code === 'scope-missing')?.scope).toBe('whatsapp_business_messaging');
      expect(Date.parse(conn.lastCheckedAt!)).toBeGreaterThan(Date.parse(before.connections[0]!.lastCheckedAt!));
      const calls = await stack.simulatorCalls('demo-token-lumen-whatsapp');
      expect(calls.map((c) => c.endpoint)).toEqual(expect.arrayContaining(['debug_token', 'waba']));
      // The customer's token travels in the Authorization header, never in a URL.
      for (const call of calls) if (call.endpoint !== 'debug_token') expect(call.tokenVia).toBe('header');
      expect(calls.every((c) => c.version === 'v24.0')).toBe(true);
    });
  });

  describe('flow reports and history', () => {
    it('stores a valid report (201) and lists it with the transitions, newest first', async () => {
      const accepted = expectOk(await api.flowReport(JSON.stringify(report())), 201);
      expect(accepted.id).toMatch(/^fr-/);
      const history = expectOk(await api.history('north-bakery'));
      expect(history.entries[0]).toMatchObject({ kind: 'flow-report', id: accepted.id, report: { outcome: 'completed', wabaMode: 'selected' } });
      const transition = history.entries.find((e) => e.kind === 'transition');
      expect(transition).toMatchObject({ kind: 'transition', connectionId: 'north-wa', from: 'unknown', to: 'missing-waba', problems: ['waba-missing'] });
      const times = history.entries.map((e) => Date.parse(e.at));
      expect(times).toEqual([...times].sort((a, b) => b - a));

      // Defaults of optional fields are applied and stored.
      const minimal = { workspaceId: 'north-bakery', startedAt: '2026-11-21T11:00:00Z', endedAt: '2026-11-21T11:01:00Z', source: 'oauth-dialog', outcome: 'cancelled' };
      const second = expectOk(await api.flowReport(JSON.stringify(minimal), 'application/json; charset=utf-8'), 201);
      const latest = expectOk(await api.history('north-bakery', '?limit=1'));
      expect(latest.entries).toHaveLength(1);
      expect(latest.entries[0]).toMatchObject({ id: second.id, report: { currentStep: null, wabas: [], permissions: [], alerts: [] } });
    });

    it('validates the history limit', async () => {
      for (const query of ['?limit=0', '?limit=501', '?limit=abc', '?limit=1.5']) {
        const answer = expectError(await api.history('north-bakery', query), 400, 'bad-request');
        expect(answer.error.details?.[0]?.path).toBe('limit');
      }
    });

    it('refuses bad input with a specific 4xx and stores nothing', async () => {
      const rows = await historyRows();

      const malformed = expectError(await api.flowReport('{"workspaceId": "north-bakery",'), 400, 'bad-request');
      expect(malformed.error.message).toBe('The body is not valid JSON.');
      expect(malformed.error.details?.[0]?.path).toBe('(body)');

      const wrongTypes = expectError(
        await api.flowReport(JSON.stringify({ ...report(), outcome: 'finished', wabas: [{ id: 12, name: null, selected: 'yes' }] })),
        400,
        'bad-request',
      );
      const detailPaths = wrongTypes.error.details?.map((d) => d.path) ?? [];
      expect(detailPaths).toEqual(expect.arrayContaining(['outcome', 'wabas.0.id', 'wabas.0.selected']));

      expectError(await api.flowReport(JSON.stringify({ ...report(), endedAt: '2026-11-21T09:00:00Z' })), 400, 'bad-request');
      expectError(await api.flowReport(JSON.stringify([report()])), 400, 'bad-request');
      expectError(await api.flowReport('null'), 400, 'bad-request');
      // Meta's free error text (names, ids) does not belong in a report: codes only.
      const freeText = expectError(await api.flowReport(JSON.stringify({ ...report(), errorCode: 'You don’t have permission to edit "Acme Global"' })), 400, 'bad-request');
      expect(freeText.error.details?.map((d) => d.path)).toEqual(['errorCode']);
      expectError(await api.flowReport(JSON.stringify({ ...report(), alerts: ['Admin permission required for Acme'] })), 400, 'bad-request');

      const huge = JSON.stringify({ ...report(), errorCode: 'x'.repeat(70 * 1024) });
      const tooLarge = expectError(await api.flowReport(huge), 413, 'payload-too-large');
      expect(tooLarge.error.message).toContain('65536');

      // Without Content-Length (a streamed body) the limit holds too.
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(8 * 1024)));
          controller.close();
        },
      });
      const streamed = await fetch(new URL(paths.flowReports, stack.backendUrl), {
        method: 'POST',
        headers: { Authorization: `Bearer ${stack.adminToken}`, 'Content-Type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
      expect(ApiError.parse(await streamed.json()).error.code).toBe('payload-too-large');

      expectError(await api.flowReport(JSON.stringify(report()), 'text/plain'), 415, 'unsupported-media-type');
      expectError(await api.flowReport(JSON.stringify(report()), 'application/x-www-form-urlencoded'), 415, 'unsupported-media-type');
      const noType = await request(stack.backendUrl, '/v1/flow-reports', ApiError, { method: 'POST', token: stack.adminToken, body: JSON.stringify(report()) });
      // fetch labels a string body text/plain; without any type the answer is the same.
      expectError(noType, 415, 'unsupported-media-type');

      expect(await historyRows()).toBe(rows);
    });
  });

  describe('CORS for the extension', () => {
    it('answers the preflight of an extension origin (Chrome and Firefox)', async () => {
      for (const origin of [EXTENSION_ORIGIN, FIREFOX_ORIGIN]) {
        const response = await fetch(new URL('/v1/status', stack.backendUrl), {
          method: 'OPTIONS',
          headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization,if-none-match' },
        });
        expect(response.status).toBe(204);
        expect(response.headers.get('Access-Control-Allow-Origin')).toBe(origin);
        expect(response.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain('authorization');
        expect(response.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain('if-none-match');
        expect(response.headers.get('Access-Control-Allow-Methods')).toContain('POST');
        expect(response.headers.get('Access-Control-Allow-Credentials')).toBeNull();
      }
    });

    it('labels answers (errors too) for extension origins and the configured web origin only', async () => {
      const ok = await fetch(new URL('/v1/status', stack.backendUrl), { headers: { Origin: EXTENSION_ORIGIN, Authorization: `Bearer ${stack.adminToken}` } });
      expect(ok.headers.get('Access-Control-Allow-Origin')).toBe(EXTENSION_ORIGIN);
      expect(ok.headers.get('Access-Control-Expose-Headers')?.split(/,\s*/)).toEqual(expect.arrayContaining(['ETag', 'Retry-After']));
      const unauthorized = await fetch(new URL('/v1/status', stack.backendUrl), { headers: { Origin: EXTENSION_ORIGIN } });
      expect(unauthorized.status).toBe(401);
      expect(unauthorized.headers.get('Access-Control-Allow-Origin')).toBe(EXTENSION_ORIGIN);
      const web = await fetch(new URL('/v1/status', stack.backendUrl), { method: 'OPTIONS', headers: { Origin: 'https://app.example.test', 'Access-Control-Request-Method': 'GET' } });
      expect(web.headers.get('Access-Control-Allow-Origin')).toBe('https://app.example.test');
      for (const origin of ['https://evil.example', 'chrome-extension://not-an-extension-id', 'null']) {
        const foreign = await fetch(new URL('/v1/status', stack.backendUrl), { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'GET' } });
        expect(foreign.headers.get('Access-Control-Allow-Origin'), origin).toBeNull();
      }
    });

    it('exposes ETag and Retry-After to extension origins, on answers and on errors alike', async () => {
      const exposed = (response: Response) => (response.headers.get('Access-Control-Expose-Headers') ?? '').split(',').map((h) => h.trim().toLowerCase());
      const ok = await fetch(new URL('/v1/status', stack.backendUrl), { headers: { Origin: FIREFOX_ORIGIN, Authorization: `Bearer ${stack.adminToken}` } });
      expect(ok.status).toBe(200);
      expect(exposed(ok)).toEqual(expect.arrayContaining(['etag', 'retry-after']));
      const refused = await fetch(new URL('/v1/status', stack.backendUrl), { headers: { Origin: EXTENSION_ORIGIN, Authorization: 'Bearer wrong-token-wrong-token-wrong' } });
      expect(refused.status).toBe(401);
      expect(exposed(refused)).toEqual(expect.arrayContaining(['etag', 'retry-after']));
    });
  });

  describe('secrets', () => {
    it('never writes a token or the app secret to the log, and never returns one', async () => {
      const status = await api.status();
      const plan = await api.plan('acme-support');
      const secrets = [
        stack.seed.meta.appSecret,
        ...stack.seed.admins.map((a) => a.token),
        ...stack.seed.workspaces.flatMap((w) => w.connections.map((c) => c.accessToken)),
      ];
      const log = stack.backendLog();
      expect(log).toContain('check connection=');
      for (const secret of secrets) {
        expect(log.includes(secret), 'secret in the backend log').toBe(false);
        expect(status.raw.includes(secret), 'secret in /v1/status').toBe(false);
        expect(plan.raw.includes(secret), 'secret in the plan').toBe(false);
      }
    });
  });

  describe('the OpenAPI document', () => {
    it('documents every status this backend answered with in these tests', () => {
      const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
      const template = (path: string) => path.replace(/^\/v1\/workspaces\/[^/]+\//, '/v1/workspaces/{id}/');
      const seen = new Set(observedAnswers.filter((a) => a.path.startsWith('/v1/') && a.path !== '/v1/nothing-here').map((a) => `${a.method} ${template(a.path)} ${a.status}`));
      expect(seen.size).toBeGreaterThan(15);
      const undocumented = [...seen].filter((entry) => {
        const [method, path, status] = entry.split(' ');
        return !doc.paths[path!]?.[method!.toLowerCase()]?.responses[status!];
      });
      expect(undocumented).toEqual([]);
    });
  });
});
