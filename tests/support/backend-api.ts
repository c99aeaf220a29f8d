/**
 * A small client for tests of the backend contract over real HTTP: every answer is checked
 * against its contract schema (2xx: the endpoint's schema; 4xx/5xx: ApiError; 304: empty), so a
 * test that reads an answer has also proved the answer valid.
 */
import type { z } from 'zod';
import {
  ApiError,
  CheckResponse,
  FlowReportAccepted,
  HistoryResponse,
  ReconnectPlan,
  StatusResponse,
  paths,
} from '../../lib/contract';

export interface ApiAnswer<T> {
  status: number;
  headers: Headers;
  /** The validated body (the endpoint's schema for 2xx, ApiError otherwise, null for 304). */
  body: T;
  raw: string;
}

export class ContractViolation extends Error {}

/** Every (method, path, status) answered through `request`, so a test can compare them with the OpenAPI document. */
export const observedAnswers: { method: string; path: string; status: number }[] = [];

export async function request<S extends z.ZodType>(
  baseUrl: string,
  path: string,
  schema: S,
  init: { method?: string; token?: string | null; headers?: Record<string, string>; body?: string } = {},
): Promise<ApiAnswer<z.infer<S> | ApiError | null>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  const response = await fetch(new URL(path, baseUrl), { method: init.method ?? 'GET', headers, body: init.body });
  const raw = await response.text();
  observedAnswers.push({ method: init.method ?? 'GET', path: new URL(path, baseUrl).pathname, status: response.status });
  if (response.status === 304) {
    if (raw !== '') throw new ContractViolation(`304 with a body: ${raw.slice(0, 200)}`);
    return { status: 304, headers: response.headers, body: null, raw };
  }
  if (response.status === 204) return { status: 204, headers: response.headers, body: null, raw };
  if (!/^application\/json/.test(response.headers.get('Content-Type') ?? '')) {
    throw new ContractViolation(`${init.method ?? 'GET'} ${path} → ${response.status} with Content-Type ${response.headers.get('Content-Type')}`);
  }
  const json: unknown = JSON.parse(raw);
  const parsed = (response.ok ? schema : ApiError).safeParse(json);
  if (!parsed.success) {
    throw new ContractViolation(
      `${init.method ?? 'GET'} ${path} → ${response.status}: the body does not match ${response.ok ? 'its schema' : 'ApiError'}: ${parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return { status: response.status, headers: response.headers, body: parsed.data as z.infer<S> | ApiError, raw };
}

/** Typed shortcuts; `expectOk` narrows to the success body or throws with the error. */
export function backendApi(baseUrl: string, token: string | null) {
  const as = <S extends z.ZodType>(schema: S, path: string, init: Parameters<typeof request>[3] = {}) =>
    request(baseUrl, path, schema, { token, ...init });
  return {
    status: (etag?: string) => as(StatusResponse, paths.status, etag ? { headers: { 'If-None-Match': etag } } : {}),
    plan: (id: string) => as(ReconnectPlan, paths.reconnectPlan(id)),
    check: (id: string) => as(CheckResponse, paths.checks(id), { method: 'POST' }),
    history: (id: string, query = '') => as(HistoryResponse, `${paths.history(id)}${query}`),
    flowReport: (body: string, contentType = 'application/json') =>
      as(FlowReportAccepted, paths.flowReports, { method: 'POST', body, headers: { 'Content-Type': contentType } }),
  };
}

export function expectOk<T>(answer: ApiAnswer<T | ApiError | null>, status = 200): T {
  if (answer.status !== status) throw new Error(`expected HTTP ${status}, got ${answer.status}: ${answer.raw.slice(0, 500)}`);
  return answer.body as T;
}

export function expectError(answer: ApiAnswer<unknown>, status: number, code: ApiError['error']['code']): ApiError {
  if (answer.status !== status) throw new Error(`expected HTTP ${status}, got ${answer.status}: ${answer.raw.slice(0, 500)}`);
  const body = ApiError.parse(answer.body);
  if (body.error.code !== code) throw new Error(`expected error code ${code}, got ${body.error.code}`);
  return body;
}
