/**
 * The HTTP API of the reference backend (Hono): the v1 contract of lib/contract, nothing more.
 *
 *   request ─► CORS (./cors.ts) ─► Bearer auth (./auth.ts) ─► validate input (contract zod)
 *           ─► store / check runner ─► validate the answer against its schema ─► send
 *
 * Every answer, errors included, is parsed with its contract schema before it leaves: an answer
 * that does not fit is never sent (500 `internal` instead), so the extension can trust the
 * contract and a bug here cannot leak more than the contract allows. Another admin's workspace is
 * "not found" (404), never "forbidden", so workspace ids cannot be probed.
 */
import { createHash, randomUUID } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import {
  API_VERSION,
  ApiError,
  CheckResponse,
  FlowReport,
  FlowReportAccepted,
  HistoryQuery,
  HistoryResponse,
  ProductId,
  ReconnectLink,
  ReconnectLinkRequest,
  ReconnectPlan,
  StatusResponse,
  Workspace,
} from '../lib/contract';
import { authenticate } from './auth';
import type { CheckRunner } from './check-runner';
import { toWorkspace } from './connection-view';
import { corsMiddleware, type CorsPolicy } from './cors';
import type { Logger } from './log';
import { lastSeenAppName, metaAppOf } from './meta-app';
import { planScopes } from './required-scopes';
import { FailedAuthLimiter, TokenBuckets } from './rate-limit';
import { CALLBACK_PATH, START_PATH, type ReconnectFlow } from './reconnect/flow';
import { PAGE_HEADERS } from './reconnect/pages';
import { mountMetaWebhooks } from './meta-webhook-routes';
import { readBodyWithLimit } from './request-body';
import type { CheckScheduler } from './scheduler';
import { databaseUnreachableReason } from './store/db-unreachable';
import type { AdminRecord, Store, WorkspaceView } from './store/store';
import { DATABASE_UNAVAILABLE_MESSAGE, RETRY_AFTER_SECONDS } from './starting-app';

/** Flow reports are small (ids, names, flags); anything bigger is not one. */
export const MAX_FLOW_REPORT_BYTES = 64 * 1024;
/** A reconnect-link request names at most one connection. */
const MAX_LINK_REQUEST_BYTES = 4 * 1024;
/** Bodies up to this size are read to the end before a 413 (see ./request-body.ts). */
const MAX_DRAINED_BYTES = 1024 * 1024;

export interface AppDeps {
  store: Store;
  runner: CheckRunner;
  scheduler: CheckScheduler;
  log: Logger;
  cors: CorsPolicy;
  /** The product's side of a reconnect (link, page, callback); without it the link endpoint is 404. */
  reconnect?: ReconnectFlow;
  /** Meta's webhooks and deauthorize callback (./meta-webhooks.ts); absent: those routes answer 404. */
  webhooks?: WebhookDeps;
  now?: () => Date;
  /** Our own API's limits (./rate-limit.ts); defaults suit one product backend instance. */
  limits?: Partial<ApiLimits>;
}

export interface ApiLimits {
  perAdmin: TokenBuckets;
  failedAuth: FailedAuthLimiter;
  /** A manual check this soon after the connection's last check answers the stored result. */
  checkCooldownMs: number;
}

export function defaultLimits(now: () => number = Date.now): ApiLimits {
  return {
    perAdmin: new TokenBuckets({ burst: 60, perMinute: 120, now }),
    failedAuth: new FailedAuthLimiter({ failuresAllowed: 20, failureWindowMs: 60_000, now }),
    checkCooldownMs: 30_000,
  };
}

export interface WebhookDeps {
  /** The app secret in clear, read when a delivery arrives (null: no app configured). */
  appSecret(): Promise<string | null>;
  /** `hub.verify_token` of the subscription handshake (null: the handshake is refused). */
  verifyToken: string | null;
}

type Env = { Variables: { admin: AdminRecord } };
type ApiErrorCode = ApiError['error']['code'];
type Detail = { path: string; message: string };

