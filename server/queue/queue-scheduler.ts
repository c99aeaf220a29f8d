/**
 * The CheckScheduler for several backend instances on one PostgreSQL database (DATABASE_URL):
 * checks are jobs in pg-boss (https://github.com/timgit/pg-boss, v10: runs on Node 20, keeps its
 * jobs in its own `pgboss` schema of the same database, fetches with SKIP LOCKED, fails and
 * retries a job whose worker went silent past its expiry). SQLite keeps ../scheduler.ts.
 *
 *   plan (every instance, every planEveryMs)
 *     each connection without an unfinished job whose next check is due before the next plan:
 *       due = lastCheckedAt + interval ± jitter (never checked: within startupSpreadMs)
 *       → a ROUND job, singletonKey = connection, singletonSeconds = interval: two instances
 *         planning together insert it once (pg-boss's unique slot index)
 *   checkSoon (webhook), retries after a throttled/failing check
 *     → a SOON job, policy `short`: at most one queued per connection (a second webhook joins it)
 *   work (every instance, `concurrency` jobs at once; SOON before ROUND)
 *     job ─► covered already? ROUND: checked within half an interval (a manual check, a webhook)
 *            │                SOON: checked after the job was queued          ─► done, no Graph call
 *            ├► business / app backed off (shared, ./check-coordination.ts) ─► re-queued for then
 *            └► CheckRunner.run (takes the connection's lease: no two instances at once)
 *                 rate limited → back off its scope for everyone; retry as a SOON job
 *   expiry   a job active for longer than one check deadline plus a margin (its instance was
 *            killed) is failed by pg-boss's maintenance and retried by whichever instance fetches
 *            it next; the lease of the dead check expires just before.
 */
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import { z } from 'zod';
import type { CheckRun, CheckTrigger } from '../check-runner';
import type { CheckScheduler, IntervalSchedulerOptions, SchedulerHealth } from '../scheduler';
import { scopesOf, throttledScopes } from './backoff-scope';
import { DATABASE_BACKOFF, retryWithBackoff, RetryStopped, type Backoff } from '../retry';
import { databaseUnreachableReason } from '../store/db-unreachable';
import type { PgCheckCoordination } from './check-coordination';

export const ROUND_QUEUE = 'connection-check-round';
export const SOON_QUEUE = 'connection-check-soon';
const QUEUES = [ROUND_QUEUE, SOON_QUEUE];
const SCHEMA = 'pgboss';

/** The interval scheduler's timing and retries (../scheduler.ts), with the queue's own settings. */
export interface QueueSchedulerOptions extends Omit<IntervalSchedulerOptions, 'random'> {
  databaseUrl: string;
  /** The store's pool (coordination tables, health counts). */
  pool: pg.Pool;
  coordination: PgCheckCoordination;
  /** A job active for longer than this is taken to be lost (its instance died) and retried. */
  jobExpiryMs: number;
  /** How often pg-boss looks for expired jobs (seconds). */
  maintenanceSeconds: number;
  /** An idle worker looks for due jobs this often. */
  pollMs?: number;
  /** Start-up retries while the database is unreachable (default ../retry.ts DATABASE_BACKOFF). */
  startBackoff?: Backoff;
}

const JobData = z.object({
  connectionId: z.string().min(1).max(200),
  trigger: z.enum(['startup', 'schedule', 'retry', 'manual', 'reconnect', 'webhook']),
  attempt: z.number().int().min(0).max(100).default(0),
  rateLimited: z.boolean().default(false),
});
type JobData = z.infer<typeof JobData>;

type FetchedJob = PgBoss.JobWithMetadata<unknown>;

export class QueueScheduler implements CheckScheduler {
  readonly #o: QueueSchedulerOptions;
  #boss: PgBoss;
  readonly #handlers = new Set<Promise<void>>();
  #planTimer: NodeJS.Timeout | null = null;
  #wake: (() => void) | null = null;
  #loop: Promise<void> | null = null;
  #stopped = false;
  #ready = false;
  #last: SchedulerHealth = { ready: false, pendingInitialChecks: 0, retriesPending: { failing: 0, rateLimited: 0 }, backlog: 0 };

  readonly #stopping = new AbortController();

  constructor(options: QueueSchedulerOptions) {
    this.#o = options;
    this.#boss = this.#newBoss();
  }

