/**
 * Pure connection assessment: from the evidence one token check gathered to the contract's
 * connection fields (status, token type, expiries, scopes, WABAs, authorising user, problems).
 *
 *   debug_token (normalised, or null) ─┐
 *   per-WABA probe results ────────────┼─► conditions + problems ─► worst wins (contract/severity)
 *   business_users (or null) ──────────┘
 *
 * No I/O and no clock: `now` is an input, so every rule is testable table by table. One function
 * per evidence step (below, in order); the Graph answers are read by ./graph-readers.ts, the
 * problems collected by ./assessment-findings.ts. The recipe that gathers the evidence (and keeps
 * the previous status through transient faults) is ./token-check.ts; the Graph error table is
 * ./graph-errors.ts.
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
import { worstStatus, type Connection, type ConnectionStatus, type ScopeCheck, type TokenType, type WabaCheck, type WabaHealth } from '../contract';
import { MANAGEMENT_SCOPE, MESSAGING_SCOPE, PERMISSION_LABELS, type WhatsAppScope } from '../meta/whatsapp-scopes';
import { CATEGORY_RANK, clip, credentialProblem, errorDetail, Findings, formatDate, probeFailureProblem } from './assessment-findings';
import { isScopeDeclared, scopeCovers, scopeTargets, unixToIso, type DebugTokenInfo } from './debug-token';
import { classifyGraphErrorObject, toGraphErrorInfo, type GraphErrorClass } from './graph-errors';
import { readWabaNode, roleOf, type BusinessUser } from './graph-readers';

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

// ── Evidence steps ───────────────────────────────────────────────────────────────────────────────
// Each step reads one kind of evidence, adds what it finds to `findings` and returns the fields it
// establishes. They run in this order: later steps ask whether a credential answer was found.

interface Evidence {
  input: AssessmentInput;
  findings: Findings;
  /** Graph errors seen, for the connection's last error. */
  errors: GraphErrorClass[];
  now: number;
  windowMs: number;
  dt: DebugTokenInfo | null;
  probes: ReadonlyMap<string, WabaProbe>;
}

/** 1. Can the token be trusted at all? debug_token's verdict, the app it was issued for, and credential answers from the probes. */
function assessCredential({ input, findings, errors, now, dt, probes }: Evidence): void {
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
}

type Lifetimes = Pick<ConnectionFields, 'expiresAt' | 'dataAccessExpiresAt' | 'issuedAt'>;

/** 2. Lifetimes: expiry and data-access expiry, expired or expiring by the clock (only for a token still trusted). */
function assessLifetimes({ findings, now, windowMs, dt }: Evidence, credentialDead: boolean): Lifetimes {
  if (!dt) return { expiresAt: null, dataAccessExpiresAt: null, issuedAt: null };
  const expiresAt = unixToIso(dt.expiresAt);
  const dataAccessExpiresAt = unixToIso(dt.dataAccessExpiresAt);
  const issuedAt = unixToIso(dt.issuedAt);
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
  return { expiresAt, dataAccessExpiresAt, issuedAt };
}

type WabaNodeReading = ReturnType<typeof readWabaNode>;

/** 3. Probes: the WABA nodes that answered, read; the errors of the others, kept for the last error. */
function readProbes({ errors, probes }: Evidence): Map<string, WabaNodeReading> {
  const answered = new Map<string, WabaNodeReading>();
  for (const [wabaId, probe] of probes) {
    if (probe.outcome === 'ok') answered.set(wabaId, readWabaNode(probe.body));
    else errors.push(probe.error);
  }
  return answered;
}

/** Graph refused the call on the WABA: no permission on it, or no such object for this token. */
const refused = (probe: WabaProbe | undefined) => probe?.outcome === 'error' && (probe.error.category === 'permission' || probe.error.category === 'not-found');

