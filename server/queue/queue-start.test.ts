// @vitest-environment node
/**
 * The job queue's start while its PostgreSQL is down (a real throwaway cluster, paused): start()
 * keeps retrying with back-off and health() says not ready and why; when the server comes back
 * the queue starts by itself. stop() while it waits ends the wait at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRunner } from '../check-runner';
import { createLogger } from '../log';
import { PgStore } from '../store/pg-store';
import { postgresUnavailableReason, startPgCluster, type PgCluster } from '../testing/pg-cluster';
import { PgCheckCoordination } from './check-coordination';
import { QueueScheduler } from './queue-scheduler';

const unavailable = postgresUnavailableReason();
if (unavailable) process.stderr.write(`queue start tests skipped: ${unavailable}\n`);

describe.skipIf(unavailable !== null)('QueueScheduler start with PostgreSQL down', () => {
  let cluster: PgCluster;
  let url: string;
  let store: PgStore;
  const lines: string[] = [];
  const log = createLogger({ name: 'test', write: (line) => lines.push(line) });
  beforeAll(async () => {
    cluster = await startPgCluster();
    url = await cluster.createDatabase('queue_start');
    store = await PgStore.open(url); // the store's schema exists; the queue's not yet
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
  });

  const scheduler = () =>
    new QueueScheduler({
      store,
      pool: store.pool,
      coordination: new PgCheckCoordination(store.pool, { leaseMs: 5_000 }),
      // No connections are seeded, so no check ever runs: only the queue's own start is under test.
      runner: { close: async () => {}, busy: 0 } as unknown as CheckRunner,
      log,
      databaseUrl: url,
      intervalMs: 60_000,
      jitterRatio: 0,
      concurrency: 2,
      startupSpreadMs: 0,
      jobExpiryMs: 10_000,
      maintenanceSeconds: 60,
      startBackoff: { firstMs: 100, maxMs: 400 },
    });

  it('retries until the database is back, saying why meanwhile, then starts by itself', async () => {
    await cluster.pause();
    const queue = scheduler();
    let started = false;
    const starting = queue.start().then(() => {
      started = true;
    });
    try {
      for (let i = 0; i < 200 && lines.filter((l) => l.includes('queue-start-retry')).length < 3; i++) await new Promise((r) => setTimeout(r, 50));
      expect(lines.filter((l) => l.includes('queue-start-retry')).length).toBeGreaterThanOrEqual(3);
      expect(started).toBe(false);
      expect(await queue.health()).toMatchObject({ ready: false, reason: 'job queue not started: the database is not reachable (ECONNREFUSED)' });

      await cluster.resume();
      await starting;
      const health = await queue.health();
      expect(health).toMatchObject({ ready: true, backlog: 0 });
      expect(health.reason).toBeUndefined();
      expect(lines.some((l) => l.includes('queue-started'))).toBe(true);
    } finally {
      await queue.stop();
    }
  }, 60_000);

  it('stop() while it waits for the database ends start() without an error', async () => {
    await cluster.pause();
    try {
      const queue = scheduler();
      const starting = queue.start();
      await new Promise((r) => setTimeout(r, 300));
      await queue.stop();
      await expect(starting).resolves.toBeUndefined();
      expect((await queue.health()).ready).toBe(false);
    } finally {
      await cluster.resume();
    }
  }, 60_000);
});
