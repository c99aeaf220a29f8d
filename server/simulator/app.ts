/**
 * The Graph API simulator's HTTP app: the Graph calls the reference backend makes, answered
 * from scenarios (./scenario.ts) with Meta's shapes (./graph-responses.ts), on the versioned
 * (`/v24.0/…`) and unversioned base path.
 *
 *   GET /debug_token?input_token=T        app token `<app id>|<secret>` required (header or query)
 *   GET /me?fields=id,name,client_business_id                 (the token's own user / system user)
 *   GET /{waba-id}?fields=…               with the customer's token (Bearer header or access_token)
 *                                         and, when app.requireAppSecretProof (default), its
 *                                         appsecret_proof (else error 100, GraphMethodException)
 *   GET /{waba-id}/phone_numbers
 *   GET /{business-id}/business_users
 *   GET /oauth/access_token?client_id&client_secret&code      (code exchange)
 *
 * Control (tests and the demo; JSON validated with zod):
 *   PUT    /__sim/tokens/{token}   body: a Scenario      → 200 the scenario as stored
 *   GET    /__sim/tokens/{token}                         → the scenario, 404 if none
 *   DELETE /__sim/tokens/{token}
 *   PUT    /__sim/codes/{code}     body: a CodeGrant (single use, valid 30 s unless said)
 *   PUT    /__sim/dialog/outcome   body: a DialogOutcome (what the stand-in dialog does next)
 *   GET    /__sim[/vNN.0]/dialog/oauth?client_id&redirect_uri&state…   stand-in for Meta's dialog
 *                                  (test/demo only): 302 to redirect_uri with a fresh code + state,
 *                                  or with error=access_denied&error_code&error_description&error_reason,
 *                                  or (outcome `interactive`) the screens of ./dialog-page.ts
 *   GET    /__sim[/vNN.0]/dialog/oauth/confirm   the interactive screens' last step: a code for a
 *                                  token with exactly what was selected (./interactive-dialog.ts)
 *   GET    /__sim/calls[?token=T]                        → every Graph call received, oldest first
 *   DELETE /__sim/calls                                  → forget calls and fault counters
 *   GET    /__sim/health
 *
 * A scenario's `usage` adds Meta's usage headers (X-App-Usage, X-Business-Use-Case-Usage) to every
 * answer about its token, as Graph does; a throttled fault's own headers replace them.
 *
 * Fault patterns are deterministic: each rule counts the matching calls of its token and answers
 * `pattern[(n - fromCall) % pattern.length]`.
 */
import { createHmac } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { z } from 'zod';
import {
  appSecretProofAnswer,
  badAppToken,
  businessPermissionMissing,
  businessUsers,
  debugTokenData,
  debugTokenUnknown,
  faultAnswer,
  graphError,
  invalidToken,
  meNode,
  missingParameter,
  missingToken,
  objectNotVisible,
  phoneNumbers,
  tokenErrorOf,
  usageHeaders,
  wabaNode,
  type GraphAnswer,
} from './graph-responses';
import { randomBytes } from 'node:crypto';
import { renderDialogPage } from './dialog-page';
import { confirmDialog } from './interactive-dialog';
import { CodeGrant, DialogOutcome, Scenario, type Endpoint, type Fault, type SimulatorFile } from './scenario';
import { META_ID } from '../../lib/meta/ids';

export interface SimulatedCall {
  seq: number;
  at: string;
  method: string;
  /** Path without the version prefix, e.g. `/debug_token`, `/1234/phone_numbers`. */
  path: string;
  version: string | null;
  endpoint: Endpoint | 'oauth_access_token' | 'unknown';
  /** The customer token the call was about (input_token for debug_token); fake tokens only. */
  token: string | null;
  /** How the caller sent its access token. */
  tokenVia: 'header' | 'query' | null;
  /** The call's appsecret_proof against its access token (null: no access token, or debug_token / code exchange). */
  proof: 'valid' | 'invalid' | 'missing' | null;
  /** Query parameters other than tokens and secrets. */
  params: Record<string, string>;
  status: number | 'timeout' | 'reset';
  fault: string | null;
}

