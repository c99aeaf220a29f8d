/**
 * The conformance kit's HTTP side: one `probe` per request, which never throws (a network
 * failure is an answer with `error`), times the answer, and records every answer so checks can
 * look at all of them (a 429 seen anywhere must carry Retry-After).
 *
 * The admin token goes only into the Authorization header of requests that ask for it; it is
 * never part of a URL, an answer record or a message.
 */
export interface Answer {
  method: string;
  path: string;
  /** 0 when no HTTP answer arrived (see `error`). */
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; undefined when the body is empty or not JSON. */
  json: unknown;
  ms: number;
  error: string | null;
}

export interface ProbeRequest {
  method?: 'GET' | 'POST' | 'OPTIONS';
  path: string;
  /** `admin`: the token under test; `wrong`: a made-up token; `none`: no Authorization header. */
  auth?: 'admin' | 'wrong' | 'none';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export interface Prober {
  probe(request: ProbeRequest): Promise<Answer>;
  readonly answers: readonly Answer[];
}

/** Long enough for `POST …/checks`, which the contract bounds at about 20 s. */
export const DEFAULT_TIMEOUT_MS = 25_000;

export function createProber(baseUrl: string, token: string, wrongToken: string, fetchImpl: typeof fetch = fetch): Prober {
  const answers: Answer[] = [];
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    answers,
    async probe(request) {
      const method = request.method ?? 'GET';
      const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
      const auth = request.auth ?? 'admin';
      if (auth === 'admin') headers.Authorization = `Bearer ${token}`;
      if (auth === 'wrong') headers.Authorization = `Bearer ${wrongToken}`;
      const url = new URL(request.path.replace(/^\//, ''), base);
      const started = performance.now();
      let answer: Answer;
      try {
        const response = await fetchImpl(url, {
          method,
          headers,
          body: request.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        });
        const text = await response.text();
        answer = { method, path: url.pathname, status: response.status, headers: response.headers, text, json: parseJson(text), ms: performance.now() - started, error: null };
      } catch (error) {
        const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
        answer = { method, path: url.pathname, status: 0, headers: new Headers(), text: '', json: undefined, ms: performance.now() - started, error: timedOut ? 'timed out' : 'network error' };
      }
      answers.push(answer);
      return answer;
    },
  };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `GET /v1/status → 200` style label of an answer, for reasons. */
export const describe = (answer: Answer) => `${answer.method} ${answer.path} → ${answer.error ? answer.error : `HTTP ${answer.status}`}`;
