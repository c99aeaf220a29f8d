/**
 * `debug_token`'s answer: a tolerant zod schema and its normalised form.
 *
 * Source: https://developers.facebook.com/docs/graph-api/reference/debug_token (docs/meta-platform.md §3). Fields
 * live under `data`: app_id, application, type, is_valid, expires_at, data_access_expires_at,
 * issued_at (unix seconds), scopes[], granular_scopes[{scope, target_ids?}], user_id, error{code,
 * subcode, message}, metadata, profile_id. Unknown keys are kept out of the way, not rejected
 * (Meta adds fields), and one malformed field never hides the others.
 *
 * Rules encoded here (docs/meta-platform.md §3 and §4):
 * - `expires_at: 0` means never expires; an absent or malformed `expires_at` is UNKNOWN, not never.
 * - `data_access_expires_at: 0` gives no deadline (system-user sample in the permissions doc); it is
 *   reported as null and never produces a "data access expired" verdict.
 * - A granular scope WITHOUT `target_ids` covers every asset ("If permission applies to all,
 *   targets will not be shown"); with `target_ids`, membership is checked against the whole list
 *   (never `target_ids[0]`); duplicated entries of one scope are merged (union).
 *   `target_ids: null` or a non-list is treated as "coverage unknown", not as "all".
 * - Token type: `USER` → user, `SYSTEM_USER` → system-user, anything else (PAGE, APP, …) → unknown.
 *   A Business Integration System User (BISU, Embedded Signup's "business token") ALSO reports
 *   `type: "SYSTEM_USER"` (observed in chatwoot/chatwoot#14690, an ES token with
 *   type SYSTEM_USER), so debug_token alone cannot tell it from a plain system user. The token
 *   check upgrades it to `business-integration` only when `GET /me?fields=client_business_id`
 *   names a client business (FL4B doc, docs/meta-platform.md §3); otherwise it stays `system-user`.
 */
import { z } from 'zod';
import type { TokenType } from '../contract';
import { GraphErrorObject } from './graph-errors';
import { META_ID } from '../meta/ids';

/** A unix-seconds field, normalised. */
export type UnixTime =
  | { kind: 'at'; seconds: number }
  | { kind: 'zero' }
  | { kind: 'absent' }
  | { kind: 'malformed' };

/** The latest second an ISO timestamp can express with four-digit years (9999-12-31T23:59:59Z). */
const MAX_SECONDS = 253_402_300_799;

/** Seconds since the epoch, as a number or a numeric string; 0 and absence are kept apart. */
export function toUnixTime(value: unknown): UnixTime {
  if (value === undefined || value === null) return { kind: 'absent' };
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > MAX_SECONDS) return { kind: 'malformed' };
  return n === 0 ? { kind: 'zero' } : { kind: 'at', seconds: Math.floor(n) };
}

/** Meta ids are decimal strings; some serialisers send numbers. */
const IdLike = z.union([z.string().trim().regex(META_ID), z.number().int().nonnegative().transform(String)]);
const Str = z.union([z.string(), z.number().transform(String)]);
const BoolLike = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const GranularScopeEntry = z.looseObject({
  scope: z.string().trim().min(1),
  target_ids: z.unknown().optional(),
});

/** The raw schema: every field optional and individually tolerant. */
export const DebugTokenData = z.looseObject({
  app_id: IdLike.optional().catch(undefined),
  application: Str.optional().catch(undefined),
  type: Str.optional().catch(undefined),
  is_valid: BoolLike.optional().catch(undefined),
  // Normalised by toUnixTime after parsing (absent, 0 and malformed mean different things).
  expires_at: z.unknown().optional(),
  data_access_expires_at: z.unknown().optional(),
  issued_at: z.unknown().optional(),
  scopes: z.unknown().optional(),
  granular_scopes: z.unknown().optional(),
  user_id: IdLike.optional().catch(undefined),
  profile_id: IdLike.optional().catch(undefined),
  error: GraphErrorObject.optional().catch(undefined),
});

/** How one permission covers assets. */
export interface ScopeCoverage {
  /** An entry without `target_ids`: every asset, current and future. */
  all: boolean;
  /** Union of every entry's `target_ids`. */
  targetIds: ReadonlySet<string>;
  /** Some entry had unreadable `target_ids`: ids outside `targetIds` are unknown, not uncovered. */
  uncertain: boolean;
}

export interface DebugTokenInfo {
  appId: string | null;
  application: string | null;
  /** `type` as Meta sent it (upper-cased), e.g. USER, SYSTEM_USER, PAGE, APP. */
  rawType: string | null;
  tokenType: TokenType;
  /** null: Meta did not say (or said it unreadably). */
  isValid: boolean | null;
  expiresAt: UnixTime;
  dataAccessExpiresAt: UnixTime;
  issuedAt: UnixTime;
  /** `scopes`, de-duplicated, in Meta's order. Empty when absent. */
  scopes: readonly string[];
  scopesPresent: boolean;
  /** null when `granular_scopes` is absent or unreadable. */
  granular: ReadonlyMap<string, ScopeCoverage> | null;
  userId: string | null;
  profileId: string | null;
  error: GraphErrorObject | null;
  /** What was malformed and ignored (for diagnostics; never contains the token). */
  warnings: readonly string[];
}

export type DebugTokenParse = { ok: true; info: DebugTokenInfo } | { ok: false; reason: string };