export interface SimulatorState {
  app: SimulatorFile['app'];
  tokens: Map<string, Scenario>;
  codes: Map<string, CodeGrant & { createdAt: number; used: boolean }>;
  dialog: DialogOutcome | null;
  calls: SimulatedCall[];
  counters: Map<string, number>;
  /** The call log keeps this many of the latest calls (default 10,000; benches raise it). */
  maxCalls?: number;
  /** Where scenario changes are announced as Meta webhooks (PUT /__sim/webhook-target); null: nowhere. */
  webhookTarget?: string | null;
}

export function createSimulatorState(file: SimulatorFile): SimulatorState {
  return {
    app: file.app,
    tokens: new Map(Object.entries(file.tokens)),
    codes: new Map(Object.entries(file.codes).map(([code, grant]) => [code, { ...grant, createdAt: Date.now(), used: false }])),
    dialog: file.dialog ?? null,
    calls: [],
    counters: new Map(),
  };
}

const MAX_CALLS = 10_000;
const SECRET_PARAMS = new Set(['access_token', 'input_token', 'client_secret', 'code', 'fb_exchange_token', 'appsecret_proof']);

const WebhookQuery = z.object({
  event: z.enum(['PARTNER_REMOVED', 'PARTNER_APP_UNINSTALLED', 'ACCOUNT_DELETED', 'DISABLED_UPDATE', 'PARTNER_ADDED', 'PARTNER_APP_INSTALLED']).optional(),
  waba: z.string().regex(META_ID).optional(),
});

/** POSTs one signed account_update per WABA to the webhook target; answers the HTTP statuses. */
async function deliverAccountUpdate(state: SimulatorState, event: string, wabas: string[]): Promise<number[]> {
  if (!state.webhookTarget) return [];
  const statuses: number[] = [];
  for (const waba of wabas) {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: waba, time: Math.floor(Date.now() / 1000), changes: [{ field: 'account_update', value: { event, waba_info: { waba_id: waba, partner_app_id: state.app.id } } }] }],
    });
    const signature = `sha256=${createHmac('sha256', state.app.secret).update(body).digest('hex')}`;
    try {
      const answer = await fetch(state.webhookTarget, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature } });
      await answer.arrayBuffer();
      statuses.push(answer.status);
    } catch {
      statuses.push(0);
    }
  }
  return statuses;
}

