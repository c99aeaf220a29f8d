/**
 * Graph API error classification: what a failed Graph call means for a token, as a DATA table.
 *
 *   Graph answer (body + HTTP status) or network failure
 *        │  zod: tolerant parse (numbers as strings, `subcode` or `error_subcode`, legacy
 *        │       `error_code`/`error_msg`, debug_token's embedded `data.error`); never throws
 *        ▼
 *   GRAPH_ERROR_RULES (first matching row wins) ──► category, retry, back-off, invalidatesToken
 *        │  no row: `is_transient: true`, then HTTP status (5xx/429 → transient), else unknown
 *        ▼
 *   GraphErrorClass (+ the contract's GraphErrorInfo for `lastError`)
 *
 * Why a table: Meta documents these codes in several places (error-handling guide, Cloud API error
 * codes, rate-limiting page) and changes them; a row per rule with its source keeps the evidence
 * next to the behaviour and lets the tests walk the table. Sources (docs/meta-platform.md §5):
 * https://developers.facebook.com/docs/graph-api/guides/error-handling ,
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes ,
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting/ .
 *
 * Principle ("Transient is not expired", README, Reliability): only an answer from Meta about the
 * credential itself (190, 102, Cloud API 0) invalidates a token. Timeouts, 5xx, 429 and throttling
 * codes never do, and an unrecognised answer is `unknown`, not a failure of the token.
 */
import { z } from 'zod';
import type { GraphErrorCategory, GraphErrorInfo } from '../contract';
import { redactSecrets } from '../util/redact';

/** Back-off for throttled and transient answers (README, Reliability): 5 s, then 15 s, then 45 s. */
export const BACKOFF_MS = [5_000, 15_000, 45_000] as const;

/** What a credential failure does to the connection status (README, Reliability: only confirmed credential answers change a status). */
export type CredentialVerdict = 'expired' | 'revoked' | 'invalid';

export interface GraphErrorRule {
  /** Stable id, printed by the CLI so support can say which rule fired. */
  id: string;
  /** Matches when the error code is listed or inside one of the ranges (inclusive). */
  codes?: readonly number[];
  ranges?: readonly (readonly [number, number])[];
  /** When set, the subcode must be one of these (a missing subcode does not match). */
  subcodes?: readonly number[];
  /** When set, Graph's message must match too (for codes, like 100, that mean many things). */
  messagePattern?: RegExp;
  category: GraphErrorCategory;
  retry: boolean;
  invalidatesToken: boolean;
  /** For credential rows: which status the token gets. */
  verdict: CredentialVerdict | null;
  /** Human meaning, used in problem messages. */
  meaning: string;
  /** Where the rule comes from. */
  source: string;
}

const EH = 'graph-api/guides/error-handling (docs/meta-platform.md §5)';
const CLOUD = 'whatsapp/support/error-codes (docs/meta-platform.md §5)';

/**
 * Order matters: more specific rows (code + subcode) before the code-only row of the same code.
 * Codes not in the table fall through to `is_transient` and then to the HTTP status.
 */
