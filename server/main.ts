/**
 * The reference backend's entry point:
 *
 *   npm run backend -- --seed FILE --db FILE [--port N] [--host 127.0.0.1]
 *   DATABASE_URL=postgres://… npm run backend -- --seed FILE [--port N]   (PostgreSQL, several instances)
 *   npm run backend -- migrate [--db FILE]                                  (migrations only, then exit)
 *
 * Start-up: read config (./config.ts) → resolve the encryption key → open/migrate the store and
 * prove the key opens it → apply the seed (idempotent) → listen → print the URL on stdout
 * (`backend listening on http://…`, which scripts wait for) → schedule the first checks (soon, in
 * the background: start-up never waits for Meta). SIGTERM/SIGINT close the listener, the
 * scheduler and the database, then exit.
 *
 * PostgreSQL unreachable at start (not up yet, restarting): the backend listens at once with
 * ./starting-app.ts (/healthz 503 with the reason, every other route 503 + Retry-After), retries
 * opening the store with capped back-off (DATABASE_RETRY_MAX_SECONDS) and swaps in the real app
 * when it answers. The job queue retries its own start the same way (../queue/queue-scheduler.ts).
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import type { AppSettings, Store } from './store/store';
import { DATABASE_BACKOFF, retryWithBackoff, RetryStopped } from './retry';
import { createStartingApp } from './starting-app';
import { databaseUnreachableReason } from './store/db-unreachable';
import { CheckRunner } from './check-runner';
import { ConfigError, parseCli, parseEnv } from './config';
import { resolveEncryptionKey, SecretBox, SecretOpenError } from './crypto';
import { DEFAULT_GRAPH_API_BASE_URL, DEFAULT_GRAPH_API_VERSION, HttpGraphClient } from './graph-client';
import { createLogger } from './log';
import { ReconnectFlow } from './reconnect/flow';
import { PgCheckCoordination } from './queue/check-coordination';
import { migrateQueue, QueueScheduler } from './queue/queue-scheduler';
import { IntervalScheduler, type CheckScheduler } from './scheduler';
import { TokenBuckets } from './rate-limit';
import { applySeed, readSeedFile, secretContext, SeedError } from './seed';
import { openStore } from './store/open-store';
import { PgStore } from './store/pg-store';

const KEY_CHECK = 'key-check';
const KEY_CHECK_CONTEXT = 'settings:key-check';
const KEY_CHECK_TEXT = 'reconnect-assistant key check';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const log = createLogger({ name: 'backend' });
  const env = parseEnv(process.env);
  const args = parseCli(process.argv.slice(2), env);
  const where = args.db ?? 'the PostgreSQL database';
  if (args.command === 'migrate') {
    const store = await openStore({ databaseUrl: env.DATABASE_URL ?? null, sqliteFile: args.db });
    await store.close();
    if (env.DATABASE_URL) await migrateQueue(env.DATABASE_URL);
    process.stdout.write(`migrations applied to ${where}\n`);
    return;
  }
  if (!args.db && !process.env.TOKEN_ENCRYPTION_KEY) {
    throw new ConfigError('TOKEN_ENCRYPTION_KEY is required with DATABASE_URL: every instance must open the same sealed tokens');
  }
  const seed = args.seed ? readSeedFile(args.seed) : null;
  if (seed) log.addSecrets([seed.meta.appSecret, ...seed.admins.map((a) => a.token), ...seed.workspaces.flatMap((w) => w.connections.map((c) => c.accessToken))]);

  let key: ReturnType<typeof resolveEncryptionKey>;
  try {
    key = resolveEncryptionKey({ env: process.env, dbPath: args.db ?? 'postgres', note: (line) => log.warn('encryption-key', { note: line }) });
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
  const box = new SecretBox(key.key);
  const cors = { extensionOrigins: env.CORS_EXTENSION_ORIGINS, allowedOrigins: env.CORS_ALLOWED_ORIGINS };

  // Everything below is served through `handler`: the starting app (./starting-app.ts) while
  // PostgreSQL is unreachable, the real one once the store is open.
  let waitingReason = '';
  let handler: Fetch = createStartingApp({ cors, reason: () => waitingReason }).fetch;
  let listening: Listening | null = null;
  let listenPromise: Promise<Listening> | null = null;
  let running: { scheduler: CheckScheduler; runner: CheckRunner; store: Store } | null = null;
  const stopping = new AbortController();

  const shutdown = async (signal: string) => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    log.info('stopping', { signal });
    // Never hang on the way out (a stuck socket, a stuck check): exit regardless after 10 s.
    setTimeout(() => process.exit(1), 10_000).unref();
    if (running) {
      await running.scheduler.stop();
      // First abort running checks (their requests then answer at once), then stop listening.
      await running.runner.close();
    }
    if (listening) {
      const { server } = listening;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would hold close() open.
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
    }
    if (running) await running.store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  // PostgreSQL unreachable (not up yet, restarting, a network blip): listen anyway, answer 503
  // with the reason, and retry with capped back-off until it answers. SQLite, and errors that
  // waiting cannot fix (a wrong key, a wrong password, a newer schema), end the start instead.
  let opened: Awaited<ReturnType<typeof openAndPrepare>>;
  try {
    opened = await retryWithBackoff(() => openAndPrepare({ env, args, box, seed, where, log, keyName: key.origin === 'environment' ? 'TOKEN_ENCRYPTION_KEY' : String(key.keyFile) }), {
      backoff: { firstMs: DATABASE_BACKOFF.firstMs, maxMs: env.DATABASE_RETRY_MAX_SECONDS * 1000 },
      signal: stopping.signal,
      shouldRetry: (error) => Boolean(env.DATABASE_URL) && databaseUnreachableReason(error) !== null,
      onFailure: (error, attempt, delayMs) => {
        waitingReason = databaseUnreachableReason(error) ?? 'unknown';
        log.warn('database-unreachable', { reason: waitingReason, attempt: attempt + 1, delayMs });
        if (!listening) {
          void listen().then(
            (l) => announce(l),
            (e: unknown) => fatal(e),
          );
        }
      },
    });
  } catch (error) {
    if (error instanceof RetryStopped) return; // SIGTERM while waiting: shutdown() exits
    throw error;
  }
  const { store, app } = opened;
  if (stopping.signal.aborted) {
    await store.close();
    return;
  }

  const graphBaseUrl = env.GRAPH_API_BASE_URL ?? app.graphApiBaseUrl ?? DEFAULT_GRAPH_API_BASE_URL;
  const graphVersion = env.GRAPH_API_VERSION ?? app.graphApiVersion ?? DEFAULT_GRAPH_API_VERSION;
  const graph = new HttpGraphClient({ baseUrl: graphBaseUrl, version: graphVersion, timeoutMs: env.GRAPH_TIMEOUT_MS });
  // Several instances on PostgreSQL: a check takes the connection's lease (a little longer than a
  // check's deadline, so a killed instance's lease ends just before its job is retried).
  const coordination = store instanceof PgStore ? new PgCheckCoordination(store.pool, { leaseMs: env.CHECK_DEADLINE_MS + 2_000 }) : null;
  const runner = new CheckRunner({
    store,
    box,
    graph,
    log,
    expiringWithinDays: env.EXPIRING_WITHIN_DAYS,
    deadlineMs: env.CHECK_DEADLINE_MS,
    ...(coordination ? { leases: coordination } : {}),
  });
  const schedule = {
    store,
    runner,
    log,
    intervalMs: env.CHECK_INTERVAL_SECONDS * 1000,
    jitterRatio: 0.1,
    concurrency: env.CHECK_CONCURRENCY,
    startupSpreadMs: env.CHECK_STARTUP_SPREAD_MS,
    maxRetries: env.CHECK_MAX_RETRIES,
  };
  const scheduler: CheckScheduler =
    store instanceof PgStore && coordination && env.DATABASE_URL
      ? new QueueScheduler({
          ...schedule,
          databaseUrl: env.DATABASE_URL,
          pool: store.pool,
          coordination,
          jobExpiryMs: env.CHECK_DEADLINE_MS + 4_000,
          maintenanceSeconds: env.CHECK_QUEUE_MAINTENANCE_SECONDS,
          startBackoff: { firstMs: DATABASE_BACKOFF.firstMs, maxMs: env.DATABASE_RETRY_MAX_SECONDS * 1000 },
        })
      : new IntervalScheduler(schedule);
  const reconnect = new ReconnectFlow({
    store,
    box,
    runner,
    scheduler,
    graph,
    log,
    publicBaseUrl: () => env.PUBLIC_BASE_URL ?? listening?.url ?? '',
    dialogBaseUrl: env.META_DIALOG_BASE_URL,
    graphApiVersion: graphVersion,
  });
  const api = createApp({
    store,
    runner,
    scheduler,
    log,
    reconnect,
    cors,
    limits: {
      perAdmin: new TokenBuckets({ burst: env.API_BURST, perMinute: env.API_RATE_PER_MINUTE }),
      checkCooldownMs: env.CHECK_COOLDOWN_SECONDS * 1000,
    },
    webhooks: {
      verifyToken: env.META_WEBHOOK_VERIFY_TOKEN ?? null,
      appSecret: async () => {
        const settings = await store.getAppSettings();
        return settings ? box.open(settings.appSecret, secretContext.appSecret) : null;
      },
    },
  });
  running = { scheduler, runner, store };
  handler = api.fetch;

  log.info('started', { graph: `${graphBaseUrl}/${graphVersion}`, db: args.db ?? 'postgres', ms: Math.round(performance.now() - startedAt) });
  if (!listening) {
    const l = await listen();
    // Only now announce readiness: a supervisor may send SIGTERM the moment it reads this line
    // (a pipe write is synchronous); the signal handlers are in place above.
    announce(l);
  }
  // The queue retries by itself while its database is unreachable (/healthz says why).
  void scheduler.start().catch((error: unknown) => log.error('scheduler-start', { error: error instanceof Error ? error.name : 'unknown' }));

  function listen(): Promise<Listening> {
    listenPromise ??= new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve(
        {
          fetch: (...request: Parameters<Fetch>) => handler(...request),
          port: args.port,
          hostname: args.host,
          // Node's defaults let a client hold a socket open for minutes without sending its headers.
          serverOptions: {
            headersTimeout: env.HEADERS_TIMEOUT_MS,
            requestTimeout: Math.max(env.REQUEST_TIMEOUT_MS, env.HEADERS_TIMEOUT_MS),
            keepAliveTimeout: 5_000,
            connectionsCheckingInterval: Math.min(1_000, env.HEADERS_TIMEOUT_MS),
          },
        },
        () => resolve(s),
      );
      if ('maxConnections' in s) s.maxConnections = env.MAX_CONNECTIONS;
      s.once('error', reject);
    }).then((server) => {
      const { port } = server.address() as AddressInfo;
      const host = args.host.includes(':') ? `[${args.host}]` : args.host;
      listening = { server, url: `http://${host}:${port}` };
      return listening;
    });
    return listenPromise;
  }
}

type Fetch = ReturnType<typeof createApp>['fetch'];
interface Listening {
  server: ReturnType<typeof serve>;
  url: string;
}

/**
 * The line scripts wait for (scripts/process/launcher.ts reads exactly this). While the database
 * is unreachable it comes early: /healthz then answers 503 with the reason.
 */
