/**
 * The token check recipe (README, Architecture): gathers Graph evidence for one connection and turns it
 * into the contract's connection fields with ./assessment.ts. The server calls it with an HTTP
 * GraphClient (server/graph-client.ts); tests call it with an in-memory one.
 *
 *   1. GET /debug_token  input_token=<customer token>, access_token=<appId|appSecret>
 *        is_valid:false ──► confirm with a second debug_token ──► expired / revoked / invalid
 *   2. GET /{waba-id}?fields=id,name,health_status   (customer token, each expected WABA)
 *        credential answer ──► the same call again must agree before it counts
 *   3. GET /{business-id}/business_users?fields=id,name,role   (when the business is known)
 *   4. GET /me?fields=client_business_id   (SYSTEM_USER tokens only: is it a BISU?)
 *   5. assessConnection(evidence)
 *
 * Transient is not expired (README, Reliability): a transient, rate-limited or unrecognised answer on
 * any step that decides the status (1–3) ends the check early and returns the PREVIOUS fields
 * unchanged (never-checked → `unknown`) with a `rate-limited` or `check-failed` problem, the Graph
 * error as `lastError`, and `retryAfterMs` from the 5 s / 15 s / 45 s back-off. Step 4 only
 * refines the token type; its failures change nothing.
 *
 * Secrets: the customer token, the app secret and the app token are redacted from every Graph
 * message this module passes on, and none of them is ever put in a problem text.
 */
import type { Problem } from '../contract';
import { assessConnection, type ConnectionFields, type WabaProbe } from './assessment';
import { readBusinessUsersPage, roleOf, type BusinessUser } from './graph-readers';
import { parseDebugToken, type DebugTokenInfo } from './debug-token';
import { backoffDelayMs, classifyGraphFailure, toGraphErrorInfo, type GraphErrorClass } from './graph-errors';
import { regainAccessMs, type GraphRateHeaders } from './rate-limit-headers';

/**
 * One Graph GET: a response (any status) with the rate-limit headers the back-off reads (absent
 * when the client does not expose headers), or a network failure / timeout.
 */
export type GraphResult =
  | { ok: true; httpStatus: number; body: unknown; headers?: GraphRateHeaders }
  | { ok: false; network: 'timeout' | 'error'; message: string };

export interface GraphCallOptions {
  /**
   * Sign the call's `access_token` with `appsecret_proof` = hex HMAC-SHA256(access_token, key
   * = this app secret): required by apps with "Require App Secret" on
   * (https://developers.facebook.com/docs/graph-api/securing-requests/). The client computes it,
   * so this pure module needs no crypto.
   */
  appSecret?: string;
}

export interface GraphClient {
  /** `path` like `/debug_token` or `/123/business_users`; the client adds base URL and version. */
  get(path: string, params: Record<string, string>, call?: GraphCallOptions): Promise<GraphResult>;
}

export interface CheckTarget {
  kind: 'whatsapp' | 'catalog';
  accessToken: string;
  appId: string;
  appSecret: string;
  businessId: string | null;
  expectedWabas: { id: string; name: string }[];
  requiredScopes: string[];
}

export interface CheckOptions {
  now: Date;
  /** A token expiring within this many days is `expiring` (default 7). */
  expiringWithinDays: number;
  /** The connection's last known state (null if never checked): kept through transient faults. */
  previous: ConnectionFields | null;
  /**
   * How many checks of this connection in a row already ended rate-limited or failing (0 or
   * absent for the first): picks the back-off step, 5 s / 15 s / 45 s.
   */
  attempt?: number;
}

export interface CheckOutcome {
  /** Everything about the connection except its product ids. */
  connection: ConnectionFields;
  /**
   * The app's display name from debug_token's `application`, when debug_token was read and named
   * the product's own app (its `app_id`); null otherwise.
   */
  appName: string | null;
  /** Set when Graph was rate limited or failing: when the scheduler may try again. */
  retryAfterMs: number | null;
}

/** WABA probes run at most this many at a time (a workspace rarely has more than a few). */
const PROBE_CONCURRENCY = 3;
/** business_users pages read at most (the authorising user is usually on the first). */
const MAX_BUSINESS_USER_PAGES = 5;
const WABA_FIELDS = 'id,name,health_status';

