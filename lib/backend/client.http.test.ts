// @vitest-environment node
/**
 * The client against a real HTTP server that misbehaves after its headers: a body that stalls is a
 * time-out (the backend stopped answering), and an oversized body is refused without being held.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchStatus } from './client';

let server: Server;
let base = '';
const open: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/stall/')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"apiVersion":"v1","generatedAt":'); // …and never the rest
      open.push(res);
      return;
    }
    if (req.url?.startsWith('/declared-huge/')) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(64 * 1024 * 1024) });
      res.write('{');
      open.push(res);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ padding: 'x'.repeat(200_000) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of open) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('backend client over real HTTP', () => {
  it('a body that stalls after the headers is a time-out, not "not JSON"', async () => {
    expect(await fetchStatus({ baseUrl: `${base}/stall`, token: 't' }, { timeoutMs: 300 })).toEqual({ kind: 'unreachable', message: 'timed out while receiving the answer' });
  });

  it('an answer larger than the cap is refused, declared or streamed', async () => {
    expect(await fetchStatus({ baseUrl: `${base}/declared-huge`, token: 't' }, { timeoutMs: 2_000 })).toEqual({ kind: 'invalid-response', message: expect.stringMatching(/larger than 33554432 bytes/) });
    expect(await fetchStatus({ baseUrl: `${base}/big`, token: 't' }, { timeoutMs: 2_000, maxBytes: 100_000 })).toEqual({ kind: 'invalid-response', message: 'the answer is larger than 100000 bytes' });
  });
});