export const GRAPH_ERROR_RULES: readonly GraphErrorRule[] = [
  // ── credential: the token itself is refused ─────────────────────────────────────────────────
  { id: 'oauth-app-removed', codes: [190], subcodes: [458], category: 'credential', retry: false, invalidatesToken: true, verdict: 'revoked', meaning: 'the app was removed or the person never authorised it (190/458)', source: EH },
  { id: 'oauth-checkpoint', codes: [190], subcodes: [459], category: 'credential', retry: false, invalidatesToken: true, verdict: 'invalid', meaning: 'the authorising person is checkpointed and must log in at facebook.com (190/459)', source: EH },
  { id: 'oauth-password-changed', codes: [190], subcodes: [460], category: 'credential', retry: false, invalidatesToken: true, verdict: 'invalid', meaning: 'the authorising person changed their password (190/460)', source: EH },
  { id: 'oauth-expired', codes: [190], subcodes: [463], category: 'credential', retry: false, invalidatesToken: true, verdict: 'expired', meaning: 'the token has expired (190/463)', source: EH },
  { id: 'oauth-unconfirmed-user', codes: [190], subcodes: [464], category: 'credential', retry: false, invalidatesToken: true, verdict: 'invalid', meaning: 'the authorising person is unconfirmed (190/464)', source: EH },
  { id: 'oauth-invalid-token', codes: [190], subcodes: [467], category: 'credential', retry: false, invalidatesToken: true, verdict: 'invalid', meaning: 'the access token is invalid (190/467)', source: EH },
  { id: 'oauth-other', codes: [190], category: 'credential', retry: false, invalidatesToken: true, verdict: 'invalid', meaning: 'the access token is invalid or was invalidated (190)', source: EH },
  { id: 'api-session', codes: [102], category: 'credential', retry: false, invalidatesToken: true, verdict: 'invalid', meaning: 'the API session is invalid (102)', source: EH },
  // Cloud API "AuthException": "unable to authenticate the app user" (HTTP 401).
  { id: 'cloud-auth-exception', codes: [0], category: 'credential', retry: false, invalidatesToken: true, verdict: 'invalid', meaning: 'Meta could not authenticate the token (0, AuthException)', source: CLOUD },

  // ── blocked: policy enforcement, retrying does not help ──────────────────────────────────────
  { id: 'policy-blocked', codes: [368], category: 'blocked', retry: false, invalidatesToken: false, verdict: null, meaning: 'temporarily blocked for policy violations (368)', source: EH },
  { id: 'blocked-1487851', codes: [1487851], category: 'blocked', retry: false, invalidatesToken: false, verdict: null, meaning: 'the action is blocked by Meta (1487851)', source: 'inferred: not in Meta’s public error tables (docs/meta-platform.md §5)' },
  { id: 'cloud-country-restriction', codes: [130497], category: 'blocked', retry: false, invalidatesToken: false, verdict: null, meaning: 'messaging to this country is restricted (130497)', source: CLOUD },
  { id: 'cloud-account-locked', codes: [131031], category: 'blocked', retry: false, invalidatesToken: false, verdict: null, meaning: 'the WhatsApp Business account is locked, restricted or disabled (131031)', source: CLOUD },

  // ── rate-limited: back off 5 s / 15 s / 45 s ────────────────────────────────────────────────
  { id: 'app-rate-limit', codes: [4], category: 'rate-limited', retry: true, invalidatesToken: false, verdict: null, meaning: 'the app hit its rate limit (4)', source: EH },
  { id: 'user-rate-limit', codes: [17], category: 'rate-limited', retry: true, invalidatesToken: false, verdict: null, meaning: 'the user hit its rate limit (17)', source: EH },
  { id: 'pages-rate-limit', codes: [32], category: 'rate-limited', retry: true, invalidatesToken: false, verdict: null, meaning: 'the Pages rate limit was hit (32)', source: 'observed by integrators (docs/meta-platform.md §5)' },
  { id: 'app-limit', codes: [341], category: 'rate-limited', retry: true, invalidatesToken: false, verdict: null, meaning: 'the application limit was reached (341)', source: EH },
  { id: 'throttled', codes: [613], category: 'rate-limited', retry: true, invalidatesToken: false, verdict: null, meaning: 'too many calls (613)', source: 'observed by integrators (docs/meta-platform.md §5)' },
  { id: 'business-use-case-limit', ranges: [[80000, 80014]], category: 'rate-limited', retry: true, invalidatesToken: false, verdict: null, meaning: 'a business-use-case rate limit was hit (80000–80014; 80008 = WhatsApp Business account)', source: 'rate-limiting page (docs/meta-platform.md §5)' },
  { id: 'cloud-throughput', codes: [130429, 131048, 131056, 133016], category: 'rate-limited', retry: true, invalidatesToken: false, verdict: null, meaning: 'a WhatsApp throughput or spam limit was hit', source: CLOUD },

  // ── permission: the token is valid but lacks this permission or asset ───────────────────────
  { id: 'permission-denied', codes: [10], category: 'permission', retry: false, invalidatesToken: false, verdict: null, meaning: 'permission denied (10)', source: EH },
  { id: 'permission-not-granted', ranges: [[200, 299]], category: 'permission', retry: false, invalidatesToken: false, verdict: null, meaning: 'a permission was not granted or was removed (200–299)', source: EH },
  { id: 'capability', codes: [3], category: 'permission', retry: false, invalidatesToken: false, verdict: null, meaning: 'the app lacks a capability or permission (3)', source: EH },
  { id: 'cloud-access-denied', codes: [131005], category: 'permission', retry: false, invalidatesToken: false, verdict: null, meaning: 'access denied: a permission was not granted or was removed (131005)', source: CLOUD },

  // ── our configuration: Meta refused the call's appsecret_proof (wrong app secret in the
  // backend, or a proof missing while the app has "Require App Secret" on). Says nothing about
  // the customer's token, so it never invalidates it; retrying does not help until the
  // configuration is fixed. https://developers.facebook.com/docs/graph-api/securing-requests/
  { id: 'appsecret-proof', codes: [100], messagePattern: /appsecret_proof/i, category: 'unknown', retry: false, invalidatesToken: false, verdict: null, meaning: 'Meta refused the call\'s appsecret_proof: the backend\'s app secret does not match the Meta app (100)', source: 'graph-api/securing-requests' },

  // ── not-found: the token cannot see the object (missing, or not shared with it) ─────────────
  { id: 'object-not-visible', codes: [100], subcodes: [33], category: 'not-found', retry: false, invalidatesToken: false, verdict: null, meaning: 'the object does not exist or this token cannot see it (100/33)', source: EH },

  // ── transient: Meta's side, retry later ─────────────────────────────────────────────────────
  { id: 'api-unknown', codes: [1], category: 'transient', retry: true, invalidatesToken: false, verdict: null, meaning: 'a temporary Graph API error (1)', source: EH },
  { id: 'api-service', codes: [2], category: 'transient', retry: true, invalidatesToken: false, verdict: null, meaning: 'the Graph API service is temporarily unavailable (2)', source: EH },
  { id: 'cloud-generic', codes: [131000, 131016, 131057], category: 'transient', retry: true, invalidatesToken: false, verdict: null, meaning: 'a temporary WhatsApp Cloud API error (service unavailable or maintenance)', source: CLOUD },
];

