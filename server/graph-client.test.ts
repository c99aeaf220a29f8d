// @vitest-environment node
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpGraphClient } from './graph-client';

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
