/**
 * The backend's configuration: command-line flags and environment variables, validated with zod
 * so a typo fails at start-up with a specific message instead of misbehaving later.
 *
 *   npm run backend -- --seed FILE --db FILE [--port N] [--host H]
 *   npm run backend -- migrate          (DATABASE_URL or --db: apply migrations, then exit)
 *
 * Environment (all optional except TOKEN_ENCRYPTION_KEY in production):
 *   DATABASE_URL             postgres://… selects the PostgreSQL store (several instances, job queue);
 *                            without it the SQLite file given by --db is used
 *   TOKEN_ENCRYPTION_KEY     32 bytes, 64 hex chars or base64 (see ./crypto.ts); required with
 *                            DATABASE_URL (every instance must hold the same key)
 *   META_WEBHOOK_VERIFY_TOKEN the hub.verify_token typed into the App Dashboard's webhook setup
 *   GRAPH_API_BASE_URL       default: the seed's meta.graphApiBaseUrl, else https://graph.facebook.com
 *   GRAPH_API_VERSION        default: the seed's meta.graphApiVersion, else DEFAULT_GRAPH_API_VERSION
 *   GRAPH_TIMEOUT_MS         per Graph request (default 8000)
 *   CHECK_DEADLINE_MS        upper bound of POST …/checks (default 20000)
 *   CHECK_INTERVAL_SECONDS   regular re-check period (default 900)
 *   CHECK_CONCURRENCY        checks running at once (default 4)
 *   CHECK_STARTUP_SPREAD_MS  initial checks spread over this window (default 2000)
 *   CHECK_MAX_RETRIES        back-off retries (5 s, 15 s, 45 s) after a rate-limited/failed check
 *                            before waiting for the regular round (default 3; 0 disables)
 *   CHECK_QUEUE_MAINTENANCE_SECONDS  with DATABASE_URL: how often the job queue fails and retries
 *                            the jobs of a killed instance (default 10; a job is lost after
 *                            CHECK_DEADLINE_MS + 4 s without an answer)
 *   DATABASE_RETRY_MAX_SECONDS  with DATABASE_URL: PostgreSQL unreachable at start-up is retried
 *                            (0.5 s, doubling, capped at this; default 30) while /healthz answers 503
 *   EXPIRING_WITHIN_DAYS     a token expiring sooner is `expiring` (default 7)
 *   CORS_ALLOWED_ORIGINS     extra exact origins (comma-separated), e.g. the product's web app
 *   CORS_EXTENSION_ORIGINS   `any` (default: every chrome-extension:// / moz-extension:// origin)
 *                            or a comma-separated list of exact extension origins
 *   HEADERS_TIMEOUT_MS       a client must send its request headers within this (default 30000)
 *   REQUEST_TIMEOUT_MS       a whole request must arrive within this (default 60000)
 *   MAX_CONNECTIONS          open connections at once (default 2000)
 *   API_BURST, API_RATE_PER_MINUTE   per-admin token bucket on /v1 (default 60, refilled 120/min)
 *   CHECK_COOLDOWN_SECONDS   a manual check this soon after the last answers the stored result (30)
 *   PUBLIC_BASE_URL          the backend's address as browsers reach it (reconnect links and the
 *                            OAuth redirect_uri, which must be listed in the Meta app's "Valid OAuth
 *                            redirect URIs"); default: the address it listens on
 *   META_DIALOG_BASE_URL     where Meta's login dialog lives (default https://www.facebook.com; the
 *                            simulator's stand-in `<simulator>/__sim` in tests and the demo)
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { HttpsOrLocalUrl } from '../lib/contract';

const Int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const Origin = z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i, 'an origin looks like scheme://host[:port], without a path');

const OriginList = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean))
  .pipe(z.array(Origin));

export const EnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL').optional(),
  META_WEBHOOK_VERIFY_TOKEN: z.string().min(8, 'at least 8 characters').optional(),
  // https, or plain http only to this machine (the simulator): tokens travel on these requests.
  GRAPH_API_BASE_URL: HttpsOrLocalUrl.optional(),
  /** A client that has not sent its request headers within this is cut off (slow-client defence). */
  HEADERS_TIMEOUT_MS: Int(1_000, 600_000, 30_000),
  /** A whole request (headers and body) must arrive within this. */
  REQUEST_TIMEOUT_MS: Int(1_000, 600_000, 60_000),
  /** Open connections at once; further ones are refused by the socket layer. */
  MAX_CONNECTIONS: Int(1, 1_000_000, 2_000),
  /** Requests per admin token: a bucket of this size, refilled at API_RATE_PER_MINUTE. */
  API_BURST: Int(1, 100_000, 60),
  API_RATE_PER_MINUTE: Int(1, 1_000_000, 120),
  /** A manual check within this many seconds of the last one answers the stored result. */
  CHECK_COOLDOWN_SECONDS: Int(0, 3_600, 30),
  GRAPH_API_VERSION: z.string().regex(/^v\d{1,3}\.\d{1,2}$/, 'looks like v24.0').optional(),
  GRAPH_TIMEOUT_MS: Int(100, 120_000, 8_000),
  CHECK_DEADLINE_MS: Int(3_000, 120_000, 20_000),
  CHECK_INTERVAL_SECONDS: Int(1, 7 * 24 * 3600, 900),
  CHECK_CONCURRENCY: Int(1, 64, 4),
  CHECK_STARTUP_SPREAD_MS: Int(0, 3_600_000, 2_000),
  CHECK_MAX_RETRIES: Int(0, 10, 3),
  CHECK_QUEUE_MAINTENANCE_SECONDS: Int(1, 600, 10),
  DATABASE_RETRY_MAX_SECONDS: Int(1, 600, 30),
  EXPIRING_WITHIN_DAYS: Int(0, 365, 7),
  CORS_ALLOWED_ORIGINS: OriginList,
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .refine((value) => {
      const url = new URL(value);
      return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    }, 'must be https (or http on localhost): Meta redirects the admin here with an authorization code')
    .refine((value) => !new URL(value).search && !new URL(value).hash, 'must have no query or fragment')
    .optional(),
  META_DIALOG_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://www.facebook.com'),
  CORS_EXTENSION_ORIGINS: z
    .string()
    .optional()
    .transform((value) => (!value || value.trim() === 'any' ? 'any' : value))
    .pipe(z.union([z.literal('any'), z.string().transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean)).pipe(z.array(Origin))])),
});
export type Env = z.infer<typeof EnvSchema>;