  /** A fresh pg-boss client: one whose start failed cannot be started again. */
  #newBoss(): PgBoss {
    const options = this.#o;
    const boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: SCHEMA,
      max: Math.max(2, Math.min(10, options.concurrency)),
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: options.maintenanceSeconds,
      // Completed jobs stay in the job table (where the per-interval singleton index sees them)
      // for two intervals, then go to the archive, which is emptied after a day.
      archiveCompletedAfterSeconds: Math.max(3_600, Math.ceil((2 * options.intervalMs) / 1000)),
      deleteAfterDays: 1,
    });
    boss.on('error', (error: Error) => options.log.error('queue-error', { error: error.name, message: error.message.split('\n')[0]?.slice(0, 200) ?? '' }));
    return boss;
  }

  get #planEveryMs(): number {
    return Math.min(60_000, Math.max(1_000, this.#o.intervalMs / 4));
  }

  get #expirySeconds(): number {
    return Math.max(1, Math.ceil(this.#o.jobExpiryMs / 1000));
  }

  get pendingInitialChecks(): number {
    return this.#last.pendingInitialChecks;
  }

  get retriesPending(): { failing: number; rateLimited: number } {
    return this.#last.retriesPending;
  }

  /**
   * Starts the queue and the first plan. The database may be unreachable (not up yet, restarting):
   * then this retries with capped back-off (`startBackoff`) until it works or stop() is called,
   * and /healthz says not ready and why meanwhile. Only an error that waiting cannot fix rejects.
   */
  async start(): Promise<void> {
    try {
      await retryWithBackoff(() => this.#startOnce(), {
        backoff: this.#o.startBackoff ?? DATABASE_BACKOFF,
        signal: this.#stopping.signal,
        shouldRetry: (error) => databaseUnreachableReason(error) !== null,
        onFailure: (error, attempt, delayMs) => {
          const reason = databaseUnreachableReason(error) ?? 'unknown';
          this.#last = { ...this.#last, ready: false, reason: `job queue not started: ${reason}` };
          this.#o.log.warn('queue-start-retry', { reason, attempt: attempt + 1, delayMs });
        },
      });
    } catch (error) {
      if (error instanceof RetryStopped) return;
      this.#last = { ...this.#last, ready: false, reason: 'job queue failed to start (see the log)' };
      throw error;
    }
  }

  async #startOnce(): Promise<void> {
    try {
      await this.#boss.start();
      const common = { retryLimit: 5, retryDelay: 1, expireInSeconds: this.#expirySeconds };
      await this.#boss.createQueue(ROUND_QUEUE, { name: ROUND_QUEUE, policy: 'standard', ...common });
      await this.#boss.createQueue(SOON_QUEUE, { name: SOON_QUEUE, policy: 'short', ...common });
      if (this.#stopped) return;
      await this.#plan();
    } catch (error) {
      const failed = this.#boss;
      this.#boss = this.#newBoss();
      await failed.stop({ graceful: false, wait: true, close: true }).catch(() => undefined);
      throw error;
    }
    if (this.#stopped) return;
    this.#ready = true;
    this.#last = { ...this.#last, ready: true, reason: undefined };
    this.#o.log.info('queue-started', {});
    this.#planTimer = setInterval(() => void this.#plan().catch((error: unknown) => this.#logError('queue-plan-failed', error)), this.#planEveryMs);
    this.#planTimer.unref();
    this.#loop = this.#work();
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#stopping.abort();
    if (this.#planTimer) clearInterval(this.#planTimer);
    this.#wake?.();
    // Running checks are aborted; their jobs are failed below and so retried at once elsewhere.
    await this.#o.runner.close();
    await this.#loop;
    await Promise.allSettled([...this.#handlers]);
    await this.#boss.stop({ graceful: false, wait: true, close: true }).catch(() => undefined);
  }

  noteChecked(run: CheckRun): void {
    // The next ROUND job is planned from the stored lastCheckedAt, and a queued one sees the fresh
    // check and skips; only the back-off after a throttled manual check is ours to arrange.
    if (!run.completed || run.checkedElsewhere || this.#stopped) return;
    void this.#afterCheck(run, 0).catch((error: unknown) => this.#logError('queue-note-failed', error));
  }

  checkSoon(connectionIds: readonly string[], trigger: CheckTrigger): void {
    if (this.#stopped) return;
    void Promise.all(connectionIds.map((id) => this.#sendSoon({ connectionId: id, trigger, attempt: 0, rateLimited: false }, 0)))
      .then(() => this.#wake?.())
      .catch((error: unknown) => this.#logError('queue-send-failed', error));
  }

  async health(): Promise<SchedulerHealth> {
    if (!this.#ready) return this.#last;
    const { pool } = this.#o;
    const [never, retries, backlog] = await Promise.all([
      pool.query<{ n: string }>('SELECT count(*) AS n FROM connections WHERE last_checked_at IS NULL'),
      pool.query<{ rate_limited: boolean; n: string }>(
        `SELECT COALESCE((data->>'rateLimited')::boolean, false) AS rate_limited, count(*) AS n FROM ${SCHEMA}.job
          WHERE name = $1 AND state IN ('created', 'retry') AND data->>'trigger' = 'retry' GROUP BY 1`,
        [SOON_QUEUE],
      ),
      pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${SCHEMA}.job WHERE name = ANY($1::text[])
          AND (state = 'active' OR (state IN ('created', 'retry') AND start_after <= now()))`,
        [QUEUES],
      ),
    ]);
    const retriesPending = { failing: 0, rateLimited: 0 };
    for (const row of retries.rows) retriesPending[row.rate_limited ? 'rateLimited' : 'failing'] += Number(row.n);
    this.#last = { ready: true, pendingInitialChecks: Number(never.rows[0]?.n ?? 0), retriesPending, backlog: Number(backlog.rows[0]?.n ?? 0) };
    return this.#last;
  }

  /** Inserts the ROUND jobs due before the next plan (idempotent across instances). */
  async #plan(): Promise<void> {
    const now = Date.now();
    const horizon = now + this.#planEveryMs;
    const [connections, unfinished] = await Promise.all([
      this.#o.store.listAllConnections(),
      this.#o.pool.query<{ key: string }>(
        `SELECT DISTINCT singleton_key AS key FROM ${SCHEMA}.job WHERE name = ANY($1::text[]) AND state IN ('created', 'retry', 'active') AND singleton_key IS NOT NULL`,
        [QUEUES],
      ),
    ]);
    const queued = new Set(unfinished.rows.map((r) => r.key));
    const jobs: PgBoss.JobInsert[] = [];
    for (const conn of connections) {
      if (queued.has(conn.id)) continue;
      const last = conn.state?.lastCheckedAt ? Date.parse(conn.state.lastCheckedAt) : NaN;
      const jitter = this.#o.jitterRatio * (2 * unitHash(conn.id) - 1);
      const due = Number.isFinite(last) ? last + this.#o.intervalMs * (1 + jitter) : now + unitHash(conn.id) * this.#o.startupSpreadMs;
      if (due > horizon) continue;
      const data: JobData = { connectionId: conn.id, trigger: Number.isFinite(last) ? 'schedule' : 'startup', attempt: 0, rateLimited: false };
      jobs.push({
        name: ROUND_QUEUE,
        data,
        startAfter: new Date(Math.max(now, due)),
        singletonKey: conn.id,
        singletonSeconds: Math.max(1, Math.round(this.#o.intervalMs / 1000)),
        expireInSeconds: this.#expirySeconds,
        retryLimit: 5,
        retryDelay: 1,
      });
    }
    for (let i = 0; i < jobs.length; i += 1_000) await this.#boss.insert(jobs.slice(i, i + 1_000));
    if (jobs.length > 0) this.#wake?.();
  }

  /** Keeps up to `concurrency` jobs running; SOON jobs first. */
  async #work(): Promise<void> {
    const pollMs = this.#o.pollMs ?? 500;
    while (!this.#stopped) {
      let free = this.#o.concurrency - this.#handlers.size;
      let fetched = 0;
      if (free > 0) {
        try {
          for (const queue of [SOON_QUEUE, ROUND_QUEUE]) {
            if (free <= 0 || this.#stopped) break;
            const jobs = await this.#boss.fetch<unknown>(queue, { batchSize: free, includeMetadata: true });
            for (const job of jobs ?? []) {
              fetched += 1;
              free -= 1;
              this.#track(this.#handle(queue, job));
            }
          }
        } catch (error) {
          this.#logError('queue-fetch-failed', error);
        }
      }
      if (this.#stopped) break;
      // Full: wait for a slot. Nothing due: wait for the poll interval, a local checkSoon or a plan.
      if (free <= 0) await Promise.race([...this.#handlers]);
      else if (fetched === 0) await this.#sleep(pollMs);
    }
  }

  #track(handler: Promise<void>): void {
    this.#handlers.add(handler);
    void handler.finally(() => {
      this.#handlers.delete(handler);
    });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = null;
        done();
      };
    });
  }

  async #handle(queue: string, job: FetchedJob): Promise<void> {
    const parsed = JobData.safeParse(job.data);
    if (!parsed.success) {
      this.#o.log.error('queue-bad-job', { queue, job: job.id });
      await this.#boss.complete(queue, job.id).catch(() => undefined);
      return;
    }
    const data = parsed.data;
    try {
      const outcome = await this.#checkFor(queue, job, data);
      if (outcome === 'handed-back') await this.#boss.fail(queue, job.id, { reason: 'instance stopping' });
      else await this.#boss.complete(queue, job.id);
    } catch (error) {
      this.#logError('queue-job-failed', error, { connection: data.connectionId });
      // pg-boss retries it after its retry delay (on any instance).
      await this.#boss.fail(queue, job.id).catch(() => undefined);
    }
  }

  async #checkFor(queue: string, job: FetchedJob, data: JobData): Promise<'done' | 'handed-back'> {
    const { store, coordination, runner, intervalMs } = this.#o;
    const record = await store.getConnection(data.connectionId);
    if (!record) return 'done'; // removed since it was queued
    const last = record.state?.lastCheckedAt ? Date.parse(record.state.lastCheckedAt) : NaN;
    const covered = queue === ROUND_QUEUE ? last > Date.now() - intervalMs / 2 : data.trigger !== 'retry' && last >= job.createdOn.getTime();
    if (covered) return 'done';

    const app = await store.getAppSettings();
    const scopes = app ? scopesOf(app.appId, record.workspace.businessId) : [];
    const waitMs = await coordination.backOffRemainingMs(scopes);
    if (waitMs > 0) {
      await this.#sendSoon(data, waitMs);
      return 'done';
    }

    const run = await runner.run(data.connectionId, data.trigger, data.attempt);
    if (!run) return 'done';
    if (this.#stopped && !run.completed) return 'handed-back';
    if (run.checkedElsewhere) {
      // Another instance held the lease; a webhook's check must still start after the webhook.
      const after = run.state.lastCheckedAt ? Date.parse(run.state.lastCheckedAt) : NaN;
      const enough = queue === ROUND_QUEUE ? run.completed : after >= job.createdOn.getTime();
      if (!enough) await this.#sendSoon(data, 1_000);
      return 'done';
    }
    await this.#afterCheck(run, data.attempt);
    return 'done';
  }

  /** Shares a rate limit with every instance; queues the back-off retry (as ../scheduler.ts does). */
  async #afterCheck(run: CheckRun, attempt: number): Promise<void> {
    if (run.retryAfterMs === null) return;
    const record = await this.#o.store.getConnection(run.connectionId);
    const app = await this.#o.store.getAppSettings();
    const rateLimited = run.state.problems.some((p) => p.code === 'rate-limited');
    if (record && app) {
      const scopes = throttledScopes(run.state, app.appId, record.workspace.businessId);
      if (scopes.length > 0) {
        await this.#o.coordination.backOff(scopes, run.retryAfterMs);
        this.#o.log.info('check-backoff-shared', { scopes: scopes.join(','), delayMs: run.retryAfterMs });
      }
    }
    if (attempt >= (this.#o.maxRetries ?? 3)) return; // the next regular round
    this.#o.log.info('check-backoff', { connection: run.connectionId, attempt: attempt + 1, delayMs: run.retryAfterMs });
    await this.#sendSoon({ connectionId: run.connectionId, trigger: 'retry', attempt: attempt + 1, rateLimited }, run.retryAfterMs);
  }

  async #sendSoon(data: JobData, delayMs: number): Promise<void> {
    await this.#boss.send(SOON_QUEUE, data, {
      singletonKey: data.connectionId,
      startAfter: new Date(Date.now() + delayMs),
      expireInSeconds: this.#expirySeconds,
      retryLimit: 5,
      retryDelay: 1,
    });
  }

  #logError(event: string, error: unknown, extra: Record<string, string> = {}): void {
    this.#o.log.error(event, { ...extra, error: error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]?.slice(0, 200) ?? ''}` : 'unknown' });
  }
}

/** Creates or upgrades pg-boss's own schema (`npm run backend -- migrate`; start-up does it too). */
export async function migrateQueue(databaseUrl: string): Promise<void> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: SCHEMA, max: 2, schedule: false, supervise: false, migrate: true });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.stop({ graceful: false, wait: true, close: true });
}

/** A stable number in [0, 1) per connection: the same jitter on every instance. */
function unitHash(id: string): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) / 2 ** 32;
}