/** 4. Required scopes: declared by debug_token, proven by a call, or renamed (an alias). */
function assessScopes({ input, findings, dt, probes }: Evidence, tokenDead: boolean): { scopes: ScopeCheck[]; scopeStates: Record<string, ScopeState>; missingScopes: Set<string> } {
  const scopes: ScopeCheck[] = [];
  const scopeStates: Record<string, ScopeState> = {};
  const missingScopes = new Set<string>();
  for (const scope of new Set(input.requiredScopes)) {
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
  return { scopes, scopeStates, missingScopes };
}

/** Whether a trusted debug_token says the scope covers the WABA (null: unverified, e.g. only an alias lists it). */
function coverageOf(validDt: DebugTokenInfo | null, scope: string, wabaId: string): boolean | null {
  if (!validDt) return null;
  const direct = scopeCovers(validDt, scope, wabaId);
  if (direct !== false || isScopeDeclared(validDt, scope)) return direct;
  // The permission is not declared under its own name: an alias that lists this WABA makes
  // coverage unverified (null); an alias that does not list it leaves it uncovered.
  for (const alias of SCOPE_ALIASES[scope] ?? []) {
    if (isScopeDeclared(validDt, alias)) return scopeCovers(validDt, alias, wabaId) === false ? false : null;
  }
  return false;
}

/** 5. WABAs: each expected one (coverage, reachability, health), then the granted ones nobody expected. */
function assessWabas(
  { input, findings, probes }: Evidence,
  { tokenDead, validDt, answered, missingScopes }: { tokenDead: boolean; validDt: DebugTokenInfo | null; answered: ReadonlyMap<string, WabaNodeReading>; missingScopes: ReadonlySet<string> },
): WabaCheck[] {
  const wabas: WabaCheck[] = [];
  const seen = new Set<string>();
  const coverage = (scope: string, wabaId: string) => coverageOf(validDt, scope, wabaId);

  for (const expected of input.expectedWabas) {
    if (seen.has(expected.id)) continue;
    seen.add(expected.id);
    const probe = probes.get(expected.id);
    const node = answered.get(expected.id);
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
  return wabas;
}

/** 6. The authorising user: their role, only when business_users lists debug_token's user id. */
function assessAuthorizingUser({ input, findings, errors, dt }: Evidence, tokenDead: boolean): ConnectionFields['authorizingUser'] {
  if (input.businessUsersFailure) errors.push(input.businessUsersFailure);
  if (!dt?.userId || !input.businessUsers) return { id: dt?.userId ?? null, name: null, role: 'unknown' };
  const { role, name } = roleOf(input.businessUsers, dt.userId);
  if (role === 'employee' && !tokenDead) {
    findings.add('not-admin', `The person who authorised the token${name ? ` (${name})` : ''} is an Employee of the business portfolio, not an admin (Full control).`, 'Reconnect while signed in as a portfolio admin (Full control), or ask an admin to give this person Full control first.');
  }
  return { id: dt.userId, name: name ? clip(name, 200) : null, role };
}

/** 7. Token type: debug_token's, a system user that serves a client business being a BISU. */
function tokenTypeOf({ input, dt }: Evidence): TokenType {
  const tokenType: TokenType = dt?.tokenType ?? 'unknown';
  return tokenType === 'system-user' && input.businessIntegration === true ? 'business-integration' : tokenType;
}

export function assessConnection(input: AssessmentInput): Assessment {
  const days = input.expiringWithinDays;
  const evidence: Evidence = {
    input,
    findings: new Findings(),
    errors: [],
    now: input.now.getTime(),
    windowMs: (days !== undefined && Number.isFinite(days) ? Math.max(0, days) : DEFAULT_EXPIRING_WITHIN_DAYS) * DAY_MS,
    dt: input.debugToken,
    probes: input.wabaProbes ?? new Map<string, WabaProbe>(),
  };
  const { findings, errors, dt } = evidence;

  assessCredential(evidence);
  const lifetimes = assessLifetimes(evidence, findings.tokenDead());
  // Expired by the clock counts like a credential answer: coverage and role no longer matter.
  const tokenDead = findings.tokenDead();
  const validDt = dt && dt.isValid === true && !tokenDead ? dt : null;
  const answered = readProbes(evidence);
  const { scopes, scopeStates, missingScopes } = assessScopes(evidence, tokenDead);
  const wabas = assessWabas(evidence, { tokenDead, validDt, answered, missingScopes });
  const authorizingUser = assessAuthorizingUser(evidence, tokenDead);
  const tokenType = tokenTypeOf(evidence);

  // 8. Verdict: the worst condition found; the most serious Graph error is the last error.
  const lastError = errors.reduce<GraphErrorClass | null>((worst, e) => (!worst || CATEGORY_RANK[e.category] > CATEGORY_RANK[worst.category] ? e : worst), null);
  const status: ConnectionStatus = worstStatus(findings.conditions) ?? 'healthy';
  return {
    connection: {
      status,
      tokenType,
      ...lifetimes,
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
