import { describe, expect, it } from 'vitest';
import { connection, statusDoc, workspace } from '../../tests/support/status-fixtures';
import { createReconnectLink, fetchHistory, fetchReconnectPlan, parseRetryAfter, postCheck, postFlowReport, testConnection, validateBackendUrl } from './client';

type Call = { url: string; method: string; headers: Headers; body: string | null };
function server(reply: (call: Call) => Response): { fetchImpl: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fetchImpl: async (url, init) => {
      const call = { url: String(url), method: init?.method ?? 'GET', headers: new Headers(init?.headers), body: (init?.body as string | undefined) ?? null };
      calls.push(call);
      return reply(call);
    },
  };
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const target = { baseUrl: 'https://backend.example.test/api/', token: 'tok-1' };
const plan = {
  apiVersion: 'v1',
  workspaceId: 'ws-1',
  appId: '300000000000001',
  configId: null,
  requiredScopes: ['whatsapp_business_management', 'whatsapp_business_messaging'],
  business: { id: '200000000000001', name: 'Acme Inc' },
  expectedWabas: [{ id: '100000000000001', name: 'Support line' }],
  currentlyGrantedWabaIds: ['100000000000001'],
  reconnectUrl: 'https://app.example.test/reconnect',
};

describe('createReconnectLink', () => {
  const link = { apiVersion: 'v1', workspaceId: 'ws-1', connectionId: 'wa-1', url: 'https://backend.example.test/reconnect/start?ticket=t', expiresAt: '2026-11-21T12:05:00Z' };

  it('POSTs the connection (or nothing: the workspace’s WhatsApp one) and validates the link', async () => {
    const s = server(() => json(link, 201));
    const named = await createReconnectLink(target, 'ws-1', 'wa-1', s);
    expect(named).toEqual({ kind: 'ok', data: link, etag: null });
    await createReconnectLink(target, 'ws-1', undefined, s);
    expect(s.calls.map((c) => [c.method, c.url, c.body, c.headers.get('Content-Type')])).toEqual([
      ['POST', 'https://backend.example.test/api/v1/workspaces/ws-1/reconnect-link', '{"connectionId":"wa-1"}', 'application/json'],
      ['POST', 'https://backend.example.test/api/v1/workspaces/ws-1/reconnect-link', '{}', 'application/json'],
    ]);
  });

  it('a backend without the endpoint (404), a bad link, and no backend are outcomes, not exceptions', async () => {
    expect(await createReconnectLink(target, 'ws-1', undefined, server(() => json({ error: { code: 'not-found', message: 'x' } }, 404)))).toMatchObject({ kind: 'http-error', httpStatus: 404 });
    expect((await createReconnectLink(target, 'ws-1', undefined, server(() => json({ ...link, url: 'http://evil.example/x' }, 201)))).kind).toBe('invalid-response');
    expect((await createReconnectLink(target, 'ws-1', undefined, server(() => json({ ...link, expiresAt: 'soon' }, 201)))).kind).toBe('invalid-response');
    expect(await createReconnectLink({ baseUrl: null, token: null }, 'ws-1')).toEqual({ kind: 'not-configured' });
  });
});

describe('backend client', () => {
  it('calls every contract endpoint with the bearer token and validates the answers', async () => {
    const s = server((call) => {
      if (call.url.endsWith('/checks')) return json({ apiVersion: 'v1', workspace: workspace([connection('healthy')]) });
      if (call.url.endsWith('/reconnect-plan')) return json(plan);
      if (call.url.includes('/history')) return json({ apiVersion: 'v1', workspaceId: 'ws-1', entries: [] });
      return json({ apiVersion: 'v1', id: 'fr-1', receivedAt: '2026-11-21T12:00:00Z' });
    });
    expect((await postCheck(target, 'ws-1', s)).kind).toBe('ok');
    expect((await fetchReconnectPlan(target, 'ws-1', s)).kind).toBe('ok');
    expect((await fetchHistory(target, 'ws 1', 9999, s)).kind).toBe('ok');
    const report = { workspaceId: 'ws-1', startedAt: '2026-11-21T11:00:00Z', endedAt: '2026-11-21T11:05:00Z', source: 'oauth-dialog' as const, outcome: 'completed' as const };
    expect((await postFlowReport(target, report, s)).kind).toBe('ok');
    expect(s.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST https://backend.example.test/api/v1/workspaces/ws-1/checks',
      'GET https://backend.example.test/api/v1/workspaces/ws-1/reconnect-plan',
      'GET https://backend.example.test/api/v1/workspaces/ws%201/history?limit=500',
      'POST https://backend.example.test/api/v1/flow-reports',
    ]);
    expect(s.calls.every((c) => c.headers.get('Authorization') === 'Bearer tok-1')).toBe(true);
    expect(s.calls.some((c) => c.url.includes('tok-1'))).toBe(false);
  });

  it('rejects a plan whose reconnect URL is not https', async () => {
    const s = server(() => json({ ...plan, reconnectUrl: 'javascript:alert(1)' }));
    expect(await fetchReconnectPlan(target, 'ws-1', s)).toMatchObject({ kind: 'invalid-response', message: expect.stringMatching(/reconnectUrl/) });
  });

  it('times out into "unreachable"', async () => {
    const hang: typeof fetch = (_url, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    expect(await postCheck(target, 'ws-1', { fetchImpl: hang, timeoutMs: 20 })).toEqual({ kind: 'unreachable', message: 'timed out' });
  });

  it('reads Retry-After in both forms', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter('Sat, 21 Nov 2026 12:01:00 GMT', Date.parse('2026-11-21T12:00:00Z'))).toBe(60);
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('accepts https and local http backend URLs only', () => {
    expect(validateBackendUrl('https://a.example.test/api')).toEqual({ ok: true, url: 'https://a.example.test/api' });
    expect(validateBackendUrl('http://localhost:8787')).toMatchObject({ ok: true });
    expect(validateBackendUrl('ftp://a.example.test')).toMatchObject({ ok: false });
    expect(validateBackendUrl('https://a.example.test/?q=1')).toMatchObject({ ok: false, error: expect.stringMatching(/query/) });
  });
});

describe('testConnection (options page)', () => {
  it.each([
    ['ok', () => json(statusDoc([workspace([connection('healthy')])])), 'ok', /1 workspace/],
    ['401', () => json({ error: { code: 'unauthorized', message: 'no' } }, 401), 'unauthorized', /refused the access token/],
    ['404', () => new Response('not here', { status: 404 }), 'incompatible', /no \/v1\/status endpoint/],
    ['HTML', () => new Response('<html></html>', { status: 200 }), 'incompatible', /not JSON/],
    ['another API', () => json({ hello: 'world' }), 'incompatible', /apiVersion/],
    ['network down', () => { throw new TypeError('fetch failed'); }, 'unreachable', /did not answer/],
  ] as const)('%s → %s', async (_name, reply, result, message) => {
    const s = server(reply as (call: Call) => Response);
    const outcome = await testConnection('http://127.0.0.1:9/', 'zq-secret-91', s);
    expect(outcome.result).toBe(result);
    expect(outcome.message).toMatch(message);
    expect(outcome.message).not.toContain('zq-secret-91');
  });

  it('checks its input before calling anything', async () => {
    const s = server(() => json({}));
    expect(await testConnection('', 'tok', s)).toMatchObject({ result: 'invalid-input' });
    expect(await testConnection('https://a.example.test', ' ', s)).toMatchObject({ result: 'invalid-input' });
    expect(s.calls).toEqual([]);
  });
});