export interface CliArgs {
  command: 'serve' | 'migrate';
  seed: string | null;
  /** The SQLite file; null when DATABASE_URL selects PostgreSQL. */
  db: string | null;
  port: number;
  host: string;
}

export class ConfigError extends Error {}

export function parseCli(argv: string[], env: { DATABASE_URL?: string | undefined } = {}): CliArgs {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        seed: { type: 'string' },
        db: { type: 'string' },
        port: { type: 'string', default: '8787' },
        host: { type: 'string', default: '127.0.0.1' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\nusage: npm run backend -- --seed FILE --db FILE [--port N] [--host H]`);
  }
  if (positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== 'migrate')) {
    throw new ConfigError(`unknown command ${positionals.join(' ')}: the only command is \`migrate\``);
  }
  if (!values.db && !env.DATABASE_URL) throw new ConfigError('--db FILE (the SQLite file; created on first start) or DATABASE_URL=postgres://… is required');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ConfigError(`--port must be 0–65535, got ${values.port}`);
  return { command: positionals[0] === 'migrate' ? 'migrate' : 'serve', seed: values.seed ?? null, db: env.DATABASE_URL ? null : (values.db ?? null), port, host: values.host };
}

export function parseEnv(env: NodeJS.ProcessEnv): Env {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      `invalid environment:\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')}`,
    );
  }
  return parsed.data;
}