export function createApp(deps: AppDeps): Hono<Env> {
  const { store, runner, scheduler, log } = deps;
  const now = deps.now ?? (() => new Date());
  const limits: ApiLimits = { ...defaultLimits(), ...deps.limits };
  const app = new Hono<Env>();

  /** Sends `body` only if it validates against `schema`; otherwise a 500 that does. */
  const send = <S extends z.ZodType>(c: Context, schema: S, body: z.input<S>, status: 200 | 201 = 200) => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      log.error('invalid-response', {
        path: c.req.path,
        issues: summarize(parsed.error),
      });
      return fail(c, 500, 'internal', 'The server produced an answer that does not match the API contract; it was not sent.');
    }
    return c.json(parsed.data as object, status);
  };

  const tooMany = (c: Context, seconds: number, message: string) => {
    c.header('Retry-After', String(seconds));
    return fail(c, 429, 'rate-limited', message);
  };

  const fail = (c: Context, status: 400 | 401 | 404 | 413 | 415 | 429 | 500 | 503, code: ApiErrorCode, message: string, details?: Detail[]) => {
    const body = ApiError.parse({ error: { code, message: message.slice(0, 2000), ...(details ? { details: details.slice(0, 50).map(boundDetail) } : {}) } });
    return c.json(body, status);
  };

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    log.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) });
  });
  app.use('*', corsMiddleware(deps.cors));

  app.onError((error, c) => {
    // The database went away under a running server: say so (and when to retry), not "internal".
    const unreachable = databaseUnreachableReason(error);
    if (unreachable) {
      log.warn('database-unreachable', { path: c.req.path, reason: unreachable });
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return fail(c, 503, 'internal', DATABASE_UNAVAILABLE_MESSAGE);
    }
    log.error('unhandled', { path: c.req.path, error: error.name });
    return fail(c, 500, 'internal', 'Internal error.');
  });
  app.notFound((c) => fail(c, 404, 'not-found', `No route ${c.req.method} ${clipPath(c.req.path)}.`));

  /** Liveness for scripts and the test harness; says nothing about workspaces. */
  app.get('/healthz', async (c) => {
    let health;
    try {
      health = await scheduler.health();
    } catch {
      return c.json({ status: 'error', message: 'the scheduler cannot read its database' }, 503);
    }
    // The scheduler keeps failing to start (its database is unreachable): not ready, and why.
    if (!health.ready && health.reason) return c.json({ status: 'starting', schedulerReady: false, reason: health.reason }, 503);
    return c.json({
      status: 'ok',
      schedulerReady: health.ready,
      pendingInitialChecks: health.pendingInitialChecks,
      retriesPending: health.retriesPending,
      checksRunning: runner.busy,
      checkBacklog: health.backlog,
    });
  });

  // The admin's browser opens these (no bearer token): the signed ticket / state is the authority.
  app.get(START_PATH, async (c) => {
    if (!deps.reconnect) return fail(c, 404, 'not-found', 'Reconnect is not enabled on this backend.');
    const answer = await deps.reconnect.startPage(c.req.query('ticket'));
    return c.body(answer.html, answer.status, PAGE_HEADERS);
  });
  app.get(CALLBACK_PATH, async (c) => {
    if (!deps.reconnect) return fail(c, 404, 'not-found', 'Reconnect is not enabled on this backend.');
    const q = c.req.query();
    const pick = (name: string) => (typeof q[name] === 'string' ? q[name].slice(0, 2048) : undefined);
    const answer = await deps.reconnect.callbackPage({
      code: pick('code'),
      state: pick('state'),
      error: pick('error'),
      error_reason: pick('error_reason'),
      error_description: pick('error_description'),
      error_code: pick('error_code'),
    });
    return c.body(answer.html, answer.status, PAGE_HEADERS);
  });
  // Meta signs these requests itself (no admin token): mounted before the Bearer check.
  if (deps.webhooks) mountMetaWebhooks(app, { store, scheduler, log, webhooks: deps.webhooks });

  app.use('/v1/*', async (c, next) => {
    const result = await authenticate(store, c.req.header('Authorization'));
    if (!result.ok) {
      // Guessing tokens is slowed per client address; only failed attempts count, so a valid token
      // from the same address (an office behind one NAT) is never refused by this.
      const address = clientAddress(c);
      const wait = limits.failedAuth.blockedFor(address);
      if (wait > 0) return tooMany(c, wait, 'Too many failed authentications from this address; try again later.');
      limits.failedAuth.recordFailure(address);
      c.header('WWW-Authenticate', result.challenge);
      const message =
        result.reason === 'missing'
          ? 'An `Authorization: Bearer <admin token>` header is required.'
          : result.reason === 'malformed'
            ? 'The Authorization header must be `Bearer <admin token>`.'
            : 'The admin token is not valid.';
      return fail(c, 401, 'unauthorized', message);
    }
    const wait = limits.perAdmin.take(result.admin.id);
    if (wait > 0) return tooMany(c, wait, 'Too many requests for this admin token; slow down.');
    c.set('admin', result.admin);
    await next();
  });

  /** The caller's workspace, or a ready 400/404 answer. */
  const workspaceOf = async (c: Context<Env>): Promise<WorkspaceView | Response> => {
    const id = ProductId.safeParse(c.req.param('id'));
    if (!id.success) return fail(c, 400, 'bad-request', 'Invalid workspace id.', issuesToDetails(id.error, 'id'));
    const workspace = await store.getWorkspace(c.get('admin').id, id.data);
    return workspace ?? fail(c, 404, 'not-found', `No workspace "${id.data}" for this admin.`);
  };

  app.get('/v1/status', async (c) => {
    // One stored row that no longer fits the contract (an older version wrote it, or someone edited
    // the database) must not take every other workspace of this admin down with a 500: it is left
    // out and logged with its id, so the operator can fix it.
    const metaApp = await metaAppOf(store);
    const workspaces: Workspace[] = [];
    for (const view of await store.listWorkspaces(c.get('admin').id)) {
      const workspace = Workspace.safeParse(toWorkspace(view, metaApp));
      if (workspace.success) workspaces.push(workspace.data);
      else log.error('invalid-workspace', { workspace: view.id, issues: summarize(workspace.error) });
    }
    const body = StatusResponse.safeParse({ apiVersion: API_VERSION, generatedAt: now().toISOString(), workspaces });
    if (!body.success) return send(c, StatusResponse, { apiVersion: API_VERSION, generatedAt: now().toISOString(), workspaces });
    // Derived from the content (not from generatedAt): unchanged workspaces → same ETag → 304.
    // Weak, because generatedAt differs between two equivalent representations (RFC 9110 §8.8.1).
    const etag = `W/"${createHash('sha256').update(JSON.stringify(body.data.workspaces)).digest('base64url').slice(0, 32)}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, no-cache');
    c.header('Vary', 'Authorization', { append: true });
    if (etagMatches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
    return c.json(body.data, 200);
  });

  app.get('/v1/workspaces/:id/reconnect-plan', async (c) => {
    const workspace = await workspaceOf(c);
    if (workspace instanceof Response) return workspace;
    const app = await store.getAppSettings();
    if (!app) return fail(c, 500, 'internal', 'The backend has no Meta app configured (seed `meta`).');
    const granted = new Set<string>();
    for (const conn of workspace.connections) {
      if (conn.kind !== 'whatsapp' || !conn.state) continue;
      for (const waba of conn.state.wabas) if (waba.management === true) granted.add(waba.id);
    }
    return send(c, ReconnectPlan, {
      apiVersion: API_VERSION,
      workspaceId: workspace.id,
      appId: app.appId,
      configId: app.configId,
      appName: await lastSeenAppName(store, app.appId),
      requiredScopes: planScopes(workspace.connections.map((conn) => conn.kind)),
      business: workspace.businessId ? { id: workspace.businessId, name: workspace.businessName } : null,
      expectedWabas: workspace.expectedWabas,
      currentlyGrantedWabaIds: [...granted].sort(),
      reconnectUrl: workspace.reconnectUrl,
    });
  });

  app.post('/v1/workspaces/:id/reconnect-link', async (c) => {
    const workspace = await workspaceOf(c);
    if (workspace instanceof Response) return workspace;
    if (!deps.reconnect) return fail(c, 404, 'not-found', 'This backend does not offer reconnect links.');
    const read = await readBodyWithLimit(c.req.raw, MAX_LINK_REQUEST_BYTES, MAX_DRAINED_BYTES);
    if (read.kind === 'too-large') {
      if (read.closeConnection) c.header('Connection', 'close');
      return fail(c, 413, 'payload-too-large', `A reconnect-link request is at most ${MAX_LINK_REQUEST_BYTES} bytes.`);
    }
    let json: unknown = {};
    if (read.text.trim() !== '') {
      if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i.test((c.req.header('Content-Type') ?? '').trim())) {
        return fail(c, 415, 'unsupported-media-type', 'Send the body as `Content-Type: application/json` (or send none).');
      }
      try {
        json = JSON.parse(read.text);
      } catch (error) {
        return fail(c, 400, 'bad-request', 'The body is not valid JSON.', [{ path: '(body)', message: (error as Error).message }]);
      }
    }
    const parsed = ReconnectLinkRequest.strict().safeParse(json);
    if (!parsed.success) return fail(c, 400, 'bad-request', 'The request does not match the contract.', issuesToDetails(parsed.error));
    const link = await deps.reconnect.createLink(workspace, parsed.data.connectionId);
    if (!link.ok) return fail(c, link.status, link.status === 404 ? 'not-found' : 'bad-request', link.message);
    return send(
      c,
      ReconnectLink,
      { apiVersion: API_VERSION, workspaceId: workspace.id, connectionId: link.connectionId, url: link.url, expiresAt: link.expiresAt.toISOString() },
      201,
    );
  });

  app.post('/v1/workspaces/:id/checks', async (c) => {
    const workspace = await workspaceOf(c);
    if (workspace instanceof Response) return workspace;
    // A connection checked moments ago answers its stored result: fifteen clicks must not become
    // a hundred Graph calls against the Meta app's limits, which every tenant shares.
    const at = now().getTime();
    const cooling = (conn: WorkspaceView['connections'][number]) => {
      const last = conn.state?.lastCheckedAt ? Date.parse(conn.state.lastCheckedAt) : NaN;
      return Number.isFinite(last) && at - last < limits.checkCooldownMs ? last + limits.checkCooldownMs : null;
    };
    const notBefore = workspace.connections.map(cooling).filter((t): t is number => t !== null);
    const runs = await Promise.all(workspace.connections.map((conn) => (cooling(conn) === null ? runner.run(conn.id, 'manual') : Promise.resolve(null))));
    const fresh = new Map<string, NonNullable<(typeof runs)[number]>>();
    for (const run of runs) {
      if (!run) continue;
      fresh.set(run.connectionId, run);
      scheduler.noteChecked(run);
    }
    const view: WorkspaceView = {
      ...workspace,
      connections: workspace.connections.map((conn) => ({ ...conn, state: fresh.get(conn.id)?.state ?? conn.state })),
    };
    return send(c, CheckResponse, {
      apiVersion: API_VERSION,
      workspace: toWorkspace(view, await metaAppOf(store)),
      cooldownUntil: notBefore.length ? new Date(Math.max(...notBefore)).toISOString() : null,
    });
  });

  app.post('/v1/flow-reports', async (c) => {
    const type = c.req.header('Content-Type') ?? '';
    if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i.test(type.trim())) {
      return fail(c, 415, 'unsupported-media-type', 'Send the flow report as `Content-Type: application/json`.');
    }
    const read = await readBodyWithLimit(c.req.raw, MAX_FLOW_REPORT_BYTES, MAX_DRAINED_BYTES);
    if (read.kind === 'too-large') {
      if (read.closeConnection) c.header('Connection', 'close');
      return fail(c, 413, 'payload-too-large', `A flow report is at most ${MAX_FLOW_REPORT_BYTES} bytes.`);
    }
    const text = read.text;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return fail(c, 400, 'bad-request', 'The body is not valid JSON.', [{ path: '(body)', message: (error as Error).message }]);
    }
    const parsed = FlowReport.safeParse(json);
    if (!parsed.success) {
      return fail(c, 400, 'bad-request', 'The flow report does not match the contract.', issuesToDetails(parsed.error));
    }
    const report = parsed.data;
    if (Date.parse(report.endedAt) < Date.parse(report.startedAt)) {
      return fail(c, 400, 'bad-request', 'The flow report ends before it starts.', [{ path: 'endedAt', message: 'must not be before startedAt' }]);
    }
    const workspace = await store.getWorkspace(c.get('admin').id, report.workspaceId);
    if (!workspace) return fail(c, 404, 'not-found', `No workspace "${report.workspaceId}" for this admin.`);
    const accepted = { apiVersion: API_VERSION, id: `fr-${randomUUID()}`, receivedAt: now().toISOString() } as const;
    await store.addFlowReport({ id: accepted.id, receivedAt: accepted.receivedAt, report });
    log.info('flow-report', { workspace: report.workspaceId, outcome: report.outcome, source: report.source });
    return send(c, FlowReportAccepted, accepted, 201);
  });

  app.get('/v1/workspaces/:id/history', async (c) => {
    const query = HistoryQuery.safeParse(c.req.query());
    if (!query.success) return fail(c, 400, 'bad-request', 'Invalid query.', issuesToDetails(query.error));
    const workspace = await workspaceOf(c);
    if (workspace instanceof Response) return workspace;
    const entries = await store.listHistory(workspace.id, query.data.limit);
    return send(c, HistoryResponse, { apiVersion: API_VERSION, workspaceId: workspace.id, entries });
  });

  return app;
}

/** A path in an error message: bounded, so a 10 KB unknown route is still a clean 404. */
/** The TCP peer (not a forwarded-for header, which any client can write). */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function clipPath(path: string): string {
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

function summarize(error: z.ZodError): string {
  return error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}

function issuesToDetails(error: z.ZodError, prefix?: string): Detail[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
}

function boundDetail(detail: Detail): Detail {
  return { path: detail.path.slice(0, 200), message: detail.message.slice(0, 500) };
}

/** `If-None-Match` may list several tags or `*`; weak comparison (RFC 9110 §13.1.2). */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}