function announce(listening: Listening): void {
  process.stdout.write(`backend listening on ${listening.url}\n`);
}

/**
 * Opens (and migrates) the store, proves the encryption key opens it, applies the seed and reads
 * the app settings. A failure closes the store again, so a retry starts clean.
 */
async function openAndPrepare(o: {
  env: ReturnType<typeof parseEnv>;
  args: ReturnType<typeof parseCli>;
  box: SecretBox;
  seed: ReturnType<typeof readSeedFile> | null;
  where: string;
  keyName: string;
  log: ReturnType<typeof createLogger>;
}): Promise<{ store: Store; app: AppSettings }> {
  const store = await openStore({ databaseUrl: o.env.DATABASE_URL ?? null, sqliteFile: o.args.db });
  try {
    // A database written with another key must not be half-readable: refuse before touching it.
    const check = await store.getSetting(KEY_CHECK);
    if (check === null) {
      await store.setSetting(KEY_CHECK, o.box.seal(KEY_CHECK_TEXT, KEY_CHECK_CONTEXT));
    } else {
      try {
        o.box.open(check as Parameters<SecretBox['open']>[0], KEY_CHECK_CONTEXT);
      } catch (error) {
        if (error instanceof SecretOpenError) {
          throw new ConfigError(`the encryption key does not match the one ${o.where} was written with (${o.keyName})`);
        }
        throw error;
      }
    }
    if (o.seed) {
      const { changed } = await applySeed(store, o.seed, o.box);
      o.log.info('seed', { file: o.args.seed, changed });
    }
    const app = await store.getAppSettings();
    if (!app) throw new ConfigError(`${o.where} has no Meta app configured yet: start once with --seed FILE`);
    return { store, app };
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

function fatal(error: unknown): never {
  const known = error instanceof ConfigError || error instanceof SeedError;
  // `migrate` (and SQLite) do not wait for a database: say plainly that it was not there.
  const unreachable = known ? null : databaseUnreachableReason(error);
  if (unreachable) {
    process.stderr.write(`backend: ${unreachable}\n`);
    process.exit(1);
  }
  process.stderr.write(`backend: ${known ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(known ? 2 : 1);
}

main().catch(fatal);
