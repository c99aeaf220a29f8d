/**
 * Pure connection assessment: from the evidence one token check gathered to the contract's
 * connection fields (status, token type, expiries, scopes, WABAs, authorising user, problems).
 *
 *   debug_token (normalised, or null) ─┐
 *   per-WABA probe results ────────────┼─► conditions + problems ─► worst wins (contract/severity)
 *   business_users (or null) ──────────┘
 *
 * No I/O and no clock: `now` is an input, so every rule is testable table by table. The recipe
 * that gathers the evidence (and keeps the previous status through transient faults) is
 * ./token-check.ts; the Graph error table is ./graph-errors.ts.
 *
 * Rules (docs/meta-platform.md §3–§6):
 * - Credential verdicts: 190/458 → revoked; 190/463 → expired; other 190 subcodes, 102 → invalid.
 *   `is_valid: false` without a usable error is `expired` when `expires_at` has passed, else invalid.
 * - Data access expired → `expired` with the `data-access-expired` problem.
 * - expiring = `expires_at` (or `data_access_expires_at`) within `expiringWithinDays` (default 7).
 * - granular_scopes without target_ids covers every WABA; membership uses the whole list.
 * - A successful functional call on a WABA proves management access to it, even when debug_token
 *   names the permission differently (e.g. `whatsapp_business_manage_events`): proven + a note.
 *   Without such a call, a renamed permission is unverified (`unknown`), neither green nor red.
 * - The authorising user's role only when business_users lists debug_token's user_id; business
 *   user ids are business-scoped and may differ, so no match means `unknown`, never a guess.
 * - What could not be established is `unknown` (status) with a `check-failed` problem saying why.
 */
import { z } from 'zod';
import {
  worstStatus,
  type Connection,
  type ConnectionStatus,
  type GraphErrorCategory,
  type Problem,
  type ProblemCode,
  type ScopeCheck,
  type TokenType,
  type UserRole,
  type WabaCheck,
  type WabaHealth,
} from '../contract';
import { isScopeDeclared, scopeCovers, scopeTargets, unixToIso, type DebugTokenInfo } from './debug-token';
import { classifyGraphErrorObject, toGraphErrorInfo, type GraphErrorClass } from './graph-errors';
import { isMetaId } from '../meta/ids';
import { MANAGEMENT_SCOPE, MESSAGING_SCOPE, PERMISSION_LABELS, type WhatsAppScope } from '../meta/whatsapp-scopes';

export const DEFAULT_REQUIRED_SCOPES: readonly string[] = [MANAGEMENT_SCOPE, MESSAGING_SCOPE];
export const DEFAULT_EXPIRING_WITHIN_DAYS = 7;

/**
 * Names Meta has issued in place of a required permission. Embedded Signup tokens carried
 * `whatsapp_business_manage_events` instead of `whatsapp_business_management` (chatwoot/chatwoot
 * PR #14697). Only a functional call can settle such a token.
 */
export const SCOPE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  [MANAGEMENT_SCOPE]: ['whatsapp_business_manage_events'],
};

const DAY_MS = 86_400_000;

// ── Evidence types ───────────────────────────────────────────────────────────────────────────────

/** What `GET /{waba-id}?fields=id,name,health_status` said. */
export type WabaProbe = { outcome: 'ok'; body: unknown } | { outcome: 'error'; error: GraphErrorClass };

export interface BusinessUser {
  id: string;
  name: string | null;
  /** As Graph sent it, upper-cased (ADMIN, EMPLOYEE, …), or null. */
  role: string | null;
}

export interface AssessmentInput {
  /** Normalised debug_token data; null when it could not be read. */
  debugToken: DebugTokenInfo | null;
  /** Why debug_token could not be read (a Graph error, or a sentence). */
  debugTokenFailure?: GraphErrorClass | string | null;
  /** Probe result per WABA id; a WABA without an entry was not probed. */
  wabaProbes?: ReadonlyMap<string, WabaProbe> | null;
  /** The business's users (all pages read); null when not read. */
  businessUsers?: readonly BusinessUser[] | null;
  /** Why business_users could not be read. */
  businessUsersFailure?: GraphErrorClass | null;
  expectedWabas: readonly { id: string; name: string | null }[];
  requiredScopes: readonly string[];
  now: Date;
  expiringWithinDays?: number;
  /** The product's Meta app id: a token issued for another app is invalid for the product. */
  appId?: string | null;
  /** `GET /me?fields=client_business_id` named a client business: the token is a BISU. */
  businessIntegration?: boolean | null;
}

