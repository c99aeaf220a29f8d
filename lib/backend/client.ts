/**
 * The extension's client for the backend contract. Every answer is validated with the contract's
 * schemas; every failure becomes a specific, displayable outcome instead of an exception, so a dead
 * or misbehaving backend can never crash the background.
 */
import type { z } from 'zod';
import { StatusResponse, paths } from '../contract';

export type FetchFailure =
  | { kind: 'not-configured' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'unauthorized'; httpStatus: number }
  | { kind: 'http-error'; httpStatus: number }
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
}

/** Resolves a contract path against the configured base URL (which may itself have a path). */
export function endpoint(baseUrl: string, path: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(path.replace(/^\//, ''), base).toString();
}

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
    return { kind: 'not-configured' };
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
      signal: AbortSignal.timeout(init.timeoutMs ?? 25_000),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return { kind: 'unreachable', message: timedOut ? 'timed out' : 'network error' };
  }
  if (response.status === 304) return { kind: 'not-modified' };
  if (response.status === 401 || response.status === 403) {
    return { kind: 'unauthorized', httpStatus: response.status };
  }
  if (!response.ok) return { kind: 'http-error', httpStatus: response.status };

  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { kind: 'invalid-response', message: 'the answer is not JSON' };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    return { kind: 'invalid-response', message: summarizeIssues(parsed.error) };
  }
  return { kind: 'ok', data: parsed.data, etag: response.headers.get('ETag') };
}

export function fetchStatus(target: BackendTarget, options: RequestOptions = {}) {
  return requestJson(target, paths.status, StatusResponse, options);
}

function summarizeIssues(error: z.ZodError): string {
  const first = error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return `${first.join('; ')}${more}`;
}
