/**
 * What several backend instances on one PostgreSQL database must agree on besides the job queue
 * itself (tables from ../store/pg-migrations.ts, version 3):
 *
 *   check_leases    one row per connection being checked: the instance holding it, and until when.
 *                   A check takes the lease first, so a manual POST …/checks on instance A and a
 *                   queued job on instance B never call Graph for the same connection at the same
 *                   moment. A killed instance's lease simply expires (about one check deadline).
 *   check_backoffs  "Graph throttled this business / this app until T": every instance defers
 *                   the checks in that scope until T instead of each finding out by itself.
 *
 * Both are plain rows with a time, compared with the database's clock (`now()`), so instances with
 * skewed clocks still agree.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { CheckLeases } from '../check-runner';

export class PgCheckCoordination implements CheckLeases {
  /** This instance, as the holder of its leases. */
  readonly holder = `instance-${randomUUID()}`;
  readonly #pool: pg.Pool;
  readonly #ttlMs: number;

  constructor(pool: pg.Pool, options: { leaseMs: number }) {
    this.#pool = pool;
    this.#ttlMs = options.leaseMs;
  }

  /** True when this instance now holds the connection's lease (free, expired, or already ours). */
  async acquire(connectionId: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      `INSERT INTO check_leases (connection_id, holder, expires_at)
         VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (connection_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
         WHERE check_leases.expires_at < now() OR check_leases.holder = EXCLUDED.holder`,
      [connectionId, this.holder, this.#ttlMs],
    );
    return rowCount === 1;
  }

  async release(connectionId: string): Promise<void> {
    await this.#pool.query('DELETE FROM check_leases WHERE connection_id = $1 AND holder = $2', [connectionId, this.holder]);
  }

  /** Someone (maybe another instance) holds an unexpired lease on this connection. */
  async held(connectionId: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query('SELECT 1 FROM check_leases WHERE connection_id = $1 AND expires_at >= now()', [connectionId]);
    return (rowCount ?? 0) > 0;
  }

  /** Extends (never shortens) the back-off of each scope to now + ms. */
  async backOff(scopes: readonly string[], ms: number): Promise<void> {
    if (scopes.length === 0) return;
    await this.#pool.query(
      `INSERT INTO check_backoffs (scope, until)
         SELECT s, now() + $2 * interval '1 millisecond' FROM unnest($1::text[]) AS s
       ON CONFLICT (scope) DO UPDATE SET until = GREATEST(check_backoffs.until, EXCLUDED.until)`,
      [scopes, ms],
    );
  }

  /** How long until the latest back-off among these scopes ends (0: none is active). */
  async backOffRemainingMs(scopes: readonly string[]): Promise<number> {
    if (scopes.length === 0) return 0;
    const { rows } = await this.#pool.query<{ ms: string | null }>(
      `SELECT GREATEST(0, EXTRACT(EPOCH FROM (MAX(until) - now())) * 1000)::bigint AS ms FROM check_backoffs WHERE scope = ANY($1::text[])`,
      [scopes],
    );
    return Number(rows[0]?.ms ?? 0);
  }
}