type Answer = { ok: true; httpStatus: number; body: unknown } | { ok: false; error: GraphErrorClass };

/** What one check learnt from Graph's headers: the longest wait a failed answer asked for. */
interface CallContext {
  secrets: readonly string[];
  now: Date;
  regainMs: number | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A response counts as data only when it is 2xx and not a Graph error envelope. */
async function ask(graph: GraphClient, path: string, params: Record<string, string>, ctx: CallContext, call?: GraphCallOptions): Promise<Answer> {
  const { secrets } = ctx;
  let result: GraphResult;
  try {
    result = await graph.get(path, params, call);
  } catch (error) {
    // A GraphClient should not throw; if it does, it is a network-level failure for us.
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'error';
    return { ok: false, error: classifyGraphFailure({ kind: 'network', reason }, secrets) };
  }
  if (!result.ok) return { ok: false, error: classifyGraphFailure({ kind: 'network', reason: result.network, message: result.message }, secrets) };
  if (result.httpStatus >= 200 && result.httpStatus < 300 && isRecord(result.body) && !('error' in result.body)) {
    return { ok: true, httpStatus: result.httpStatus, body: result.body };
  }
  const error = classifyGraphFailure({ kind: 'response', httpStatus: result.httpStatus, body: result.body }, secrets);
  // Only a throttled or transient answer's wait counts (a healthy answer also carries usage headers).
  if (error.category === 'rate-limited' || error.category === 'transient') {
    const wait = regainAccessMs(result.headers, ctx.now);
    if (wait !== null) ctx.regainMs = Math.max(ctx.regainMs ?? 0, wait);
  }
  return { ok: false, error };
}

function hasNodeId(body: unknown): boolean {
  if (!isRecord(body)) return false;
  const id = body.id;
  return (typeof id === 'string' && id.trim() !== '') || (typeof id === 'number' && Number.isFinite(id));
}

/** Categories after which the status must not move (transient is not expired). */
function isInconclusive(error: GraphErrorClass): boolean {
  return error.category === 'transient' || error.category === 'rate-limited' || error.category === 'unknown';
}

class Inconclusive {
  constructor(
    readonly message: string,
    readonly error: GraphErrorClass | null,
    /** Worth retrying after the back-off (default: what the error's table row says). */
    readonly retry: boolean = error?.retry ?? true,
  ) {}
}

/**
 * A connection nobody has checked yet: `unknown`, every fact null, but its required scopes and
 * expected WABAs listed so the UI can show what will be verified (never a false green).
 */
export function neverCheckedConnection(
  requiredScopes: readonly string[],
  expectedWabas: readonly { id: string; name: string }[],
): ConnectionFields {
  return {
    status: 'unknown',
    tokenType: 'unknown',
    expiresAt: null,
    dataAccessExpiresAt: null,
    issuedAt: null,
    lastCheckedAt: null,
    scopes: [...new Set(requiredScopes)].map((scope) => ({ scope, declared: null, proven: null, note: null })),
    wabas: expectedWabas.map((w) => ({ id: w.id, name: w.name, expected: true, management: null, messaging: null, reachable: null, health: 'unknown' as const })),
    authorizingUser: { id: null, name: null, role: 'unknown' },
    problems: [],
    lastError: null,
  };
}

function keepPrevious(target: CheckTarget, options: CheckOptions, reason: Inconclusive, regainMs: number | null): CheckOutcome {
  const base = options.previous ?? neverCheckedConnection(target.requiredScopes, target.expectedWabas);
  const error = reason.error;
  const rateLimited = error?.category === 'rate-limited';
  const problem: Problem = {
    code: rateLimited ? 'rate-limited' : 'check-failed',
    message: `${reason.message} The status shown is the last known one${options.previous ? '' : ' (never checked yet)'}.`.slice(0, 500),
    hint: rateLimited
      ? 'Nothing to do: Meta is throttling calls; the check is retried after a back-off.'
      : 'Usually temporary: the check is retried. If it persists, give support the fbtrace_id of the last error.',
    wabaId: null,
    scope: null,
  };
  return {
    connection: {
      ...base,
      // Older transient notes are replaced, not accumulated.
      problems: [...base.problems.filter((p) => p.code !== 'rate-limited' && p.code !== 'check-failed'), problem].slice(-100),
      lastError: error ? toGraphErrorInfo(error, options.now) : base.lastError,
      lastCheckedAt: options.now.toISOString(),
    },
    appName: null,
    // Graph's own estimate (X-Business-Use-Case-Usage / Retry-After, capped at 60 min) when it is
    // longer than the fixed step: retrying earlier only extends the throttling.
    retryAfterMs: reason.retry ? Math.max(backoffDelayMs(options.attempt ?? 0), regainMs ?? 0) : null,
  };
}

function describe(error: GraphErrorClass, call: string): string {
  let code = '';
  if (error.code === null) code = error.httpStatus !== null ? ` (HTTP ${error.httpStatus})` : '';
  else if (!error.meaning.includes(String(error.code))) code = ` (code ${error.code}${error.subcode !== null ? `/${error.subcode}` : ''})`;
  return `${call}: ${error.meaning}${code}.`;
}

/** Runs `task` over `items` with at most `limit` in flight; stops starting new ones when told. */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<'continue' | 'stop'>): Promise<void> {
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < items.length) {
      const item = items[next++] as T;
      if ((await task(item)) === 'stop') stopped = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export async function checkConnection(graph: GraphClient, target: CheckTarget, options: CheckOptions): Promise<CheckOutcome> {
  const appToken = `${target.appId}|${target.appSecret}`;
  const secrets = [target.accessToken, target.appSecret, appToken];
  const customer = { access_token: target.accessToken };
  const ctx: CallContext = { secrets, now: options.now, regainMs: null };
  // Calls with the customer's token carry appsecret_proof. debug_token does not: its access token
  // is the app token `appId|appSecret`, which already contains the secret (the proof proves
  // possession of the secret alongside a user/system token; Meta does not ask it of app tokens).
  const signed: GraphCallOptions = { appSecret: target.appSecret };
  try {
    // ── 1. debug_token (twice when it says the token is not valid) ──
    const readDebugToken = async (): Promise<DebugTokenInfo> => {
      const answer = await ask(graph, '/debug_token', { input_token: target.accessToken, access_token: appToken }, ctx);
      if (!answer.ok) {
        // An error envelope here is about the debug_token CALL (the app token, a parameter, Meta's
        // side), not about the customer's token: it never changes the status.
        const appSide = answer.error.category === 'credential' ? ' Meta refused the product\'s app credentials (app id / app secret).' : '';
        throw new Inconclusive(`The token could not be checked: ${describe(answer.error, 'debug_token')}${appSide}`, answer.error);
      }
      const parsed = parseDebugToken(answer.body);
      if (!parsed.ok) {
        throw new Inconclusive(`The token could not be checked: debug_token's answer is unreadable (${parsed.reason}).`, classifyGraphFailure({ kind: 'response', httpStatus: answer.httpStatus, body: answer.body }, secrets));
      }
      return parsed.info;
    };
    let debugToken = await readDebugToken();
    if (debugToken.isValid === false) {
      const second = await readDebugToken();
      if (second.isValid !== false) {
        throw new Inconclusive('debug_token said the token is not valid, then did not confirm it on a second call.', null);
      }
      debugToken = second;
    }

    const expectedWabas = target.expectedWabas.filter((w, i, all) => all.findIndex((o) => o.id === w.id) === i);
    const wabaProbes = new Map<string, WabaProbe>();
    let businessUsers: BusinessUser[] | null = null;
    let businessUsersFailure: GraphErrorClass | null = null;
    let businessIntegration: boolean | null = null;

    if (debugToken.isValid !== false) {
      // ── 2. A functional call per expected WABA, with the customer's token ──
      let stop: Inconclusive | null = null;
      await pool(expectedWabas, PROBE_CONCURRENCY, async (waba) => {
        const path = `/${encodeURIComponent(waba.id)}`;
        let answer = await ask(graph, path, { ...customer, fields: WABA_FIELDS }, ctx, signed);
        // A Graph version without `health_status` answers 100 (not 100/33): ask without it.
        if (!answer.ok && answer.error.code === 100 && answer.error.subcode !== 33 && answer.error.rule !== 'appsecret-proof') {
          answer = await ask(graph, path, { ...customer, fields: 'id,name' }, ctx, signed);
        }
        if (!answer.ok && answer.error.category === 'credential') {
          // A credential answer changes the status only when a second probe agrees.
          const again = await ask(graph, path, { ...customer, fields: WABA_FIELDS }, ctx, signed);
          if (again.ok || again.error.category !== 'credential') {
            // Graph contradicted itself: try again after the back-off rather than believe either answer.
            stop ??= new Inconclusive(`GET /${waba.id} answered with a credential error once, but not on the confirming call.`, again.ok ? answer.error : again.error, true);
            return 'stop';
          }
          answer = again;
        }
        if (answer.ok && !hasNodeId(answer.body)) {
          // A 200 that is not the WABA node (an empty object, a proxy's page) proves nothing.
          stop ??= new Inconclusive(`The check could not finish: GET /${waba.id} answered without the account's id.`, classifyGraphFailure({ kind: 'response', httpStatus: answer.httpStatus, body: answer.body }, secrets));
          return 'stop';
        }
        if (!answer.ok && isInconclusive(answer.error)) {
          stop ??= new Inconclusive(`The check could not finish: ${describe(answer.error, `GET /${waba.id}`)}`, answer.error);
          return 'stop';
        }
        wabaProbes.set(waba.id, answer.ok ? { outcome: 'ok', body: answer.body } : { outcome: 'error', error: answer.error });
        return 'continue';
      });
      if (stop) throw stop;
      const tokenRefused = [...wabaProbes.values()].some((p) => p.outcome === 'error' && p.error.category === 'credential');

      // ── 3. The authorising user's role (only when Graph can establish it) ──
      if (target.businessId && debugToken.userId && debugToken.isValid === true && !tokenRefused) {
        const users: BusinessUser[] = [];
        let after: string | null = null;
        for (let page = 0; page < MAX_BUSINESS_USER_PAGES; page++) {
          const params: Record<string, string> = { ...customer, fields: 'id,name,role', limit: '100' };
          if (after) params.after = after;
          const answer = await ask(graph, `/${encodeURIComponent(target.businessId)}/business_users`, params, ctx, signed);
          if (!answer.ok) {
            if (isInconclusive(answer.error)) throw new Inconclusive(`The check could not finish: ${describe(answer.error, 'business_users')}`, answer.error);
            businessUsersFailure = answer.error;
            break;
          }
          const read = readBusinessUsersPage(answer.body);
          if (!read) {
            businessUsersFailure = classifyGraphFailure({ kind: 'response', httpStatus: answer.httpStatus, body: answer.body }, secrets);
            break;
          }
          users.push(...read.users);
          if (roleOf(users, debugToken.userId).role !== 'unknown' || !read.nextCursor) break;
          after = read.nextCursor;
        }
        if (!businessUsersFailure) businessUsers = users;
      }

      // ── 4. SYSTEM_USER: a BISU names its client business on /me (FL4B doc, docs/meta-platform.md §3) ──
      if (debugToken.rawType === 'SYSTEM_USER' && debugToken.isValid === true && !tokenRefused) {
        const answer = await ask(graph, '/me', { ...customer, fields: 'client_business_id' }, ctx, signed);
        if (answer.ok && isRecord(answer.body)) {
          const id = answer.body.client_business_id;
          businessIntegration = (typeof id === 'string' && id.trim() !== '') || typeof id === 'number';
        } else if (options.previous?.tokenType === 'business-integration') {
          businessIntegration = true; // unanswered: keep what an earlier check established
        }
      }
    }

    // ── 5. Assess ──
    const { connection } = assessConnection({
      debugToken,
      wabaProbes,
      businessUsers,
      businessUsersFailure,
      expectedWabas,
      requiredScopes: target.requiredScopes,
      now: options.now,
      expiringWithinDays: options.expiringWithinDays,
      appId: target.appId,
      businessIntegration,
    });
    const appName = debugToken.appId === target.appId && debugToken.application?.trim() ? debugToken.application.trim() : null;
    return { connection, appName, retryAfterMs: null };
  } catch (error) {
    if (error instanceof Inconclusive) return keepPrevious(target, options, error, ctx.regainMs);
    throw error;
  }
}