/** What a check establishes: the contract's Connection minus its ids and the backend's own bookkeeping. */
export type ConnectionFields = Omit<Connection, 'id' | 'kind' | 'tokenUpdatedAt'>;
export type ScopeState = 'granted' | 'missing' | 'unknown';

export interface Assessment {
  connection: ConnectionFields;
  /** Per required scope, the one-word verdict the CLI prints. */
  scopeStates: Record<string, ScopeState>;
}

// ── WABA node and health_status ──────────────────────────────────────────────────────────────────

const Level = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.enum(['AVAILABLE', 'LIMITED', 'BLOCKED']));
type Level = z.infer<typeof Level>;

const Text = z.union([z.string(), z.number().transform(String)]);

const HealthEntity = z.looseObject({
  entity_type: Text.optional().catch(undefined),
  id: Text.optional().catch(undefined),
  can_send_message: Level.optional().catch(undefined),
  additional_info: z.union([z.array(z.unknown()), z.string().transform((s) => [s])]).optional().catch(undefined),
  errors: z.array(z.unknown()).optional().catch(undefined),
});

const HealthError = z.looseObject({
  error_code: Text.optional().catch(undefined),
  error_description: Text.optional().catch(undefined),
  possible_solution: Text.optional().catch(undefined),
});

const WabaNode = z.looseObject({
  id: Text.optional().catch(undefined),
  name: Text.optional().catch(undefined),
  health_status: z
    .looseObject({
      can_send_message: Level.optional().catch(undefined),
      entities: z.array(z.unknown()).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

export interface HealthReading {
  health: WabaHealth;
  /** Why it is limited / blocked, from `additional_info` and `errors[].error_description`. */
  reasons: string[];
  /** `errors[].possible_solution`. */
  solutions: string[];
}

const LEVEL_TO_HEALTH: Record<Level, WabaHealth> = { AVAILABLE: 'available', LIMITED: 'limited', BLOCKED: 'blocked' };
const HEALTH_RANK: Record<WabaHealth, number> = { unknown: 0, available: 1, limited: 2, blocked: 3 };

/**
 * `health_status` (https://developers.facebook.com/documentation/business-messaging/whatsapp/support/health-status):
 * `can_send_message` AVAILABLE / LIMITED / BLOCKED overall and per entity (WABA, BUSINESS, APP,
 * PHONE_NUMBER, MESSAGE_TEMPLATE); LIMITED entities carry `additional_info[]`, BLOCKED ones
 * `errors[{error_code, error_description, possible_solution}]`. The worst of the overall value
 * and every entity's value wins; `can_receive_call_sip` is about calling and is ignored.
 */
export function readHealth(healthStatus: unknown): HealthReading {
  const parsed = WabaNode.shape.health_status.safeParse(healthStatus);
  const hs = parsed.success ? parsed.data : undefined;
  const reading: HealthReading = { health: 'unknown', reasons: [], solutions: [] };
  if (!hs) return reading;
  const raise = (level: Level | undefined) => {
    if (!level) return;
    const h = LEVEL_TO_HEALTH[level];
    if (HEALTH_RANK[h] > HEALTH_RANK[reading.health]) reading.health = h;
  };
  raise(hs.can_send_message);
  for (const raw of hs.entities ?? []) {
    const entity = HealthEntity.safeParse(raw);
    if (!entity.success) continue;
    const e = entity.data;
    raise(e.can_send_message);
    if (e.can_send_message === 'LIMITED' || e.can_send_message === 'BLOCKED') {
      const who = `${e.entity_type ?? 'entity'}${e.id ? ` ${e.id}` : ''}`;
      for (const info of e.additional_info ?? []) if (typeof info === 'string' && info.trim()) reading.reasons.push(`${who}: ${info.trim()}`);
      for (const rawError of e.errors ?? []) {
        const err = HealthError.safeParse(rawError);
        if (!err.success) continue;
        if (err.data.error_description) reading.reasons.push(`${who}: ${err.data.error_description}${err.data.error_code ? ` (${err.data.error_code})` : ''}`);
        if (err.data.possible_solution) reading.solutions.push(err.data.possible_solution);
      }
      if (e.can_send_message === 'LIMITED' && !(e.additional_info ?? []).length) reading.reasons.push(`${who} is limited`);
    }
  }
  return reading;
}

export function readWabaNode(body: unknown): { id: string | null; name: string | null; health: HealthReading } {
  const parsed = WabaNode.safeParse(body);
  if (!parsed.success) return { id: null, name: null, health: { health: 'unknown', reasons: [], solutions: [] } };
  return { id: parsed.data.id ?? null, name: parsed.data.name ?? null, health: readHealth(parsed.data.health_status) };
}

// ── business_users ───────────────────────────────────────────────────────────────────────────────

const BusinessUsersPage = z.looseObject({
  data: z.array(z.unknown()),
  paging: z
    .looseObject({
      cursors: z.looseObject({ after: z.string().optional().catch(undefined) }).optional().catch(undefined),
      next: z.string().optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});
const BusinessUserEntry = z.looseObject({
  id: z.union([z.string().trim().min(1), z.number().int().transform(String)]),
  name: Text.optional().catch(undefined),
  role: Text.optional().catch(undefined),
});

/**
 * One page of `GET /{business-id}/business_users` (`{data:[{id,name,role}], paging}`); role
 * "only contains base roles including Admin and Employee" (business_users reference, docs/meta-platform.md §6).
 * Returns null when the body is not such a page. `nextCursor` is set when Graph has more pages.
 */
export function readBusinessUsersPage(body: unknown): { users: BusinessUser[]; nextCursor: string | null } | null {
  const page = BusinessUsersPage.safeParse(body);
  if (!page.success) return null;
  const users: BusinessUser[] = [];
  for (const raw of page.data.data) {
    const entry = BusinessUserEntry.safeParse(raw);
    if (!entry.success) continue;
    users.push({ id: entry.data.id, name: entry.data.name ?? null, role: entry.data.role ? entry.data.role.trim().toUpperCase() : null });
  }
  const paging = page.data.paging;
  const nextCursor = paging?.next && paging.cursors?.after ? paging.cursors.after : null;
  return { users, nextCursor };
}

export function roleOf(users: readonly BusinessUser[] | null | undefined, userId: string | null): { role: UserRole; name: string | null } {
  if (!users || !userId) return { role: 'unknown', name: null };
  const match = users.find((u) => u.id === userId);
  if (!match) return { role: 'unknown', name: null };
  const role: UserRole = match.role === 'ADMIN' ? 'admin' : match.role === 'EMPLOYEE' ? 'employee' : 'unknown';
  return { role, name: match.name };
}

// ── Assessment ───────────────────────────────────────────────────────────────────────────────────

/** Which status each problem code pushes the connection to (rate-limited / check-failed: none). */
const PROBLEM_STATUS: Record<ProblemCode, ConnectionStatus | null> = {
  'token-revoked': 'revoked',
  'token-invalid': 'invalid',
  'token-expired': 'expired',
  'data-access-expired': 'expired',
  'scope-missing': 'missing-scope',
  'waba-missing': 'missing-waba',
  'not-admin': 'not-admin',
  'waba-health': 'degraded',
  'token-expiring': 'expiring',
  'rate-limited': null,
  'check-failed': null,
};

const CATEGORY_RANK: Record<GraphErrorCategory, number> = {
  credential: 6,
  blocked: 5,
  permission: 4,
  'not-found': 4,
  'rate-limited': 3,
  transient: 2,
  unknown: 1,
};

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function errorDetail(error: GraphErrorClass): string {
  // Table meanings already name their code; fallbacks (is_transient, HTTP status) do not.
  if (error.code === null) return error.httpStatus !== null ? `${error.meaning} (HTTP ${error.httpStatus})` : error.meaning;
  if (error.meaning.includes(String(error.code))) return error.meaning;
  return `${error.meaning} (code ${error.code}${error.subcode !== null ? `/${error.subcode}` : ''})`;
}

class Findings {
  readonly problems: Problem[] = [];
  readonly conditions: ConnectionStatus[] = [];

  add(code: ProblemCode, message: string, hint: string, about: { wabaId?: string | null; scope?: string | null } = {}, status?: ConnectionStatus | null): void {
    const wabaId = isMetaId(about.wabaId) ? about.wabaId : null;
    const scope = about.scope && /^[a-z][a-z0-9_]{1,80}$/.test(about.scope) ? about.scope : null;
    const effect = status === undefined ? PROBLEM_STATUS[code] : status;
    if (effect) this.conditions.push(effect);
    if (this.problems.some((p) => p.code === code && p.wabaId === wabaId && p.scope === scope)) return;
    this.problems.push({ code, message: clip(message, 500), hint: clip(hint, 500), wabaId, scope });
  }

  unknown(message: string, hint: string, about: { wabaId?: string | null; scope?: string | null } = {}): void {
    this.add('check-failed', message, hint, about, 'unknown');
  }
}

function credentialProblem(findings: Findings, error: GraphErrorClass, source: string): void {
  const detail = `${source}: ${errorDetail(error)}`;
  switch (error.verdict) {
    case 'revoked':
      findings.add('token-revoked', `The token was revoked: ${detail}.`, 'The app was removed from the business (Business Settings > Integrations > Connected apps) or the authorisation was withdrawn. Reconnect to authorise the app again.');
      break;
    case 'expired':
      findings.add('token-expired', `The token has expired: ${detail}.`, 'Reconnect WhatsApp from the product to issue a new token.');
      break;
    default:
      findings.add('token-invalid', `The token is no longer valid: ${detail}.`, error.subcode === 460 ? 'The authorising person changed their password, which invalidates their tokens. Reconnect to issue a new token.' : 'Reconnect WhatsApp from the product to issue a new token.');
  }
}

function probeFailureProblem(findings: Findings, error: GraphErrorClass, what: string, about: { wabaId?: string | null }): void {
  if (error.category === 'rate-limited') {
    findings.add('rate-limited', `Meta is rate limiting the check of ${what}: ${errorDetail(error)}.`, 'Nothing to do: the check is retried after a back-off and the status stays as it was.', about, 'unknown');
  } else {
    findings.unknown(`Could not check ${what}: ${errorDetail(error)}.`, 'Usually temporary: the check is retried. If it persists, give support the fbtrace_id of the last error.', about);
  }
}

function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

export function assessConnection(input: AssessmentInput): Assessment {
  const findings = new Findings();
  const now = input.now.getTime();
  const days = input.expiringWithinDays;
  const windowMs = (days !== undefined && Number.isFinite(days) ? Math.max(0, days) : DEFAULT_EXPIRING_WITHIN_DAYS) * DAY_MS;
  const dt = input.debugToken;
  const probes = input.wabaProbes ?? new Map<string, WabaProbe>();
  const errors: GraphErrorClass[] = [];

  // ── 1. Can the token be trusted at all? ──
  if (!dt) {
    const failure = input.debugTokenFailure;
    if (failure && typeof failure !== 'string') {
      errors.push(failure);
      probeFailureProblem(findings, failure, 'the token with debug_token', {});
    } else {
      findings.unknown(`debug_token could not be read${failure ? `: ${failure}` : ''}.`, 'The token\'s validity, expiry and permissions are unknown until debug_token answers; the check is retried.');
    }
  } else {
    if (dt.isValid === false) {
      const embedded = dt.error ? classifyGraphErrorObject(dt.error) : null;
      // The embedded error is Meta's own word on the token: support needs its code as the last error.
      if (embedded) errors.push(embedded);
      if (embedded && embedded.category === 'credential') credentialProblem(findings, embedded, 'debug_token');
      else if (dt.expiresAt.kind === 'at' && dt.expiresAt.seconds * 1000 <= now) {
        findings.add('token-expired', `debug_token reports the token as not valid; it expired on ${formatDate(unixToIso(dt.expiresAt) ?? '')}.`, 'Reconnect WhatsApp from the product to issue a new token.');
      } else {
        const why = dt.error?.message ? `: ${clip(dt.error.message, 200)}` : '';
        findings.add('token-invalid', `debug_token reports the token as not valid${why}.`, 'Reconnect WhatsApp from the product to issue a new token.');
      }
    } else if (dt.isValid === null) {
      findings.unknown('debug_token did not say whether the token is valid.', 'The check is retried; if it persists, inspect the debug_token answer with the assess CLI.');
    }
    if (input.appId && dt.appId && dt.appId !== input.appId) {
      findings.add('token-invalid', `The token was issued for Meta app ${dt.appId}, not for the product's app ${input.appId}.`, 'Reconnect through the product\'s own reconnect page so the token is issued for its app.');
    }
  }
  // Credential answers from functional calls (the caller confirmed them with a second probe).
  for (const [wabaId, probe] of probes) {
    if (probe.outcome === 'error' && probe.error.category === 'credential') credentialProblem(findings, probe.error, `GET /${wabaId}`);
  }
  const isDead = () => findings.problems.some((p) => p.code === 'token-revoked' || p.code === 'token-invalid' || p.code === 'token-expired');
  const credentialDead = isDead();

  // ── 2. Lifetimes ──
  let expiresAt: string | null = null;
  let dataAccessExpiresAt: string | null = null;
  let issuedAt: string | null = null;
  if (dt) {
    expiresAt = unixToIso(dt.expiresAt);
    dataAccessExpiresAt = unixToIso(dt.dataAccessExpiresAt);
    issuedAt = unixToIso(dt.issuedAt);
    if (dt.isValid === true && !credentialDead) {
      if (dt.expiresAt.kind === 'absent' || dt.expiresAt.kind === 'malformed') {
        // Not "never": Meta sends 0 for never (docs/meta-platform.md §3). Reported, but no verdict from a gap.
        findings.add('check-failed', `debug_token did not give a readable expires_at (${dt.expiresAt.kind}): the token's expiry is unknown.`, 'Nothing to do now; the next check may tell. Do not assume the token never expires.', {}, null);
      } else if (dt.expiresAt.kind === 'at') {
        const left = dt.expiresAt.seconds * 1000 - now;
        if (left <= 0) findings.add('token-expired', `The token expired on ${formatDate(expiresAt ?? '')}.`, 'Reconnect WhatsApp from the product to issue a new token.');
        else if (left <= windowMs) findings.add('token-expiring', `The token expires on ${formatDate(expiresAt ?? '')} (in ${Math.max(1, Math.ceil(left / DAY_MS))} day(s)).`, 'Reconnect WhatsApp from the product before then to renew the token.');
      }
      if (dt.dataAccessExpiresAt.kind === 'at') {
        const left = dt.dataAccessExpiresAt.seconds * 1000 - now;
        if (left <= 0) findings.add('data-access-expired', `Data access expired on ${formatDate(dataAccessExpiresAt ?? '')}: the app can no longer read data with this token.`, 'Data access lapses 90 days after the person\'s last activity. Reconnect (log in through the product again) to restore it.');
        else if (left <= windowMs) findings.add('token-expiring', `Data access expires on ${formatDate(dataAccessExpiresAt ?? '')} (in ${Math.max(1, Math.ceil(left / DAY_MS))} day(s)).`, 'Reconnect through the product before then to renew data access.');
      }
    }
  }

  // Expired by the clock counts like a credential answer: coverage and role no longer matter.
  const tokenDead = isDead();
  const validDt = dt && dt.isValid === true && !tokenDead ? dt : null;

  // ── 3. Probes: who answered what ──
  const probeOk = new Map<string, ReturnType<typeof readWabaNode>>();
  for (const [wabaId, probe] of probes) {
    if (probe.outcome === 'ok') probeOk.set(wabaId, readWabaNode(probe.body));
    else errors.push(probe.error);
  }
  const refused = (probe: WabaProbe | undefined) =>
    probe?.outcome === 'error' && (probe.error.category === 'permission' || probe.error.category === 'not-found');

  // ── 4. Required scopes ──
  const scopes: ScopeCheck[] = [];
  const scopeStates: Record<string, ScopeState> = {};
  const missingScopes = new Set<string>();
  const uniqueScopes = [...new Set(input.requiredScopes)];
  for (const scope of uniqueScopes) {
    let declared: boolean | null;
    if (!dt) declared = null;
    else if (isScopeDeclared(dt, scope)) declared = true;
    else if (dt.isValid !== true || (!dt.scopesPresent && dt.granular === null)) declared = null; // Meta listed nothing usable
    else declared = false;
    const alias = declared === true || !dt ? null : (SCOPE_ALIASES[scope] ?? []).find((a) => isScopeDeclared(dt, a)) ?? null;

    let proven: boolean | null = null;
    let provenOn: string | null = null;
    if (scope === MANAGEMENT_SCOPE && !tokenDead) {
      const probed = input.expectedWabas.map((w) => ({ id: w.id, probe: probes.get(w.id) })).filter((p) => p.probe);
      provenOn = probed.find((p) => p.probe?.outcome === 'ok')?.id ?? null;
      if (provenOn) proven = true;
      else if (probed.length > 0 && probed.every((p) => refused(p.probe))) proven = false;
    }

    let note: string | null = null;
    if (proven === true && declared !== true) {
      note = alias
        ? `debug_token lists it as ${alias}; GET /${provenOn} succeeded, so management access is proven`
        : `not listed by debug_token, but GET /${provenOn} succeeded, so management access is proven`;
    } else if (alias && proven === null) {
      note = `debug_token lists ${alias} instead, a name Meta has issued in its place; only a call on a WABA can prove access`;
    }
    scopes.push({ scope, declared, proven, note: note ? clip(note, 300) : null });

    let state: ScopeState;
    if (proven === true) state = 'granted';
    else if (proven === false) state = 'missing';
    else if (declared === true) state = 'granted';
    else if (declared === false && !alias) state = 'missing';
    else state = 'unknown';
    scopeStates[scope] = state;

    if (tokenDead) continue;
    const label = scope in PERMISSION_LABELS ? ` (“${PERMISSION_LABELS[scope as WhatsAppScope]}”)` : '';
    if (state === 'missing' && declared === false) {
      missingScopes.add(scope);
      findings.add('scope-missing', `The token does not have the permission ${scope}${label}.`, `Reconnect and keep ${scope}${label} ticked on the permissions screen; if it is ticked but still missing, a portfolio admin may have reduced the authorising person's access.`, { scope });
    } else if (state === 'unknown' && dt) {
      if (alias) findings.unknown(`debug_token does not list ${scope}; it lists ${alias}, which Meta has issued in its place. Access is not proven yet.`, 'A check that calls the WABAs settles it (the backend does so); nothing to reconnect yet.', { scope });
      else if (dt.isValid === true) findings.unknown(`debug_token did not list the token's permissions, so ${scope} is unverified.`, 'The check is retried; inspect the debug_token answer with the assess CLI if it persists.', { scope });
    }
  }

  // ── 5. WABAs ──
  const wabas: WabaCheck[] = [];
  const seen = new Set<string>();
  const coverage = (scope: string, wabaId: string): boolean | null => {
    if (!validDt) return null;
    const direct = scopeCovers(validDt, scope, wabaId);
    if (direct !== false || isScopeDeclared(validDt, scope)) return direct;
    // The permission is not declared under its own name: an alias that lists this WABA makes
    // coverage unverified (null); an alias that does not list it leaves it uncovered.
    for (const alias of SCOPE_ALIASES[scope] ?? []) {
      if (isScopeDeclared(validDt, alias)) return scopeCovers(validDt, alias, wabaId) === false ? false : null;
    }
    return false;
  };

  for (const expected of input.expectedWabas) {
    if (seen.has(expected.id)) continue;
    seen.add(expected.id);
    const probe = probes.get(expected.id);
    const node = probeOk.get(expected.id);
    let management: boolean | null = coverage(MANAGEMENT_SCOPE, expected.id);
    let reachable: boolean | null = null;
    let health: WabaHealth = 'unknown';
    if (node) {
      management = tokenDead ? null : true;
      reachable = true;
      health = node.health.health;
    } else if (probe?.outcome === 'error') {
      const category = probe.error.category;
      if (category === 'permission' || category === 'not-found') {
        management = tokenDead ? null : false;
        reachable = false;
      } else if (category === 'blocked') {
        reachable = false;
        health = 'blocked';
      }
    }
    if (tokenDead) management = null;
    const messaging = tokenDead ? null : coverage(MESSAGING_SCOPE, expected.id);
    const name = expected.name ?? node?.name ?? null;
    wabas.push({ id: expected.id, name: name === null ? null : clip(name, 200), expected: true, management, messaging, reachable, health });

    if (tokenDead) continue;
    const label = expected.name ? `${expected.name} (${expected.id})` : expected.id;
    // Missing coverage: one problem per WABA, unless the whole permission is missing already.
    const uncovered: string[] = [];
    if (management === false && !missingScopes.has(MANAGEMENT_SCOPE)) uncovered.push(MANAGEMENT_SCOPE);
    if (messaging === false && !missingScopes.has(MESSAGING_SCOPE)) uncovered.push(MESSAGING_SCOPE);
    if (uncovered.length) {
      const refusedBy = probe?.outcome === 'error' && refused(probe) ? ` Graph refused GET /${expected.id}: ${errorDetail(probe.error)}.` : '';
      const listed = management === false && coverage(MANAGEMENT_SCOPE, expected.id) === true ? ' debug_token still lists it, but the call was refused.' : '';
      findings.add('waba-missing', `The WhatsApp account ${label} is not covered by ${uncovered.join(' and ')}.${refusedBy}${listed}`, `Reconnect, choose “Edit previous settings” and select ${label}; deselecting a WhatsApp account during the flow removes the product's access to it.`, { wabaId: expected.id });
    } else if (management === null && !missingScopes.has(MANAGEMENT_SCOPE)) {
      if (probe?.outcome === 'error') probeFailureProblem(findings, probe.error, `WhatsApp account ${label}`, { wabaId: expected.id });
      // When the token's validity itself is unknown, that problem already explains the gap.
      else if (validDt) findings.unknown(`Whether the token can manage WhatsApp account ${label} is not established (no functional call, and debug_token does not say).`, 'A check that calls the WABA settles it.', { wabaId: expected.id });
    } else if (probe?.outcome === 'error' && probe.error.category !== 'permission' && probe.error.category !== 'not-found' && probe.error.category !== 'blocked') {
      probeFailureProblem(findings, probe.error, `WhatsApp account ${label}`, { wabaId: expected.id });
    }

    if (health === 'limited' || health === 'blocked') {
      const reasons = node?.health.reasons.length ? ` ${node.health.reasons.join(' ')}` : probe?.outcome === 'error' ? ` ${errorDetail(probe.error)}.` : '';
      const solution = node?.health.solutions[0];
      findings.add('waba-health', `WhatsApp account ${label} is ${health === 'blocked' ? 'blocked from sending messages' : 'limited in sending messages'}.${reasons}`, solution ?? 'Open WhatsApp Manager for this account to see what limits it; reconnecting does not fix account health.', { wabaId: expected.id });
    }
  }

  // Granted but not expected: named by the WhatsApp permissions' target_ids.
  if (validDt) {
    const grantedIds = new Set<string>();
    for (const scope of [MANAGEMENT_SCOPE, MESSAGING_SCOPE, ...(SCOPE_ALIASES[MANAGEMENT_SCOPE] ?? [])]) {
      for (const id of scopeTargets(validDt, scope)) grantedIds.add(id);
    }
    for (const id of grantedIds) {
      if (seen.has(id) || wabas.length >= 500) continue;
      seen.add(id);
      wabas.push({ id, name: null, expected: false, management: coverage(MANAGEMENT_SCOPE, id), messaging: coverage(MESSAGING_SCOPE, id), reachable: null, health: 'unknown' });
    }
  }

  // ── 6. The authorising user ──
  let authorizingUser: ConnectionFields['authorizingUser'] = { id: dt?.userId ?? null, name: null, role: 'unknown' };
  if (input.businessUsersFailure) errors.push(input.businessUsersFailure);
  if (dt?.userId && input.businessUsers) {
    const { role, name } = roleOf(input.businessUsers, dt.userId);
    authorizingUser = { id: dt.userId, name: name ? clip(name, 200) : null, role };
    if (role === 'employee' && !tokenDead) {
      findings.add('not-admin', `The person who authorised the token${name ? ` (${name})` : ''} is an Employee of the business portfolio, not an admin (Full control).`, 'Reconnect while signed in as a portfolio admin (Full control), or ask an admin to give this person Full control first.');
    }
  }

  // ── 7. Token type ──
  let tokenType: TokenType = dt?.tokenType ?? 'unknown';
  if (tokenType === 'system-user' && input.businessIntegration === true) tokenType = 'business-integration';

  // ── 8. Verdict ──
  const lastError = errors.reduce<GraphErrorClass | null>((worst, e) => (!worst || CATEGORY_RANK[e.category] > CATEGORY_RANK[worst.category] ? e : worst), null);
  const status: ConnectionStatus = worstStatus(findings.conditions) ?? 'healthy';
  return {
    connection: {
      status,
      tokenType,
      expiresAt,
      dataAccessExpiresAt,
      issuedAt,
      lastCheckedAt: input.now.toISOString(),
      scopes: scopes.slice(0, 50),
      wabas: wabas.slice(0, 500),
      authorizingUser,
      problems: findings.problems.slice(0, 100),
      lastError: lastError ? toGraphErrorInfo(lastError, input.now) : null,
    },
    scopeStates,
  };
}
