// @vitest-environment node
/**
 * Leases and shared back-offs on a real PostgreSQL (throwaway cluster; fails under CI=true when
 * PostgreSQL is missing, skips elsewhere with the reason printed): two coordinators stand for two
 * instances on one database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgStore } from '../store/pg-store';
import { postgresUnavailableReason, startPgCluster, type PgCluster } from '../testing/pg-cluster';
import { PgCheckCoordination } from './check-coordination';

const unavailable = postgresUnavailableReason();
if (unavailable) process.stderr.write(`check-coordination tests skipped: ${unavailable}\n`);

describe.skipIf(unavailable !== null)('check leases and back-offs shared through PostgreSQL', () => {
  let cluster: PgCluster;
  let store: PgStore;
  beforeAll(async () => {
    cluster = await startPgCluster();
    store = await PgStore.open(await cluster.createDatabase('coordination'));
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
  });

  it('one instance at a time holds a connection; a dead holder’s lease ends by itself', async () => {
    const a = new PgCheckCoordination(store.pool, { leaseMs: 400 });
    const b = new PgCheckCoordination(store.pool, { leaseMs: 400 });
    expect(await a.acquire('conn-1')).toBe(true);
    expect(await a.acquire('conn-1')).toBe(true); // its own lease, renewed
    expect(await b.acquire('conn-1')).toBe(false);
    expect(await b.held('conn-1')).toBe(true);
    expect(await b.acquire('conn-2')).toBe(true);
    await b.release('conn-1'); // not b's: no effect
    expect(await b.acquire('conn-1')).toBe(false);
    await a.release('conn-1');
    expect(await a.held('conn-1')).toBe(false);
    expect(await b.acquire('conn-1')).toBe(true);
    // b "dies" holding conn-1: after the lease time a takes it over.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await a.acquire('conn-1')).toBe(true);
  });

  it('a back-off is seen by every instance and only ever extended', async () => {
    const a = new PgCheckCoordination(store.pool, { leaseMs: 1_000 });
    const b = new PgCheckCoordination(store.pool, { leaseMs: 1_000 });
    expect(await b.backOffRemainingMs(['app:1', 'business:2'])).toBe(0);
    await a.backOff(['business:2'], 60_000);
    await a.backOff(['business:2'], 1_000); // shorter: keeps the longer one
    const remaining = await b.backOffRemainingMs(['app:1', 'business:2']);
    expect(remaining).toBeGreaterThan(50_000);
    expect(remaining).toBeLessThanOrEqual(60_000);
    expect(await b.backOffRemainingMs(['app:1', 'business:3'])).toBe(0);
    expect(await b.backOffRemainingMs([])).toBe(0);
  });
});