export function createSimulatorApp(state: SimulatorState, options: { now?: () => number } = {}): Hono<{ Bindings: HttpBindings }> {
  const now = options.now ?? Date.now;
  const app = new Hono<{ Bindings: HttpBindings }>();

  // ── control ─────────────────────────────────────────────────────────────────────────────────
  const badRequest = (c: Context, error: z.ZodError | string) =>
    c.json(
      {
        error: 'bad-request',
        details: typeof error === 'string' ? [{ path: '(body)', message: error }] : error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
      },
      400,
    );
  const readJson = async (c: Context): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> => {
    try {
      return { ok: true, value: JSON.parse(await c.req.text()) };
    } catch (error) {
      return { ok: false, response: badRequest(c, `not JSON: ${(error as Error).message}`) };
    }
  };
  const tokenParam = (c: Context) => z.string().min(1).max(4096).safeParse(c.req.param('token'));

  app.get('/__sim/health', (c) => c.json({ status: 'ok', tokens: state.tokens.size, calls: state.calls.length }));
  app.put('/__sim/tokens/:token', async (c) => {
    const token = tokenParam(c);
    if (!token.success) return badRequest(c, token.error);
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const scenario = Scenario.safeParse(body.value);
    if (!scenario.success) return badRequest(c, scenario.error);
    const webhook = WebhookQuery.safeParse({ event: c.req.query('webhook'), waba: c.req.query('waba') });
    if (!webhook.success) return badRequest(c, webhook.error);
    state.tokens.set(token.data, scenario.data);
    for (const key of [...state.counters.keys()]) if (key.startsWith(`${token.data}\u0000`)) state.counters.delete(key);
    if (webhook.data.event) {
      // Announce the change as Meta would: a signed account_update for each WABA the token covered.
      const wabas = webhook.data.waba ? [webhook.data.waba] : [...new Set(scenario.data.debugToken?.granularScopes.flatMap((g) => g.targetIds ?? []) ?? [])];
      const delivered = await deliverAccountUpdate(state, webhook.data.event, wabas);
      return c.json({ ...scenario.data, webhookDeliveries: delivered });
    }
    return c.json(scenario.data);
  });
  app.put('/__sim/webhook-target', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const target = z.object({ url: z.url({ protocol: /^https?$/ }).nullable() }).strict().safeParse(body.value);
    if (!target.success) return badRequest(c, target.error);
    state.webhookTarget = target.data.url;
    return c.json(target.data);
  });
  app.get('/__sim/tokens/:token', (c) => {
    const scenario = state.tokens.get(c.req.param('token'));
    return scenario ? c.json(scenario) : c.json({ error: 'not-found' }, 404);
  });
  app.delete('/__sim/tokens/:token', (c) => {
    state.tokens.delete(c.req.param('token'));
    return c.body(null, 204);
  });
  app.put('/__sim/codes/:code', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const grant = CodeGrant.safeParse(body.value);
    if (!grant.success) return badRequest(c, grant.error);
    state.codes.set(c.req.param('code'), { ...grant.data, createdAt: now(), used: false });
    return c.json(grant.data);
  });
  app.put('/__sim/dialog/outcome', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const outcome = DialogOutcome.safeParse(body.value);
    if (!outcome.success) return badRequest(c, outcome.error);
    state.dialog = outcome.data;
    return c.json(outcome.data);
  });
  // A TEST/DEMO stand-in for Meta's Business Login dialog: no screens, it answers at once the way
  // Meta's redirect does (https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow).
  app.get('/__sim/:version{v\\d{1,3}\\.\\d{1,2}}/dialog/oauth', (c) => dialog(c));
  app.get('/__sim/dialog/oauth', (c) => dialog(c));
  app.get('/__sim/:version{v\\d{1,3}\\.\\d{1,2}}/dialog/oauth/confirm', (c) => confirmStep(c));
  app.get('/__sim/dialog/oauth/confirm', (c) => confirmStep(c));
  const confirmStep = (c: Context) => {
    const outcome = state.dialog;
    if (outcome?.result !== 'interactive') return c.text('Simulated Meta dialog: no interactive dialog is scripted.', 409);
    const result = confirmDialog(outcome, c.req.query(), { tokens: state.tokens, codes: state.codes, now });
    return result.ok ? c.redirect(result.location, 302) : c.text(`Simulated Meta dialog: ${result.message}`, 400);
  };
  const dialog = (c: Context) => {
    const q = c.req.query();
    const text = (status: 400 | 409, message: string) => c.text(`Simulated Meta dialog: ${message}`, status);
    if (q.client_id !== state.app.id) return text(400, `Invalid App ID (client_id ${q.client_id ?? 'missing'} is not app ${state.app.id}).`);
    let target: URL;
    try {
      target = new URL(q.redirect_uri ?? '');
    } catch {
      return text(400, 'redirect_uri is missing or not a URL.');
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') return text(400, 'redirect_uri must be http(s).');
    if (!q.state) return text(400, 'state is missing (this stand-in requires one).');
    const outcome = state.dialog;
    if (!outcome) return text(409, 'no outcome scripted: PUT /__sim/dialog/outcome first.');
    if (outcome.result === 'interactive') {
      const confirm = `oauth/confirm?${new URLSearchParams({ redirect_uri: q.redirect_uri! }).toString()}`;
      c.header('Content-Security-Policy', "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:");
      return c.html(renderDialogPage({ script: outcome.script, confirmUrl: confirm, state: q.state }));
    }
    if (outcome.result === 'code') {
      const code = `sim-code-${randomBytes(18).toString('base64url')}`;
      state.codes.set(code, {
        accessToken: outcome.accessToken,
        validForSeconds: outcome.validForSeconds,
        redirectUri: q.redirect_uri!,
        ...(outcome.expiresInSeconds ? { expiresInSeconds: outcome.expiresInSeconds } : {}),
        createdAt: now(),
        used: false,
      });
      target.searchParams.set('code', code);
    } else {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_code', outcome.errorCode);
      target.searchParams.set('error_description', outcome.errorDescription);
      target.searchParams.set('error_reason', outcome.errorReason);
    }
    target.searchParams.set('state', q.state);
    target.hash = '_=_';
    return c.redirect(target.toString(), 302);
  };
  app.get('/__sim/calls', (c) => {
    const token = c.req.query('token');
    return c.json({ calls: token === undefined ? state.calls : state.calls.filter((call) => call.token === token) });
  });
  app.delete('/__sim/calls', (c) => {
    state.calls.length = 0;
    state.counters.clear();
    return c.body(null, 204);
  });
  app.all('/__sim/*', (c) => c.json({ error: 'not-found' }, 404));

  // ── Graph ───────────────────────────────────────────────────────────────────────────────────
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const versioned = /^\/(v\d{1,3}\.\d{1,2})(\/.*)?$/.exec(url.pathname);
    const version = versioned?.[1] ?? null;
    const path = versioned ? (versioned[2] ?? '/') : url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1] ?? null;
    const accessToken = bearer ?? query.access_token ?? null;
    const tokenVia = bearer ? 'header' : query.access_token ? 'query' : null;
    const segments = path.split('/').filter(Boolean);

    const endpoint: SimulatedCall['endpoint'] =
      segments[0] === 'debug_token' && segments.length === 1
        ? 'debug_token'
        : segments[0] === 'oauth' && segments[1] === 'access_token' && segments.length === 2
          ? 'oauth_access_token'
          : segments.length === 1 && segments[0] === 'me'
            ? 'me'
            : segments.length === 1 && /^\d+$/.test(segments[0] ?? '')
            ? 'waba'
            : segments.length === 2 && segments[1] === 'phone_numbers'
              ? 'phone_numbers'
              : segments.length === 2 && segments[1] === 'business_users'
                ? 'business_users'
                : 'unknown';
    const subjectToken = endpoint === 'debug_token' ? (query.input_token ?? null) : endpoint === 'oauth_access_token' ? null : accessToken;

    const call: SimulatedCall = {
      seq: state.calls.length + 1,
      at: new Date(now()).toISOString(),
      method: c.req.method,
      path,
      version,
      endpoint,
      token: subjectToken,
      tokenVia,
      proof:
        accessToken && endpoint !== 'debug_token' && endpoint !== 'oauth_access_token'
          ? proofVerdict(appSecretProofAnswer(query.appsecret_proof, accessToken, state.app.secret))
          : null,
      params: Object.fromEntries(Object.entries(query).filter(([name]) => !SECRET_PARAMS.has(name))),
      status: 0,
      fault: null,
    };
    if (state.calls.length >= (state.maxCalls ?? MAX_CALLS)) state.calls.shift();
    state.calls.push(call);

    const scenario = subjectToken ? state.tokens.get(subjectToken) : undefined;
    const usage = endpoint === 'oauth_access_token' || endpoint === 'unknown' ? {} : usageHeaders(scenario, endpoint);
    const reply = (result: GraphAnswer) => answer(c, call, result, usage);
    if (scenario?.delayMs) await sleep(scenario.delayMs, c.req.raw.signal);

    // Faults of the token's scenario come first: Meta throttles or fails before it looks further.
    if (scenario && endpoint !== 'unknown' && endpoint !== 'oauth_access_token') {
      const fault = nextFault(state, subjectToken!, scenario, endpoint);
      if (fault !== 'ok') {
        call.fault = typeof fault === 'string' ? fault : `error-${fault.error.code}`;
        if (fault === 'timeout') {
          call.status = 'timeout';
          await sleep(scenario.timeoutHoldMs, c.req.raw.signal);
          return c.body(null, 504);
        }
        if (fault === 'reset') {
          call.status = 'reset';
          c.env.incoming.socket.destroy();
          return c.body(null, 500);
        }
        return reply(typeof fault === 'string' ? faultAnswer(fault, scenario) : graphError(fault.error));
      }
    }

    if (c.req.method !== 'GET') return reply(objectNotVisible(segments[0] ?? '', c.req.method.toLowerCase()));

    switch (endpoint) {
      case 'debug_token': {
        if (!accessToken) return reply(missingToken());
        if (accessToken !== `${state.app.id}|${state.app.secret}`) return reply(badAppToken());
        if (!query.input_token) return reply(missingParameter('input_token'));
        return reply(scenario ? debugTokenData(scenario, state.app.id, Math.floor(now() / 1000)) : debugTokenUnknown());
      }
      case 'oauth_access_token':
        return reply(exchangeCode(state, query, now()));
      case 'me':
      case 'waba':
      case 'phone_numbers':
      case 'business_users': {
        if (!accessToken) return reply(missingToken());
        // "Require App Secret": Meta checks the proof before it looks at what the token may do.
        if (state.app.requireAppSecretProof && call.proof !== 'valid') {
          return reply(appSecretProofAnswer(query.appsecret_proof, accessToken, state.app.secret)!);
        }
        if (!scenario) return reply(invalidToken());
        const refused = tokenErrorOf(scenario);
        if (refused) return reply(refused);
        const id = segments[0]!;
        if (endpoint === 'me') return reply(meNode(scenario, query.fields));
        if (endpoint === 'business_users') {
          const business = scenario.businesses.find((b) => b.id === id);
          if (business) return reply(businessUsers(business, query.fields));
          // A WABA or unknown id: no such edge for this token.
          return reply(scenario.wabas.some((w) => w.id === id) ? objectNotVisible(id) : businessPermissionMissing());
        }
        const waba = scenario.wabas.find((w) => w.id === id);
        if (!waba) return reply(objectNotVisible(id));
        return reply(endpoint === 'waba' ? wabaNode(waba, query.fields, state.app.id) : phoneNumbers(waba, query.fields));
      }
      default:
        return reply(objectNotVisible(segments[0] ?? ''));
    }
  });

  return app;
}

