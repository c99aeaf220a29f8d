/**
 * The HTTP implementation of lib/graph/token-check.ts's GraphClient: one GET against
 * `<base URL>/<version><path>`, with a per-request timeout, an optional abort signal for the
 * whole check (the request deadline of POST …/checks), and never an exception: every failure is a
 * GraphResult (`timeout` / `error`), classified by lib/graph/graph-errors.ts.
 *
 * Tokens stay out of URLs: an `access_token` parameter is sent as `Authorization: Bearer`
 * (Graph accepts OAuth 2.0 bearer tokens, and the debug_token reference allows the app token
 * that way), so proxies' access logs never hold it. `input_token` (debug_token's subject) has no
 * header form and stays a query parameter. Nothing here logs, and failure messages carry neither
 * the URL nor the token.
 *
 * appsecret_proof: a call asked to be signed (GraphCallOptions.appSecret) carries
 * `appsecret_proof` = hex HMAC-SHA256 of its access token keyed with the app secret, as Meta's
 * "Require App Secret" setting demands (https://developers.facebook.com/docs/graph-api/securing-requests/).
 * It is a query parameter (Graph has no header form); it is useless without the token, which stays
 * in the Authorization header, and like the token it is never logged nor passed to onCall.
 *
 * Rate-limit headers (Retry-After, X-Business-Use-Case-Usage, X-App-Usage) are handed back raw in
 * GraphResult.headers; lib/graph/rate-limit-headers.ts parses them tolerantly.
 */
import { createHmac } from 'node:crypto';
import { RATE_HEADER_NAMES, type GraphRateHeaders } from '../lib/graph/rate-limit-headers';
import type { GraphCallOptions, GraphClient, GraphResult } from '../lib/graph/token-check';

export const DEFAULT_GRAPH_API_BASE_URL = 'https://graph.facebook.com';
/** A current Graph API version (Meta supports each for about two years); override per deployment. */
export const DEFAULT_GRAPH_API_VERSION = 'v24.0';

export interface HttpGraphClientOptions {
  baseUrl: string;
  version: string;
  timeoutMs: number;
  /** Aborts every request of this client (e.g. when a check's deadline passes). */
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  /** Observes each call (path, duration, outcome) for measurements; never receives params. */
  onCall?: (call: { path: string; ms: number; outcome: number | 'timeout' | 'error' }) => void;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** A usage header longer than this is not Graph's (it sends a few hundred bytes): dropped. */
const MAX_HEADER_CHARS = 16_384;

/** `appsecret_proof` for a token: lower-case hex HMAC-SHA256(key = app secret, data = token). */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken, 'utf8').digest('hex');
}

function rateHeaders(headers: Headers): GraphRateHeaders | undefined {
  const out: GraphRateHeaders = {};
  for (const name of RATE_HEADER_NAMES) {
    const value = headers.get(name);
    if (value !== null && value.length <= MAX_HEADER_CHARS) out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export class HttpGraphClient implements GraphClient {
  readonly #options: HttpGraphClientOptions;

  constructor(options: HttpGraphClientOptions) {
    this.#options = options;
  }

  /** A client for one check: same settings, plus that check's abort signal. */
  withSignal(signal: AbortSignal): HttpGraphClient {
    const signals = this.#options.signal ? [this.#options.signal, signal] : [signal];
    return new HttpGraphClient({ ...this.#options, signal: AbortSignal.any(signals) });
  }

  url(path: string, params: Record<string, string>, call?: GraphCallOptions): URL {
    const base = this.#options.baseUrl.replace(/\/+$/, '');
    const url = new URL(`${base}/${this.#options.version}/${path.replace(/^\/+/, '')}`);
    for (const [name, value] of Object.entries(params)) {
      // A caller-supplied proof is replaced by ours (computed from the token actually sent).
      if (name !== 'access_token' && name !== 'appsecret_proof') url.searchParams.set(name, value);
    }
    if (call?.appSecret && params.access_token) url.searchParams.set('appsecret_proof', appSecretProof(params.access_token, call.appSecret));
    return url;
  }

  async get(path: string, params: Record<string, string>, call?: GraphCallOptions): Promise<GraphResult> {
    const started = performance.now();
    const { timeoutMs, signal, fetchImpl = fetch, onCall } = this.#options;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (params.access_token) headers.Authorization = `Bearer ${params.access_token}`;
    const report = (outcome: number | 'timeout' | 'error') => onCall?.({ path, ms: performance.now() - started, outcome });
    try {
      const response = await fetchImpl(this.url(path, params, call), { method: 'GET', headers, signal: combined, redirect: 'error' });
      const text = await readBounded(response, MAX_BODY_BYTES);
      report(response.status);
      const rate = rateHeaders(response.headers);
      return { ok: true, httpStatus: response.status, body: parseJson(text), ...(rate ? { headers: rate } : {}) };
    } catch (error) {
      if (combined.aborted) {
        report('timeout');
        const why = timeout.aborted ? `no answer within ${timeoutMs} ms` : 'the check ran out of time';
        return { ok: false, network: 'timeout', message: why };
      }
      report('error');
      return { ok: false, network: 'error', message: describeNetworkError(error) };
    }
  }
}

/** Graph error bodies are JSON; a proxy's HTML error page is kept as text (classified by status). */
function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 500);
  }
}

async function readBounded(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error('the Graph answer is larger than 2 MB');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Only the error's kind (e.g. ECONNREFUSED), never a URL (it could carry input_token). */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  if (code) return `network error (${code})`;
  if (error instanceof Error && error.message === 'the Graph answer is larger than 2 MB') return error.message;
  return 'network error';
}
