// @vitest-environment node
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appSecretProof, HttpGraphClient } from './graph-client';

let server: Server;
let base: string;
let seen: { url: string; auth: string | undefined }[];
let reply: (req: IncomingMessage, res: ServerResponse) => void;

beforeEach(async () => {
  seen = [];
  reply = (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id":"1"}');
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', auth: req.headers.authorization });
    reply(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('HttpGraphClient', () => {
  it('prefixes base URL and version, sends the access token as a Bearer header, never in the URL', async () => {
    const client = new HttpGraphClient({ baseUrl: `${base}/`, version: 'v24.0', timeoutMs: 2_000 });
    const result = await client.get('/900000000000011', { access_token: 'EAAGsecret-token', fields: 'id,name' });
    expect(result).toEqual({ ok: true, httpStatus: 200, body: { id: '1' } });
    expect(seen[0]).toEqual({ url: '/v24.0/900000000000011?fields=id%2Cname', auth: 'Bearer EAAGsecret-token' });
    await client.get('/debug_token', { input_token: 'customer', access_token: '1|s' });
    expect(seen[1]!.url).toBe('/v24.0/debug_token?input_token=customer');
  });

  it('signs a call asked to be signed with appsecret_proof = hex HMAC-SHA256(token, key = app secret)', async () => {
    // Independent vector: computed here with node:crypto, and one published HMAC-SHA256 test
    // vector (RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?").
    expect(appSecretProof('what do ya want for nothing?', 'Jefe')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    const expected = createHmac('sha256', 'app-secret-7').update('EAAGcustomer-token').digest('hex');
    const client = new HttpGraphClient({ baseUrl: base, version: 'v24.0', timeoutMs: 2_000 });
    await client.get('/900000000000011', { access_token: 'EAAGcustomer-token', fields: 'id', appsecret_proof: 'caller-supplied' }, { appSecret: 'app-secret-7' });
    expect(seen[0]).toEqual({ url: `/v24.0/900000000000011?fields=id&appsecret_proof=${expected}`, auth: 'Bearer EAAGcustomer-token' });
    // Unsigned calls (debug_token with the app token) carry no proof.
    await client.get('/debug_token', { input_token: 'EAAGcustomer-token', access_token: '1|s' });
    expect(seen[1]!.url).toBe('/v24.0/debug_token?input_token=EAAGcustomer-token');
    // Nothing to sign without an access token.
    await client.get('/x', {}, { appSecret: 'app-secret-7' });
    expect(seen[2]!.url).toBe('/v24.0/x');
  });

  it('hands back the rate-limit headers raw (only those), and none when Graph sends none', async () => {
    const usage = '{"800000000000001":[{"type":"whatsapp_business_management","call_count":100,"total_cputime":4,"total_time":6,"estimated_time_to_regain_access":3}]}';
    reply = (_req, res) =>
      res.writeHead(400, { 'Content-Type': 'application/json', 'X-Business-Use-Case-Usage': usage, 'X-App-Usage': '{"call_count":7}', 'Retry-After': '60', 'X-FB-Trace-ID': 'abc' }).end('{"error":{"code":80008}}');
    const client = new HttpGraphClient({ baseUrl: base, version: 'v24.0', timeoutMs: 2_000 });
    expect(await client.get('/x', {})).toEqual({
      ok: true,
      httpStatus: 400,
      body: { error: { code: 80008 } },
      headers: { 'retry-after': '60', 'x-business-use-case-usage': usage, 'x-app-usage': '{"call_count":7}' },
    });
    reply = (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    expect(await client.get('/x', {})).toEqual({ ok: true, httpStatus: 200, body: {} });
  });

  it('returns error answers as data (any status, JSON or not)', async () => {
    reply = (_req, res) => res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":{"code":190}}');
    const client = new HttpGraphClient({ baseUrl: base, version: 'v24.0', timeoutMs: 2_000 });
    expect(await client.get('/x', {})).toEqual({ ok: true, httpStatus: 400, body: { error: { code: 190 } } });
    reply = (_req, res) => res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html>Bad Gateway</html>');
    expect(await client.get('/x', {})).toEqual({ ok: true, httpStatus: 502, body: '<html>Bad Gateway</html>' });
  });

  it('times out per request, and reports the check deadline when its signal aborts', async () => {
    reply = () => {};
    const client = new HttpGraphClient({ baseUrl: base, version: 'v24.0', timeoutMs: 200 });
    expect(await client.get('/x', { access_token: 't' })).toEqual({ ok: false, network: 'timeout', message: 'no answer within 200 ms' });
    const controller = new AbortController();
    const slow = new HttpGraphClient({ baseUrl: base, version: 'v24.0', timeoutMs: 60_000 }).withSignal(controller.signal);
    setTimeout(() => controller.abort(), 100);
    expect(await slow.get('/x', {})).toEqual({ ok: false, network: 'timeout', message: 'the check ran out of time' });
  });

  it('reports a refused connection without the URL or the token', async () => {
    const port = (server.address() as AddressInfo).port;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const client = new HttpGraphClient({ baseUrl: `http://127.0.0.1:${port}`, version: 'v24.0', timeoutMs: 2_000 });
    const result = await client.get('/debug_token', { input_token: 'EAAGcustomer', access_token: '1|secret' });
    expect(result).toEqual({ ok: false, network: 'error', message: 'network error (ECONNREFUSED)' });
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  it('refuses answers over 2 MB', async () => {
    reply = (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(`"${'x'.repeat(3 * 1024 * 1024)}"`);
    const client = new HttpGraphClient({ baseUrl: base, version: 'v24.0', timeoutMs: 5_000 });
    expect(await client.get('/x', {})).toEqual({ ok: false, network: 'error', message: 'the Graph answer is larger than 2 MB' });
  });
});
