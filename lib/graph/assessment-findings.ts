/**
 * What an assessment found, as it is found: problems (with their message and hint) and the
 * statuses they push the connection to, plus the wording of Graph errors inside them. The
 * evidence steps of ./assessment.ts add to one Findings; the worst condition is the verdict.
 */
import type { ConnectionStatus, GraphErrorCategory, Problem, ProblemCode } from '../contract';
import { isMetaId } from '../meta/ids';
import type { GraphErrorClass } from './graph-errors';

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

export const CATEGORY_RANK: Record<GraphErrorCategory, number> = {
  credential: 6,
  blocked: 5,
  permission: 4,
  'not-found': 4,
  'rate-limited': 3,
  transient: 2,
  unknown: 1,
};

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function errorDetail(error: GraphErrorClass): string {
  // Table meanings already name their code; fallbacks (is_transient, HTTP status) do not.
  if (error.code === null) return error.httpStatus !== null ? `${error.meaning} (HTTP ${error.httpStatus})` : error.meaning;
  if (error.meaning.includes(String(error.code))) return error.meaning;
  return `${error.meaning} (code ${error.code}${error.subcode !== null ? `/${error.subcode}` : ''})`;
}

export class Findings {
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

  /** A credential answer (revoked, invalid, expired) was found: nothing else about the token matters. */
  tokenDead(): boolean {
    return this.problems.some((p) => p.code === 'token-revoked' || p.code === 'token-invalid' || p.code === 'token-expired');
  }
}

export function credentialProblem(findings: Findings, error: GraphErrorClass, source: string): void {
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

export function probeFailureProblem(findings: Findings, error: GraphErrorClass, what: string, about: { wabaId?: string | null }): void {
  if (error.category === 'rate-limited') {
    findings.add('rate-limited', `Meta is rate limiting the check of ${what}: ${errorDetail(error)}.`, 'Nothing to do: the check is retried after a back-off and the status stays as it was.', about, 'unknown');
  } else {
    findings.unknown(`Could not check ${what}: ${errorDetail(error)}.`, 'Usually temporary: the check is retried. If it persists, give support the fbtrace_id of the last error.', about);
  }
}

export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}
