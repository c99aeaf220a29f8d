/**
 * Runs one token check for one connection, for both callers: POST …/checks (manual) and the
 * scheduler. It opens the sealed secrets only for the duration of the call, hands them to
 * lib/graph/token-check.ts's `checkConnection` (the rules live there, not here), stores the
 * result and records a history transition when the status changed.
 *
 *   caller ──► run(id, trigger) ──► in flight for this id? ──yes──► join it (one Graph round per
 *                                        │ no                         connection at a time)
 *                                        ▼
 *              open token + app secret ─► checkConnection(graph with abort signal, target,
 *                                        │                  { previous: last known state })
 *                                        ▼
 *                                 store.saveCheck(state, transition if status changed)
 *
 * Bounded time: every check's Graph calls are aborted shortly before `deadlineMs`, so
 * checkConnection returns a transient outcome (last known status + the problem) in time; should
 * it still not return, `run` answers at the deadline with the last known state and a
 * `check-failed` problem, and the late result is stored when it arrives.
 */
import { randomUUID } from 'node:crypto';
import type { Problem, ProblemCode } from '../lib/contract';
import { checkConnection, type CheckOutcome, type CheckTarget } from '../lib/graph/token-check';
import { neverChecked, withProblem } from './connection-view';
import { SecretOpenError, type SecretBox } from './crypto';
import type { HttpGraphClient } from './graph-client';
import type { Logger } from './log';
import { noteAppName } from './meta-app';
import { requiredScopesFor } from './required-scopes';
import { secretContext } from './seed';
import type { ConnectionState, Store } from './store/store';

export type CheckTrigger = 'startup' | 'schedule' | 'retry' | 'manual' | 'reconnect' | 'webhook';

export interface CheckRun {
  connectionId: string;
  state: ConnectionState;
  /** From checkConnection: Graph was rate limited or failing; when to try again (null: no hint). */
  retryAfterMs: number | null;
  /** False when the answer was given at the deadline, before the check finished. */
  completed: boolean;
  /**
   * Another instance held the connection's lease: this is the state it stored (or the last known
   * one, when it stored nothing before its lease ended), and no Graph call was made here.
   */
  checkedElsewhere?: boolean;
}

/**
 * Cross-instance mutual exclusion of checks (./queue/check-coordination.ts on PostgreSQL). Without
 * it (SQLite, one process) the in-process join below is enough.
 */
export interface CheckLeases {
  /** True when this instance may check the connection now; false while another one holds it. */
  acquire(connectionId: string): Promise<boolean>;
  release(connectionId: string): Promise<void>;
  held(connectionId: string): Promise<boolean>;
}

export interface CheckRunnerOptions {
  store: Store;
  box: SecretBox;
  graph: HttpGraphClient;
  log: Logger;
  /** A token expiring within this many days is `expiring` (7 by default). */
  expiringWithinDays: number;
  /** Upper bound of one check, from the request's point of view (about 20 s; README, Reliability). */
  deadlineMs: number;
  now?: () => Date;
  /** Several instances on one database: take the connection's lease before calling Graph. */
  leases?: CheckLeases;
  /** Only for tests of this module's own logic; the server always uses the real one. */
  check?: typeof checkConnection;
}

/** Graph calls are aborted this long before the deadline, leaving time to store and answer. */
const ABORT_MARGIN_MS = 2_000;
/** How often a check waiting for another instance's result looks again. */
const LEASE_POLL_MS = 150;

export class CheckRunner {
  readonly #options: Required<Omit<CheckRunnerOptions, 'check' | 'now' | 'leases'>> & Pick<CheckRunnerOptions, 'check' | 'now' | 'leases'>;
  readonly #inFlight = new Map<string, Promise<CheckRun>>();
  #closed = false;
  readonly #closing = new AbortController();

  constructor(options: CheckRunnerOptions) {
    this.#options = options;
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  /** Checks one connection; resolves within `deadlineMs` (or null when the connection is unknown). */
  async run(connectionId: string, trigger: CheckTrigger, attempt = 0): Promise<CheckRun | null> {
    const record = await this.#options.store.getConnection(connectionId);
    if (!record) return null;
    let running = this.#inFlight.get(connectionId);
    if (!running) {
      running = this.#leased(connectionId, trigger, attempt, record.state?.lastCheckedAt ?? null).finally(() => this.#inFlight.delete(connectionId));
      this.#inFlight.set(connectionId, running);
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.#options.deadlineMs);
    });
    const finished = await Promise.race([running, deadline]);
    clearTimeout(timer);
    if (finished) return finished;
    const last = record.state ?? neverChecked(record.kind, record.workspace.expectedWabas);
    return {
      connectionId,
      state: withProblem(last, problem('check-failed', `The check did not finish within ${seconds(this.#options.deadlineMs)} s.`, 'Meta’s Graph API is slow or unreachable. This is the last known status; automatic re-checks continue.')),
      retryAfterMs: null,
      completed: false,
    };
  }