/** Fallback rows, used when no code rule matched (kept here so the table is complete). */
const FALLBACK = {
  isTransient: { id: 'is-transient', category: 'transient', retry: true, meaning: 'Meta marked the error as transient (is_transient)' },
  http5xx: { id: 'http-5xx', category: 'transient', retry: true, meaning: 'Graph answered with a server error' },
  http429: { id: 'http-429', category: 'transient', retry: true, meaning: 'Graph answered 429 Too Many Requests' },
  timeout: { id: 'network-timeout', category: 'transient', retry: true, meaning: 'the call to Graph timed out' },
  network: { id: 'network-error', category: 'transient', retry: true, meaning: 'Graph could not be reached (network error)' },
  unknown: { id: 'unknown', category: 'unknown', retry: false, meaning: 'an error this classifier does not know' },
  malformed: { id: 'malformed-body', category: 'unknown', retry: false, meaning: 'Graph answered with a body that is not a Graph error' },
} as const satisfies Record<string, { id: string; category: GraphErrorCategory; retry: boolean; meaning: string }>;

// ── Parsing ──────────────────────────────────────────────────────────────────────────────────────

/** Graph sends numbers, but proxies and some SDKs turn them into strings: accept both. */
const IntLike = z.union([z.number().int(), z.string().trim().regex(/^-?\d{1,15}$/).transform(Number)]);
const BoolLike = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const Str = z.union([z.string(), z.number().transform(String)]);

