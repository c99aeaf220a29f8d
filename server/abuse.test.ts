// @vitest-environment node
/**
 * The reference backend under abuse, over real HTTP with the production limits: a flood over the
 * per-admin rate limit, guessed tokens, repeated "check now", a 10 KB route, a client that never
 * finishes its headers. Each is refused with the right status while the server keeps answering
 * others, and nothing is stored. The loops are bounded and target loopback only.
 */
import { statSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckResponse, StatusResponse, paths } from '../lib/contract';
import { backendApi, expectError, expectOk, request } from '../tests/support/backend-api';
import { startStack, type Stack } from '../tests/support/backend-harness';

let stack: Stack;
let api: ReturnType<typeof backendApi>;

beforeAll(async () => {
  stack = await startStack({
    backendEnv: { API_BURST: '8', API_RATE_PER_MINUTE: '60', CHECK_COOLDOWN_SECONDS: '30', HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000' },
  });
  api = backendApi(stack.backendUrl, stack.adminToken);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe('our own API limits', () => {
  it('a repeated check within the cooldown answers the stored result and calls Graph no more', async () => {
    // The start-up round checked every connection moments ago: a manual check is in the cooldown.
    await stack.resetSimulatorCalls();
    const first = expectOk(await api.check('lumen-travel'));
    const again = expectOk(await api.check('lumen-travel'));
    expect(await stack.callsBesidesThrottled()).toEqual([]);
    for (const answer of [first, again]) expect(Date.parse(answer.cooldownUntil!)).toBeGreaterThan(Date.now());
    expect(again.workspace.connections.map((c) => c.lastCheckedAt)).toEqual(first.workspace.connections.map((c) => c.lastCheckedAt));
    expect(first.workspace.connections.every((c) => c.lastCheckedAt !== null)).toBe(true);
  });

  it('a flood from one admin token is cut off with 429 and Retry-After; another admin is still served', async () => {
    const answers: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 20; i += 1) {
      const answer = await request(stack.backendUrl, paths.status, StatusResponse, { token: stack.adminToken });
      answers.push(answer.status);
      if (answer.status === 429) {
        retryAfter = answer.headers.get('Retry-After');
        expect(answer.body).toMatchObject({ error: { code: 'rate-limited' } });
      }
    }
    expect(answers.filter((s) => s === 429).length).toBeGreaterThan(5);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(expectOk(await backendApi(stack.backendUrl, stack.otherAdminToken!).status()).workspaces.length).toBeGreaterThan(0);
  });

  it('guessed tokens from one address are slowed, but a valid token from the same address is not refused', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      statuses.push((await request(stack.backendUrl, paths.status, StatusResponse, { token: `guess-${i}-aaaaaaaaaaaaaaaaaaaaaaaa` })).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // The other admin (its bucket is its own) from the same loopback address still gets in.
    expect((await request(stack.backendUrl, paths.status, StatusResponse, { token: stack.otherAdminToken })).status).toBe(200);
  });
});

describe('hostile requests', () => {
  it('an unknown route of 10 KB is a clean 404', async () => {
    const answer = await request(stack.backendUrl, `/v1/${'x'.repeat(10_000)}`, CheckResponse, { token: stack.otherAdminToken });
    expectError(answer, 404, 'not-found');
  });

  it('a client that never finishes its headers is cut off, and the server goes on answering others', async () => {
    const { port } = new URL(stack.backendUrl);
    const socket = connect(Number(port), '127.0.0.1');
    const closed = new Promise<number>((resolve) => {
      const started = Date.now();
      socket.on('close', () => resolve(Date.now() - started));
    });
    socket.on('error', () => undefined);
    socket.resume(); // read the 408 and the end, or 'close' never fires
    socket.write('GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // …and nothing more
    expect((await fetch(`${stack.backendUrl}/healthz`)).status).toBe(200);
    const after = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 8_000))]);
    expect(after).toBeGreaterThan(0); // closed by the server, not by the test's own timeout
    expect((await fetch(`${stack.backendUrl}/healthz`)).status).toBe(200);
  });
});

describe('files at rest', () => {
  it('the SQLite database and its WAL are readable by their owner only', () => {
    for (const file of [stack.dbPath, `${stack.dbPath}-wal`]) {
      expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    }
  });
});