  /** Waits for running checks (bounded by their deadline) and refuses new ones. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#closing.abort();
    await Promise.allSettled([...this.#inFlight.values()]);
  }

  get busy(): number {
    return this.#inFlight.size;
  }

  /** With leases: check here when the lease is ours, otherwise wait for the holder's result. */
  async #leased(connectionId: string, trigger: CheckTrigger, attempt: number, lastCheckedAt: string | null): Promise<CheckRun> {
    const leases = this.#options.leases;
    if (!leases) return this.#execute(connectionId, trigger, attempt);
    if (!this.#closed && (await leases.acquire(connectionId))) {
      try {
        return await this.#execute(connectionId, trigger, attempt);
      } finally {
        await leases.release(connectionId).catch(() => undefined); // it expires by itself anyway
      }
    }
    // Another instance is checking it: its stored result is the answer (polled; bounded by the
    // deadline, after which run() has answered anyway).
    const until = Date.now() + this.#options.deadlineMs;
    for (;;) {
      const record = await this.#options.store.getConnection(connectionId);
      if (!record) throw new Error(`connection ${connectionId} disappeared`);
      const last = record.state ?? neverChecked(record.kind, record.workspace.expectedWabas);
      const stored = (record.state?.lastCheckedAt ?? null) !== lastCheckedAt;
      if (stored || this.#closed || Date.now() > until || !(await leases.held(connectionId))) {
        return { connectionId, state: last, retryAfterMs: null, completed: stored, checkedElsewhere: true };
      }
      await new Promise((resolve) => setTimeout(resolve, LEASE_POLL_MS));
    }
  }

  /** `attempt`: how many checks in a row already ended rate-limited/failing (picks the back-off step). */
  async #execute(connectionId: string, trigger: CheckTrigger, attempt: number): Promise<CheckRun> {
    const { store, graph, log } = this.#options;
    const started = performance.now();
    const record = await store.getConnection(connectionId);
    if (!record) throw new Error(`connection ${connectionId} disappeared`);
    const previous = record.state;
    const last = previous ?? neverChecked(record.kind, record.workspace.expectedWabas);

    let outcome: CheckOutcome;
    let appId: string;
    try {
      if (this.#closed) throw new ShuttingDown();
      const target = await this.#target(connectionId, record.kind, record.workspace);
      appId = target.appId;
      const controller = new AbortController();
      const abortTimer = setTimeout(() => controller.abort(), Math.max(0, this.#options.deadlineMs - ABORT_MARGIN_MS));
      try {
        outcome = await (this.#options.check ?? checkConnection)(
          graph.withSignal(AbortSignal.any([controller.signal, this.#closing.signal])),
          target,
          { now: this.#now(), expiringWithinDays: this.#options.expiringWithinDays, previous, attempt },
        );
      } finally {
        clearTimeout(abortTimer);
      }
    } catch (error) {
      // A failure of our own (cannot decrypt, a bug): keep the last known status, say so.
      const reason =
        error instanceof SecretOpenError
          ? 'The stored token cannot be decrypted (wrong TOKEN_ENCRYPTION_KEY, or a damaged row).'
          : error instanceof ShuttingDown
            ? 'The server is shutting down.'
            : 'The check failed inside the backend.';
      if (!(error instanceof ShuttingDown)) {
        log.error('check-error', { connection: connectionId, trigger, error: error instanceof SecretOpenError ? 'decrypt' : errorName(error) });
      }
      const state = {
        ...withProblem(last, problem('check-failed', reason, 'See the backend log; the status shown is the last known one.')),
        lastCheckedAt: this.#now().toISOString(),
      };
      if (!(error instanceof ShuttingDown)) await store.saveCheck(connectionId, state, null);
      return { connectionId, state, retryAfterMs: null, completed: true };
    }

    const state = outcome.connection;
    // Aborted by shutdown: "ran out of time" is about us, not about the token; store nothing.
    if (this.#closed) return { connectionId, state, retryAfterMs: null, completed: false };
    const from = previous?.status ?? 'unknown';
    const transition =
      from !== state.status
        ? {
            id: `tr-${randomUUID()}`,
            at: state.lastCheckedAt ?? this.#now().toISOString(),
            from,
            to: state.status,
            problems: [...new Set(state.problems.map((p) => p.code))] as ProblemCode[],
            trigger,
          }
        : null;
    await store.saveCheck(connectionId, state, transition);
    if (outcome.appName) await noteAppName(store, appId, outcome.appName);
    log.info('check', {
      connection: connectionId,
      trigger,
      status: transition ? `${from} -> ${state.status}` : state.status,
      problems: state.problems.map((p) => p.code).join(',') || '-',
      ms: Math.round(performance.now() - started),
      ...(outcome.retryAfterMs !== null ? { retryAfterMs: outcome.retryAfterMs } : {}),
    });
    return { connectionId, state, retryAfterMs: outcome.retryAfterMs, completed: true };
  }

  async #target(
    connectionId: string,
    kind: 'whatsapp' | 'catalog',
    workspace: { businessId: string | null; expectedWabas: { id: string; name: string }[] },
  ): Promise<CheckTarget> {
    const { store, box } = this.#options;
    const [sealedToken, app] = await Promise.all([store.getConnectionToken(connectionId), store.getAppSettings()]);
    if (!sealedToken || !app) throw new Error('connection or app settings missing');
    return {
      kind,
      accessToken: box.open(sealedToken, secretContext.connectionToken(connectionId)),
      appId: app.appId,
      appSecret: box.open(app.appSecret, secretContext.appSecret),
      businessId: workspace.businessId,
      // A catalog token is not expected to cover WhatsApp accounts.
      expectedWabas: kind === 'whatsapp' ? workspace.expectedWabas : [],
      requiredScopes: requiredScopesFor(kind),
    };
  }
}

class ShuttingDown extends Error {}

function seconds(ms: number): string {
  return ms < 10_000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000));
}

function problem(code: ProblemCode, message: string, hint: string): Problem {
  return { code, message, hint, wabaId: null, scope: null };
}

function errorName(error: unknown): string {
  // The name and first line only: a stack or message could in theory quote request data.
  return error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]?.slice(0, 200) ?? ''}` : 'unknown error';
}
