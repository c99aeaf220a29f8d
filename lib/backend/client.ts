/**
 * The extension's client for the backend contract (lib/contract, v1).
 *
 * Every endpoint of the contract has one typed method here. Every answer is validated with the
 * contract's schemas, and every failure becomes a specific, displayable outcome instead of an
 * exception, so a dead or misbehaving backend can never crash the background or the popup:
 *
 *   ok            2xx with a body that matches the schema (plus the ETag, when the backend sent one)
 *   not-modified  304 to a conditional GET (If-None-Match)
 *   not-configured / unreachable (network error, timeout) / unauthorized (401, 403)
 *   http-error    any other non-2xx (with Retry-After, in seconds, when the backend sent one)
 *   invalid-response  2xx that is not JSON, or JSON that does not match the contract
 *
 * The access token only ever goes into the Authorization header: it is never part of a URL, an
 * outcome or a message, so nothing derived from an outcome can leak it.
 */
import type { z } from 'zod';
import {
  API_VERSION,
  CheckResponse,
  isHttpsOrLocalUrl,
  FlowReport,
  FlowReportAccepted,
  HistoryResponse,
  ReconnectLink,
  ReconnectPlan,
  StatusResponse,
  paths,
} from '../contract';
import { plural, t } from '../i18n';
import { rememberParsed } from '../util/parsed';
import { urlErrorText, validateBackendUrl } from './backend-url';

export type FetchFailure =
  | { kind: 'not-configured'; reason?: string }
  | { kind: 'unreachable'; message: string }
  | { kind: 'unauthorized'; httpStatus: number }
  | { kind: 'http-error'; httpStatus: number; retryAfterSeconds: number | null }
  | { kind: 'invalid-response'; message: string };

export type FetchOutcome<T> = { kind: 'ok'; data: T; etag: string | null } | { kind: 'not-modified' } | FetchFailure;

export interface BackendTarget {
  baseUrl: string | null;
  token: string | null;
}

export interface RequestOptions {
  etag?: string | null;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  /** Largest answer read (default {@link MAX_RESPONSE_BYTES}). */
  maxBytes?: number;
}

/**
 * The largest answer read: a status of 5,000 workspaces with 10 WABAs each is about 10 MB, so this
 * leaves room while a runaway or hostile backend cannot exhaust the service worker's memory.
 */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

type BodyRead = { kind: 'ok'; text: string } | { kind: 'timed-out' } | { kind: 'invalid'; message: string };

/**
 * Reads the body as UTF-8 text up to `maxBytes`. A body that stalls after the headers ends with the
 * request's own timeout signal, which is a time-out (the backend is not answering), not bad JSON.
 */
async function readBounded(response: Response, maxBytes: number): Promise<BodyRead> {
  const declared = Number(response.headers.get('Content-Length'));
  if (Number.isFinite(declared) && declared > maxBytes) return { kind: 'invalid', message: `the answer is larger than ${maxBytes} bytes` };
  if (!response.body) return { kind: 'ok', text: '' };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        void reader.cancel().catch(() => undefined);
        return { kind: 'invalid', message: `the answer is larger than ${maxBytes} bytes` };
      }
      text += decoder.decode(value, { stream: true });
    }
    return { kind: 'ok', text: text + decoder.decode() };
  } catch (error) {
    const name = error instanceof Error || error instanceof DOMException ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timed-out' };
    return { kind: 'invalid', message: 'the answer broke off before its end' };
  }
}

/** Generous enough for `POST …/checks`, which the contract bounds at about 20 s on the server. */
export const DEFAULT_TIMEOUT_MS = 25_000;

/** Resolves a contract path against the configured base URL (which may itself have a path). */
export function endpoint(baseUrl: string, path: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(path.replace(/^\//, ''), base).toString();
}

export { validateBackendUrl };

export async function requestJson<S extends z.ZodType>(
  target: BackendTarget,
  path: string,
  schema: S,
  init: { method?: 'GET' | 'POST'; body?: unknown } & RequestOptions = {},
): Promise<FetchOutcome<z.infer<S>>> {
  if (!target.baseUrl || !target.token) return { kind: 'not-configured' };
  let url: string;
  try {
    url = endpoint(target.baseUrl, path);
  } catch {
    return { kind: 'not-configured', reason: 'the backend URL is not a URL' };
  }
  // Checked again here, whatever the settings layer let through: the token never goes out in clear.
  if (!isHttpsOrLocalUrl(url) || new URL(url).username || new URL(url).password) {
    return { kind: 'not-configured', reason: 'the backend URL is refused: use https (plain http is allowed only for localhost)' };
  }
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Authorization: `Bearer ${target.token}`,
  };
  if (init.etag) headers['If-None-Match'] = init.etag;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await (init.fetchImpl ?? fetch)(url, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      credentials: 'omit',
      cache: 'no-store',
      // A redirect could carry the Authorization header elsewhere: never followed, reported instead.
      redirect: 'manual',
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return { kind: 'unreachable', message: timedOut ? 'timed out' : 'network error' };
  }
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304)) {
    return { kind: 'invalid-response', message: 'the backend answered with a redirect (use the final URL)' };
  }
  if (response.status === 304) return { kind: 'not-modified' };
  if (response.status === 401 || response.status === 403) {
    return { kind: 'unauthorized', httpStatus: response.status };
  }
  if (!response.ok) {
    return { kind: 'http-error', httpStatus: response.status, retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')) };
  }

  const read = await readBounded(response, init.maxBytes ?? MAX_RESPONSE_BYTES);
  if (read.kind !== 'ok') return read.kind === 'timed-out' ? { kind: 'unreachable', message: 'timed out while receiving the answer' } : { kind: 'invalid-response', message: read.message };
  let body: unknown;
  try {
    body = JSON.parse(read.text);
  } catch {
    return { kind: 'invalid-response', message: 'the answer is not JSON' };
  }
  // safeParse is meant never to throw, but a refinement that does would otherwise escape as an
  // exception and leave every caller showing its last answer as current: it is an invalid answer.
  let parsed: ReturnType<S['safeParse']>;
  try {
    parsed = schema.safeParse(body) as ReturnType<S['safeParse']>;
  } catch {
    return { kind: 'invalid-response', message: 'the answer could not be checked against the contract' };
  }
  if (!parsed.success) {
    return { kind: 'invalid-response', message: summarizeIssues(parsed.error) };
  }
  return { kind: 'ok', data: parsed.data as z.infer<S>, etag: response.headers.get('ETag') };
}