function proofVerdict(refused: GraphAnswer | null): 'valid' | 'invalid' | 'missing' {
  if (!refused) return 'valid';
  return JSON.stringify(refused.body).includes('require an appsecret_proof') ? 'missing' : 'invalid';
}

function nextFault(state: SimulatorState, token: string, scenario: Scenario, endpoint: Endpoint): Fault {
  for (const [index, rule] of scenario.faults.entries()) {
    if (rule.endpoints && !rule.endpoints.includes(endpoint)) continue;
    const key = `${token}\u0000${index}`;
    const n = state.counters.get(key) ?? 0;
    state.counters.set(key, n + 1);
    if (n < rule.fromCall) continue;
    const fault = rule.pattern[(n - rule.fromCall) % rule.pattern.length]!;
    if (fault !== 'ok') return fault;
  }
  return 'ok';
}

/** `GET /oauth/access_token` (docs/meta-platform.md §1.2): client credentials, then a single-use code. */
function exchangeCode(state: SimulatorState, query: Record<string, string>, nowMs: number): GraphAnswer {
  const oauth = (message: string, code: number, subcode?: number): GraphAnswer =>
    graphError({ httpStatus: 400, type: 'OAuthException', code, subcode, message });
  if (query.client_id !== state.app.id) return oauth('Error validating application. Invalid application ID.', 101);
  if (query.client_secret !== state.app.secret) return oauth('Error validating client secret.', 1);
  if (query.grant_type === 'fb_exchange_token') {
    const token = query.fb_exchange_token;
    const scenario = token ? state.tokens.get(token) : undefined;
    if (!token || !scenario || scenario.debugToken.error) return oauth('Error validating access token: The session has been invalidated.', 190, 460);
    return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: 5_184_000 } };
  }
  if (!query.code) return oauth('Missing authorization code', 100);
  const grant = state.codes.get(query.code);
  if (!grant) return oauth('Invalid verification code format.', 100);
  if (grant.used) return oauth('This authorization code has been used.', 100, 36009);
  if (nowMs - grant.createdAt > grant.validForSeconds * 1000) {
    return oauth('This authorization code has expired.', 100, 36007);
  }
  if (grant.redirectUri !== undefined && query.redirect_uri !== grant.redirectUri) {
    return oauth('Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request', 100);
  }
  grant.used = true;
  return {
    status: 200,
    body: { access_token: grant.accessToken, token_type: 'bearer', ...(grant.expiresInSeconds ? { expires_in: grant.expiresInSeconds } : {}) },
  };
}

/** `usage`: the scenario's ordinary usage headers; the answer's own (a throttled fault's) win. */
function answer(c: Context, call: SimulatedCall, result: GraphAnswer, usage: Record<string, string> = {}): Response {
  call.status = result.status;
  for (const [name, value] of Object.entries({ ...usage, ...result.headers })) c.header(name, value);
  // Graph adds these to every answer; harmless, and clients should not depend on their absence.
  c.header('x-fb-trace-id', Math.random().toString(36).slice(2, 12));
  c.header('facebook-api-version', call.version ?? 'v24.0');
  if (result.text !== undefined) return c.body(result.text, result.status as 502);
  return c.json(result.body, result.status as 200);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
