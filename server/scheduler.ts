/**
 * Periodic re-checks of every connection, behind a small interface so a job queue (many
 * workspaces, several server instances) can replace this in-process timer without touching the
 * routes or the check logic.
 *
 *   start ─► every connection due within `startupSpreadMs` (soon, jittered, never blocking start)
 *   due  ─► at most `concurrency` checks at once (CheckRunner.run; it records transitions)
 *   done ─► checkConnection said "Graph rate limited / failing" (retryAfterMs set)?
 *             yes: retry after retryAfterMs (checkConnection picks 5 s / 15 s / 45 s from the
 *                  attempt number the scheduler passes it); after `maxRetries` wait for the next
 *                  regular round (no hammering a throttled API)
 *             no:  next regular check after `intervalMs` ± `jitterRatio` (spreads the load so all
 *                  connections are not checked in the same second)
 */
import type { CheckRun, CheckRunner, CheckTrigger } from './check-runner';
import type { Logger } from './log';
import type { Store } from './store/store';

export interface CheckScheduler {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A check made outside the scheduler (POST …/checks): postpones that connection's next check. */
  noteChecked(run: CheckRun): void;
  /** Meta said something changed (a webhook): check these connections as soon as possible. */
  checkSoon(connectionIds: readonly string[], trigger: CheckTrigger): void;
  /** Connections whose first check since start-up has not finished yet. */
  readonly pendingInitialChecks: number;
  /** Connections waiting for a back-off retry, by why their last check did not finish. */
  readonly retriesPending: { failing: number; rateLimited: number };
  /** What /healthz reports (a queue on a database answers from the database). */
  health(): Promise<SchedulerHealth>;
}

export interface SchedulerHealth {
  /**
   * False until the scheduler has read the connections it must check: before that, "no initial
   * check pending" would only mean "not counted yet" (the list comes from the database after the
   * server already listens).
   */
  ready: boolean;
  /** While not ready: why (for example "job queue not started: the database is not reachable"). */
  reason?: string | undefined;
  pendingInitialChecks: number;
  retriesPending: { failing: number; rateLimited: number };
  /** Jobs due now and not finished, across every instance (the in-process scheduler: its own). */
  backlog: number;
}

export interface IntervalSchedulerOptions {
  store: Store;
  runner: CheckRunner;
  log: Logger;
  intervalMs: number;
  /** ± this fraction of intervalMs (0.1 = ±10 %). */
  jitterRatio: number;
  concurrency: number;
  /** Initial checks are spread over [0, startupSpreadMs). */
  startupSpreadMs: number;
  /** How many back-off retries (5 s, 15 s, 45 s) before waiting for the regular round. */
  maxRetries?: number;
  random?: () => number;
}

interface Slot {
  dueAt: number;
  trigger: CheckTrigger;
  /** Consecutive retries after rate-limited / failing checks. */
  attempt: number;
  /** A retry because Meta throttled the last check (not because it failed). */
  rateLimited?: boolean;
}

export class IntervalScheduler implements CheckScheduler {
  readonly #options: IntervalSchedulerOptions;
  readonly #slots = new Map<string, Slot>();
  readonly #running = new Set<string>();
  readonly #initial = new Set<string>();
  /** Asked for while a check was already running: that check may predate the change. */
  readonly #again = new Map<string, CheckTrigger>();
  #timer: NodeJS.Timeout | null = null;
  #refreshTimer: NodeJS.Timeout | null = null;
  #stopped = false;
  #loaded = false;

  constructor(options: IntervalSchedulerOptions) {
    this.#options = options;
  }

  get pendingInitialChecks(): number {
    return this.#initial.size;
  }

  get retriesPending(): { failing: number; rateLimited: number } {
    const counts = { failing: 0, rateLimited: 0 };
    for (const slot of this.#slots.values()) {
      if (slot.trigger !== 'retry') continue;
      if (slot.rateLimited) counts.rateLimited += 1;
      else counts.failing += 1;
    }
    return counts;
  }