/** `GET /v1/status`, conditional when an ETag is given (304 → `not-modified`). */
export async function fetchStatus(target: BackendTarget, options: RequestOptions = {}): Promise<FetchOutcome<StatusResponse>> {
  const outcome = await requestJson(target, paths.status, StatusResponse, options);
  // The status cache stores this very object without checking its 10 MB again (lib/util/parsed.ts).
  if (outcome.kind === 'ok') rememberParsed(StatusResponse, outcome.data);
  return outcome;
}

/** `POST /v1/workspaces/{id}/checks`: verify now, answer the fresh workspace. */
export function postCheck(target: BackendTarget, workspaceId: string, options: RequestOptions = {}) {
  return requestJson(target, paths.checks(workspaceId), CheckResponse, { ...options, method: 'POST', body: {} });
}

/** `GET /v1/workspaces/{id}/reconnect-plan`. */
export function fetchReconnectPlan(target: BackendTarget, workspaceId: string, options: RequestOptions = {}) {
  return requestJson(target, paths.reconnectPlan(workspaceId), ReconnectPlan, options);
}

/**
 * `POST /v1/workspaces/{id}/reconnect-link`: a single-use, short-lived URL of the backend's own
 * reconnect page, for one connection (by default the workspace's WhatsApp connection). A backend
 * that does not offer it answers 404 (`http-error`), and the caller falls back to the plan's URL.
 */
export function createReconnectLink(target: BackendTarget, workspaceId: string, connectionId?: string, options: RequestOptions = {}) {
  return requestJson(target, paths.reconnectLink(workspaceId), ReconnectLink, {
    ...options,
    method: 'POST',
    body: connectionId === undefined ? {} : { connectionId },
  });
}

/** `GET /v1/workspaces/{id}/history?limit=N`. */
export function fetchHistory(target: BackendTarget, workspaceId: string, limit = 100, options: RequestOptions = {}) {
  const bounded = Math.min(500, Math.max(1, Math.trunc(limit)));
  return requestJson(target, `${paths.history(workspaceId)}?limit=${bounded}`, HistoryResponse, options);
}

/** `POST /v1/flow-reports` (used by the flow assistant). The report is validated before it leaves. */
export function postFlowReport(target: BackendTarget, report: FlowReport, options: RequestOptions = {}) {
  return requestJson(target, paths.flowReports, FlowReportAccepted, { ...options, method: 'POST', body: FlowReport.parse(report) });
}

export type ConnectionTest =
  | { result: 'ok'; workspaces: number; message: string }
  | { result: 'unreachable'; message: string }
  | { result: 'unauthorized'; message: string }
  | { result: 'incompatible'; message: string }
  | { result: 'invalid-input'; message: string };

/**
 * The options page's "Test connection": one real `GET /v1/status` with the values being edited.
 * A backend that answers, but not with contract v1, is "not a compatible backend" — including
 * a 404 (no such endpoint: probably the wrong URL or path) and other HTTP errors.
 */
export async function testConnection(baseUrl: string, token: string, options: RequestOptions = {}): Promise<ConnectionTest> {
  const checked = validateBackendUrl(baseUrl);
  if (!checked.ok) return { result: 'invalid-input', message: urlErrorText(checked.reason) };
  if (!token.trim()) return { result: 'invalid-input', message: t('connectionTest.missingToken') };
  const outcome = await fetchStatus({ baseUrl: checked.url, token: token.trim() }, { ...options, timeoutMs: options.timeoutMs ?? 10_000 });
  // The details (`outcome.message`, `reason`) are the request layer's own, in English.
  switch (outcome.kind) {
    case 'ok': {
      const n = outcome.data.workspaces.length;
      return { result: 'ok', workspaces: n, message: t('connectionTest.ok', { version: API_VERSION, workspaces: plural('count.workspace', n) }) };
    }
    case 'unreachable':
      return { result: 'unreachable', message: t('connectionTest.unreachable', { detail: outcome.message }) };
    case 'unauthorized':
      return { result: 'unauthorized', message: t('connectionTest.unauthorized', { status: outcome.httpStatus }) };
    case 'http-error':
      return {
        result: 'incompatible',
        message: outcome.httpStatus === 404 ? t('connectionTest.noEndpoint') : t('connectionTest.httpError', { status: outcome.httpStatus }),
      };
    case 'invalid-response':
      return { result: 'incompatible', message: t('connectionTest.invalidResponse', { detail: outcome.message }) };
    case 'not-modified':
      return { result: 'incompatible', message: t('connectionTest.notModified') };
    case 'not-configured':
      return { result: 'invalid-input', message: outcome.reason ? t('connectionTest.notSent', { detail: outcome.reason }) : t('connectionTest.missingInput') };
  }
}

/** Retry-After as seconds (delta form or HTTP date); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - now) / 1000));
}

function summarizeIssues(error: z.ZodError): string {
  const first = error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return `${first.join('; ')}${more}`;
}