/** `.catch(undefined)`: one malformed field must not hide the others (never throw, keep evidence). */
export const GraphErrorObject = z.looseObject({
  message: Str.optional().catch(undefined),
  type: Str.optional().catch(undefined),
  code: IntLike.optional().catch(undefined),
  error_subcode: IntLike.optional().catch(undefined),
  /** debug_token's embedded `data.error` names it `subcode`. */
  subcode: IntLike.optional().catch(undefined),
  error_user_title: Str.optional().catch(undefined),
  error_user_msg: Str.optional().catch(undefined),
  fbtrace_id: Str.optional().catch(undefined),
  is_transient: BoolLike.optional().catch(undefined),
});
export type GraphErrorObject = z.infer<typeof GraphErrorObject>;

/** The legacy REST shape some endpoints still use: `{error_code, error_msg}`. */
const Legacy = z.looseObject({ error_code: IntLike, error_msg: Str.optional().catch(undefined) });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A failed Graph call as this module sees it. */
export type GraphFailure =
  | { kind: 'response'; httpStatus: number | null; body: unknown }
  | { kind: 'network'; reason: 'timeout' | 'error'; message?: string };

export interface GraphErrorClass {
  category: GraphErrorCategory;
  retry: boolean;
  invalidatesToken: boolean;
  /** For credential failures: expired / revoked / invalid. */
  verdict: CredentialVerdict | null;
  /** Back-off schedule when `retry` (5 s / 15 s / 45 s), else empty. */
  backoffMs: readonly number[];
  /** Which table row decided. */
  rule: string;
  meaning: string;
  code: number | null;
  subcode: number | null;
  type: string | null;
  httpStatus: number | null;
  network: 'timeout' | 'error' | null;
  isTransient: boolean | null;
  /** Graph's (English, developer) message; secrets redacted, bounded. */
  message: string;
  userTitle: string | null;
  userMessage: string | null;
  fbtraceId: string | null;
}

// ── Classification ───────────────────────────────────────────────────────────────────────────────

export function findRule(code: number | null, subcode: number | null, message: string | null = null): GraphErrorRule | null {
  if (code === null) return null;
  for (const rule of GRAPH_ERROR_RULES) {
    const codeMatches =
      (rule.codes?.includes(code) ?? false) || (rule.ranges?.some(([lo, hi]) => code >= lo && code <= hi) ?? false);
    if (!codeMatches) continue;
    if (rule.subcodes && (subcode === null || !rule.subcodes.includes(subcode))) continue;
    if (rule.messagePattern && (message === null || !rule.messagePattern.test(message))) continue;
    return rule;
  }
  return null;
}

/** Extracts the Graph error object from a response body, whatever envelope it came in. */
export function extractGraphError(body: unknown): GraphErrorObject | null {
  if (!isRecord(body)) return null;
  if ('error' in body) {
    const inner = body.error;
    if (isRecord(inner)) return GraphErrorObject.parse(inner);
    // `{"error": "some text"}` (OAuth endpoints, proxies): a message but no code.
    if (typeof inner === 'string') return GraphErrorObject.parse({ message: inner });
    return null;
  }
  const legacy = Legacy.safeParse(body);
  if (legacy.success) return GraphErrorObject.parse({ code: legacy.data.error_code, message: legacy.data.error_msg });
  // debug_token: `{data:{is_valid:false, error:{code, subcode, message}}}`.
  if (isRecord(body.data) && isRecord(body.data.error)) return GraphErrorObject.parse(body.data.error);
  return null;
}

const MAX_MESSAGE = 1000;