  async health(): Promise<SchedulerHealth> {
    const now = Date.now();
    let backlog = this.#running.size;
    for (const [id, slot] of this.#slots) if (slot.dueAt <= now && !this.#running.has(id)) backlog += 1;
    return { ready: this.#loaded, pendingInitialChecks: this.pendingInitialChecks, retriesPending: this.retriesPending, backlog };
  }

  async start(): Promise<void> {
    await this.#refresh(true);
    this.#loaded = true;
    this.#refreshTimer = setInterval(() => void this.#refresh(false), this.#options.intervalMs);
    this.#refreshTimer.unref();
    this.#pump();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#refreshTimer) clearInterval(this.#refreshTimer);
    this.#timer = null;
    this.#refreshTimer = null;
  }

  noteChecked(run: CheckRun): void {
    if (!run.completed || this.#stopped) return;
    this.#initial.delete(run.connectionId);
    this.#schedule(run);
  }

  checkSoon(connectionIds: readonly string[], trigger: CheckTrigger): void {
    if (this.#stopped) return;
    for (const id of connectionIds) {
      if (this.#running.has(id)) this.#again.set(id, trigger);
      else this.#slots.set(id, { dueAt: Date.now(), trigger, attempt: 0 });
    }
    this.#pump();
  }

  /** Picks up connections added since the last look (a new seed, another writer). */
  async #refresh(initial: boolean): Promise<void> {
    const connections = await this.#options.store.listAllConnections();
    const now = Date.now();
    for (const conn of connections) {
      if (this.#slots.has(conn.id)) continue;
      this.#slots.set(conn.id, { dueAt: now + this.#random() * this.#options.startupSpreadMs, trigger: initial ? 'startup' : 'schedule', attempt: 0 });
      if (initial) this.#initial.add(conn.id);
    }
    this.#pump();
  }

  #random(): number {
    return (this.#options.random ?? Math.random)();
  }

  #pump(): void {
    if (this.#stopped) return;
    const now = Date.now();
    const due = [...this.#slots.entries()]
      .filter(([id, slot]) => slot.dueAt <= now && !this.#running.has(id))
      .sort((a, b) => a[1].dueAt - b[1].dueAt);
    for (const [id, slot] of due) {
      if (this.#running.size >= this.#options.concurrency) break;
      this.#running.add(id);
      void this.#check(id, slot);
    }
    this.#arm();
  }

  /** One timer for the earliest due connection (none while all slots are busy). */
  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#stopped || this.#running.size >= this.#options.concurrency) return;
    let next = Infinity;
    for (const [id, slot] of this.#slots) if (!this.#running.has(id)) next = Math.min(next, slot.dueAt);
    if (next === Infinity) return;
    this.#timer = setTimeout(() => this.#pump(), Math.max(0, next - Date.now()));
    this.#timer.unref();
  }

  async #check(id: string, slot: Slot): Promise<void> {
    try {
      const run = await this.#options.runner.run(id, slot.trigger, slot.attempt);
      if (!run) {
        this.#slots.delete(id); // the connection is gone
      } else {
        this.#schedule(run, slot.attempt);
      }
    } catch (error) {
      this.#options.log.error('scheduled-check-failed', { connection: id, error: error instanceof Error ? error.name : 'unknown' });
      this.#slots.set(id, { dueAt: Date.now() + this.#regularDelay(), trigger: 'schedule', attempt: 0 });
    } finally {
      this.#initial.delete(id);
      this.#running.delete(id);
      const again = this.#again.get(id);
      if (again) {
        this.#again.delete(id);
        if (this.#slots.has(id)) this.#slots.set(id, { dueAt: Date.now(), trigger: again, attempt: 0 });
      }
      this.#pump();
    }
  }

  #schedule(run: CheckRun, previousAttempt = this.#slots.get(run.connectionId)?.attempt ?? 0): void {
    const maxRetries = this.#options.maxRetries ?? 3;
    if (run.retryAfterMs !== null && previousAttempt < maxRetries) {
      const delay = run.retryAfterMs;
      const rateLimited = run.state.problems.some((p) => p.code === 'rate-limited');
      this.#slots.set(run.connectionId, { dueAt: Date.now() + delay, trigger: 'retry', attempt: previousAttempt + 1, rateLimited });
      this.#options.log.info('check-backoff', { connection: run.connectionId, attempt: previousAttempt + 1, delayMs: delay });
    } else {
      this.#slots.set(run.connectionId, { dueAt: Date.now() + this.#regularDelay(), trigger: 'schedule', attempt: 0 });
    }
    if (!this.#running.has(run.connectionId)) this.#arm();
  }

  #regularDelay(): number {
    const { intervalMs, jitterRatio } = this.#options;
    return Math.max(1_000, intervalMs * (1 + jitterRatio * (2 * this.#random() - 1)));
  }
}