const KNOWN_KEYS = ['app_id', 'application', 'type', 'is_valid', 'expires_at', 'data_access_expires_at', 'issued_at', 'scopes', 'granular_scopes', 'user_id', 'error'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function tokenTypeOf(rawType: string | null): TokenType {
  switch (rawType) {
    case 'USER':
      return 'user';
    case 'SYSTEM_USER':
      return 'system-user';
    default:
      return 'unknown';
  }
}

function parseScopes(raw: unknown, warnings: string[]): { scopes: string[]; present: boolean } {
  if (raw === undefined || raw === null) return { scopes: [], present: false };
  // Some SDKs flatten the list into a comma-separated string.
  const items = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : null;
  if (!items) {
    warnings.push('scopes is not a list');
    return { scopes: [], present: false };
  }
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string' || !item.trim()) {
      warnings.push('a scopes entry is not a name');
      continue;
    }
    const name = item.trim();
    if (!out.includes(name)) out.push(name);
  }
  return { scopes: out, present: true };
}

function parseGranular(raw: unknown, warnings: string[]): Map<string, ScopeCoverage> | null {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw)) {
    warnings.push('granular_scopes is not a list');
    return null;
  }
  const merged = new Map<string, { all: boolean; targetIds: Set<string>; uncertain: boolean }>();
  for (const item of raw) {
    const entry = GranularScopeEntry.safeParse(item);
    if (!entry.success) {
      warnings.push('a granular_scopes entry has no scope name');
      continue;
    }
    const scope = entry.data.scope;
    const coverage = merged.get(scope) ?? { all: false, targetIds: new Set<string>(), uncertain: false };
    merged.set(scope, coverage);
    const targets = entry.data.target_ids;
    if (!('target_ids' in entry.data) || targets === undefined) {
      coverage.all = true;
      continue;
    }
    if (!Array.isArray(targets)) {
      warnings.push(`granular_scopes[${scope}].target_ids is not a list`);
      coverage.uncertain = true;
      continue;
    }
    for (const target of targets) {
      const id = IdLike.safeParse(target);
      if (id.success) coverage.targetIds.add(id.data);
      else {
        warnings.push(`granular_scopes[${scope}] has a target id that is not a Meta id`);
        coverage.uncertain = true;
      }
    }
  }
  return merged;
}

/**
 * Accepts the whole debug_token response (`{data:{…}}`) or its inner object. A Graph error
 * envelope (`{error:{…}}`) is not a debug_token answer: the call itself failed.
 */
export function parseDebugToken(body: unknown): DebugTokenParse {
  if (!isRecord(body)) return { ok: false, reason: 'the debug_token answer is not a JSON object' };
  if ('error' in body && !('data' in body) && !KNOWN_KEYS.some((k) => k !== 'error' && k in body)) {
    return { ok: false, reason: 'this is a Graph error response, not a debug_token answer (the debug_token call itself failed)' };
  }
  const inner = isRecord(body.data) ? body.data : body;
  if (!KNOWN_KEYS.some((k) => k in inner)) {
    return { ok: false, reason: 'no debug_token field found (expected data.is_valid, data.scopes, data.expires_at, …)' };
  }
  const parsed = DebugTokenData.safeParse(inner);
  if (!parsed.success) return { ok: false, reason: `the debug_token answer is malformed: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  const data = parsed.data;
  const warnings: string[] = [];
  for (const key of ['app_id', 'type', 'is_valid', 'user_id'] as const) {
    if (inner[key] !== undefined && inner[key] !== null && data[key] === undefined) warnings.push(`${key} is malformed`);
  }
  const times = {
    expiresAt: toUnixTime(data.expires_at),
    dataAccessExpiresAt: toUnixTime(data.data_access_expires_at),
    issuedAt: toUnixTime(data.issued_at),
  };
  for (const [key, time] of [['expires_at', times.expiresAt], ['data_access_expires_at', times.dataAccessExpiresAt], ['issued_at', times.issuedAt]] as const) {
    if (time.kind === 'malformed') warnings.push(`${key} is malformed`);
  }
  const { scopes, present } = parseScopes(data.scopes, warnings);
  const granular = parseGranular(data.granular_scopes, warnings);
  const rawType = data.type ? data.type.trim().toUpperCase() : null;
  return {
    ok: true,
    info: {
      appId: data.app_id ?? null,
      application: data.application ?? null,
      rawType,
      tokenType: tokenTypeOf(rawType),
      isValid: data.is_valid ?? null,
      ...times,
      scopes,
      scopesPresent: present,
      granular,
      userId: data.user_id ?? null,
      profileId: data.profile_id ?? null,
      error: data.error ?? null,
      warnings,
    },
  };
}

/** Is the permission named in `scopes` or `granular_scopes`? */
export function isScopeDeclared(info: DebugTokenInfo, scope: string): boolean {
  return info.scopes.includes(scope) || (info.granular?.has(scope) ?? false);
}

/**
 * Does the permission cover this asset? true / false / null (unknown).
 * - granular entry without target_ids → true for every asset;
 * - granular entry with target_ids → membership in the whole (merged) list;
 * - scope declared but no granular information → null (Meta did not say which assets);
 * - scope not declared at all → false.
 */
export function scopeCovers(info: DebugTokenInfo, scope: string, assetId: string): boolean | null {
  const coverage = info.granular?.get(scope);
  if (coverage) {
    if (coverage.all || coverage.targetIds.has(assetId)) return true;
    return coverage.uncertain ? null : false;
  }
  if (isScopeDeclared(info, scope)) return null;
  // Declared nowhere. If Meta sent neither list, we know nothing.
  return info.scopesPresent || info.granular !== null ? false : null;
}

/** Asset ids a permission names explicitly (for "granted but not expected" WABAs). */
export function scopeTargets(info: DebugTokenInfo, scope: string): readonly string[] {
  return [...(info.granular?.get(scope)?.targetIds ?? [])];
}

export function unixToIso(time: UnixTime): string | null {
  return time.kind === 'at' ? new Date(time.seconds * 1000).toISOString() : null;
}