function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function fromRule(
  rule: { id: string; category: GraphErrorCategory; retry: boolean; meaning: string; invalidatesToken?: boolean; verdict?: CredentialVerdict | null },
): Pick<GraphErrorClass, 'category' | 'retry' | 'invalidatesToken' | 'verdict' | 'backoffMs' | 'rule' | 'meaning'> {
  return {
    category: rule.category,
    retry: rule.retry,
    invalidatesToken: rule.invalidatesToken ?? false,
    verdict: rule.verdict ?? null,
    backoffMs: rule.retry ? BACKOFF_MS : [],
    rule: rule.id,
    meaning: rule.meaning,
  };
}

function validHttpStatus(status: number | null | undefined): number | null {
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? status : null;
}

/** Classifies one failed Graph call. Never throws, whatever the body is. */
export function classifyGraphFailure(failure: GraphFailure, secrets: readonly string[] = []): GraphErrorClass {
  if (failure.kind === 'network') {
    const row = failure.reason === 'timeout' ? FALLBACK.timeout : FALLBACK.network;
    return {
      ...fromRule(row),
      code: null,
      subcode: null,
      type: null,
      httpStatus: null,
      network: failure.reason,
      isTransient: null,
      message: bounded(redactSecrets(failure.message || row.meaning, secrets), MAX_MESSAGE),
      userTitle: null,
      userMessage: null,
      fbtraceId: null,
    };
  }

  const httpStatus = validHttpStatus(failure.httpStatus);
  const error = extractGraphError(failure.body);
  const code = error?.code ?? null;
  const subcode = error?.error_subcode ?? error?.subcode ?? null;
  const isTransient = error?.is_transient ?? null;

  let decided: ReturnType<typeof fromRule>;
  const rule = findRule(code, subcode, error?.message ?? null);
  if (rule) decided = fromRule(rule);
  // `is_transient` is a retry hint Meta adds to real errors (docs/meta-platform.md §5 observed); it decides only when
  // the code itself is not in the table, so a 190 marked transient still counts as a credential.
  else if (isTransient === true) decided = fromRule(FALLBACK.isTransient);
  else if (httpStatus !== null && httpStatus >= 500) decided = fromRule(FALLBACK.http5xx);
  else if (httpStatus === 429) decided = fromRule(FALLBACK.http429);
  else decided = fromRule(error ? FALLBACK.unknown : FALLBACK.malformed);

  const rawMessage = error?.message ?? (httpStatus !== null ? `HTTP ${httpStatus}: ${decided.meaning}` : decided.meaning);
  return {
    ...decided,
    code,
    subcode,
    type: error?.type ?? null,
    httpStatus,
    network: null,
    isTransient,
    message: bounded(redactSecrets(rawMessage, secrets), MAX_MESSAGE),
    userTitle: error?.error_user_title ? bounded(redactSecrets(error.error_user_title, secrets), 200) : null,
    userMessage: error?.error_user_msg ? bounded(redactSecrets(error.error_user_msg, secrets), 500) : null,
    fbtraceId: error?.fbtrace_id ? bounded(error.fbtrace_id, 100) : null,
  };
}

/** Convenience for a bare Graph error object (e.g. debug_token's `data.error`). */
export function classifyGraphErrorObject(error: unknown, httpStatus: number | null = 200, secrets: readonly string[] = []): GraphErrorClass {
  return classifyGraphFailure({ kind: 'response', httpStatus, body: { error } }, secrets);
}

/** The back-off before the next attempt: 5 s, 15 s, then 45 s for every later attempt. */
export function backoffDelayMs(attempt: number): number {
  const index = Number.isFinite(attempt) ? Math.min(Math.max(0, Math.floor(attempt)), BACKOFF_MS.length - 1) : 0;
  return BACKOFF_MS[index] ?? BACKOFF_MS[0];
}

/** The contract's `lastError` shape. */
export function toGraphErrorInfo(error: GraphErrorClass, at: Date): GraphErrorInfo {
  return {
    code: error.code,
    subcode: error.subcode,
    category: error.category,
    message: error.message || error.meaning,
    fbtraceId: error.fbtraceId,
    at: at.toISOString(),
  };
}
