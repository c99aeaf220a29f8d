// @vitest-environment node
/**
 * PostgreSQL that is not there: a backend process started while its database server is down, and
 * the same server stopped and started again under a running backend (real processes, a throwaway
 * cluster paused with pg_ctl). Meanwhile /healthz says not ready and why, the API answers 503 with
 * Retry-After at once, and the backend recovers by itself when PostgreSQL answers again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, StatusResponse } from '../lib/contract';
import { startStack } from '../tests/support/backend-harness';
import { postgresUnavailableReason, startPgCluster, type PgCluster } from './testing/pg-cluster';

const unavailable = postgresUnavailableReason();
if (unavailable) process.stderr.write(`database outage tests skipped: ${unavailable}\n`);

const EXTENSION_ORIGIN = `chrome-extension://${'a'.repeat(32)}`;
/** Far longer than any answer should take: a request that hangs fails the test instead of stalling it. */
const HANG = 15_000;
/** server/demo/scenarios.json throttles this token on every call, so its retries keep coming. */
const THROTTLED_TOKEN = 'demo-token-quartz-whatsapp';

async function get(url: string, token?: string): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(url, {
    headers: { Origin: EXTENSION_ORIGIN, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    signal: AbortSignal.timeout(HANG),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function expectUnavailable(answer: { status: number; headers: Headers; body: unknown }): void {
  expect(answer.status).toBe(503);
  expect(answer.headers.get('Retry-After')).toMatch(/^\d+$/);
  expect(answer.headers.get('Access-Control-Allow-Origin')).toBe(EXTENSION_ORIGIN);
  expect(ApiError.parse(answer.body).error.message).toMatch(/database/);
}

describe.skipIf(unavailable !== null)('PostgreSQL unreachable', () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPgCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('at start-up: 503s with the reason meanwhile, then recovers by itself; the same after a restart of PostgreSQL under it', async () => {
    const databaseUrl = await cluster.createDatabase('outage');
    await cluster.pause();
    const stack = await startStack({
      databaseUrl,
      awaitInitialChecks: false,
      backendEnv: { DATABASE_RETRY_MAX_SECONDS: '2', CHECK_STARTUP_SPREAD_MS: '0' },
    });
    try {
      const status = `${stack.backendUrl}/v1/status`;
      const waiting = await get(`${stack.backendUrl}/healthz`);
      expect(waiting.status).toBe(503);
      expect(waiting.body).toMatchObject({ status: 'starting', schedulerReady: false, reason: 'the database is not reachable (ECONNREFUSED)' });
      expectUnavailable(await get(status, stack.adminToken));
      // It keeps retrying (more than one attempt logged), without the database URL in its log.
      await until('a second attempt', 20_000, async () => (stack.backendLog().match(/database-unreachable/g) ?? []).length >= 2);
      expect(stack.backendLog()).not.toContain(databaseUrl);

      await cluster.resume();
      await until('/healthz ready', 30_000, async () => {
        const h = await get(`${stack.backendUrl}/healthz`);
        return h.status === 200 && (h.body as { schedulerReady: boolean }).schedulerReady;
      });
      await stack.waitForInitialChecks(60_000);
      const served = await get(status, stack.adminToken);
      expect(served.status).toBe(200);
      const workspaces = StatusResponse.parse(served.body).workspaces;
      expect(workspaces.length).toBeGreaterThan(0);
      expect(workspaces.flatMap((w) => w.connections).every((c) => c.lastCheckedAt !== null)).toBe(true);

      // Stopped under a running backend: clear 503s, not hanging requests nor 500s.
      await cluster.pause();
      expectUnavailable(await get(status, stack.adminToken));
      expect((await get(`${stack.backendUrl}/healthz`)).status).toBe(503);
      await cluster.resume();
      const resumedAt = Date.now();
      await until('/v1/status served again', 30_000, async () => (await get(status, stack.adminToken)).status === 200);
      await until('/healthz ready again', 30_000, async () => (await get(`${stack.backendUrl}/healthz`)).status === 200);
      // The queue works again too: the demo's always-throttled connection's back-off retry (a
      // queued job, 5 s after its first check) runs after the outage.
      await until('a queued retry after the outage', 60_000, async () =>
        (await stack.simulatorCalls(THROTTLED_TOKEN)).some((call) => call.endpoint === 'debug_token' && Date.parse(call.at) > resumedAt),
      );
    } finally {
      await stack.stop();
    }
  }, 180_000);
});
