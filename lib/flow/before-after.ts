/**
 * What a reconnect changed: the workspace before it (the attempt's `before`) against the check that
 * followed it. Pure: no browser, no clock; `startedAt` tells which tokens the reconnect replaced.
 *
 * Per connection:
 *   permissions  gained / lost / now unknown (a permission is held when Meta declares or a real call
 *                proves it; lost when it is neither now, or a call needing it is refused)
 *   WABAs        gained / lost (covered before, and now not covered, or a call to it is refused) /
 *                now unknown
 *   token type, expiry, the authorising person's role, WABA health, and the problems that remain.
 * `accessReduced` whenever anything was lost (a permission, a WABA, the authoriser's admin role):
 * "the reconnect ran but access was reduced", the most common silent failure.
 * Unknown stays unknown: a permission that was held and cannot be read now is "now unknown", never
 * "kept", and nothing is "gained" against a before-state that was not known.
 */
import { z } from 'zod';
import { ConnectionStatus, Problem, TokenType, UserRole, WabaHealth, type Connection, type Workspace } from '../contract';

/** Tri-state: true held, false not held (or refused), null unknown. */
type Held = boolean | null;

export const Expiry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('never') }),
  z.object({ kind: z.literal('at'), at: z.string().max(40) }),
  z.object({ kind: z.literal('unknown') }),
]);
export type Expiry = z.infer<typeof Expiry>;

const Name = z.string().max(200).nullable();
const WabaRef = z.object({ id: z.string().max(32), name: Name });

export const ConnectionDifference = z.object({
  connectionId: z.string().max(128),
  kind: z.enum(['whatsapp', 'catalog']),
  /** False when the connection was not in the before-state (then nothing is "gained" or "lost"). */
  beforeKnown: z.boolean(),
  /** The backend stored a new token for it after the attempt began (null: the backend does not say). */
  tokenReplaced: z.boolean().nullable(),
  status: z.object({ before: ConnectionStatus.nullable(), after: ConnectionStatus }),
  permissions: z.object({ gained: z.array(z.string().max(80)).max(50), lost: z.array(z.string().max(80)).max(50), nowUnknown: z.array(z.string().max(80)).max(50) }),
  wabas: z.object({
    gained: z.array(WabaRef).max(500),
    lost: z.array(WabaRef.extend({ why: z.enum(['not-covered', 'refused']) })).max(500),
    nowUnknown: z.array(WabaRef).max(500),
  }),
  tokenType: z.object({ before: TokenType.nullable(), after: TokenType }),
  expiry: z.object({ before: Expiry.nullable(), after: Expiry }),
  role: z.object({ before: UserRole.nullable(), after: UserRole, reduced: z.boolean() }),
  /** The WABAs whose health is not `available` now, or changed. */
  wabaHealth: z.array(WabaRef.extend({ before: WabaHealth.nullable(), after: WabaHealth })).max(500),
  remainingProblems: z.array(Problem.pick({ code: true, message: true, wabaId: true, scope: true })).max(100),
  accessReduced: z.boolean(),
});
export type ConnectionDifference = z.infer<typeof ConnectionDifference>;

export const Difference = z.object({
  workspaceId: z.string().max(128),
  beforeKnown: z.boolean(),
  connections: z.array(ConnectionDifference).max(50),
  accessReduced: z.boolean(),
});
export type Difference = z.infer<typeof Difference>;

const has = (problems: Connection['problems'], code: Problem['code'], about: { wabaId?: string; scope?: string }) =>
  problems.some((p) => p.code === code && (about.wabaId === undefined || p.wabaId === about.wabaId) && (about.scope === undefined || p.scope === about.scope));

/** Is this permission held? A refusal or a `scope-missing` problem wins over a declaration. */
export function permissionHeld(connection: Connection, scope: string): Held {
  const check = connection.scopes.find((s) => s.scope === scope);
  if (check?.proven === false || has(connection.problems, 'scope-missing', { scope })) return false;
  if (check?.proven === true || check?.declared === true) return true;
  if (check?.declared === false) return false;
  return null;
}

/** Is this WABA covered? Refused (a call to it failed, or a `waba-missing` problem names it) → false. */
export function wabaCovered(connection: Connection, wabaId: string): { held: Held; why: 'not-covered' | 'refused' | null } {
  const waba = connection.wabas.find((w) => w.id === wabaId);
  if (waba?.reachable === false) return { held: false, why: 'refused' };
  if (has(connection.problems, 'waba-missing', { wabaId })) return { held: false, why: 'not-covered' };
  if (!waba) return { held: connection.lastCheckedAt === null ? null : false, why: 'not-covered' };
  if (waba.management === false || waba.messaging === false) return { held: false, why: 'not-covered' };
  if (waba.management === true || waba.messaging === true) return { held: true, why: null };
  return { held: null, why: null };
}

export function expiryOf(connection: Connection): Expiry {
  if (connection.lastCheckedAt === null) return { kind: 'unknown' };
  if (connection.expiresAt !== null) return { kind: 'at', at: connection.expiresAt };
  // Null after a check means "never expires" unless a check-failed problem says Meta gave no date.
  return has(connection.problems, 'check-failed', {}) ? { kind: 'unknown' } : { kind: 'never' };
}

const unique = <T>(items: T[]) => [...new Set(items)];

export function connectionDifference(before: Connection | null, after: Connection, startedAt: number | null): ConnectionDifference {
  const scopeNames = unique([...(before?.scopes ?? []).map((s) => s.scope), ...after.scopes.map((s) => s.scope), ...after.problems.flatMap((p) => (p.scope ? [p.scope] : []))]);
  const permissions = { gained: [] as string[], lost: [] as string[], nowUnknown: [] as string[] };
  for (const scope of scopeNames) {
    const was = before ? permissionHeld(before, scope) : null;
    const now = permissionHeld(after, scope);
    if (was === true && now === false) permissions.lost.push(scope);
    else if (was === true && now === null) permissions.nowUnknown.push(scope);
    else if (was === false && now === true) permissions.gained.push(scope);
  }

  const names = new Map<string, string | null>();
  for (const w of [...(before?.wabas ?? []), ...after.wabas]) if (!names.get(w.id)) names.set(w.id, w.name);
  const wabaIds = unique([...(before?.wabas ?? []).map((w) => w.id), ...after.wabas.map((w) => w.id), ...after.problems.flatMap((p) => (p.wabaId ? [p.wabaId] : []))]);
  const wabas: ConnectionDifference['wabas'] = { gained: [], lost: [], nowUnknown: [] };
  for (const id of wabaIds) {
    const ref = { id, name: names.get(id) ?? null };
    const was = before ? wabaCovered(before, id).held : null;
    const now = wabaCovered(after, id);
    if (was === true && now.held === false) wabas.lost.push({ ...ref, why: now.why ?? 'not-covered' });
    else if (was === true && now.held === null) wabas.nowUnknown.push(ref);
    else if (was === false && now.held === true) wabas.gained.push(ref);
  }

  const wabaHealth = after.wabas.flatMap((w) => {
    const was = before?.wabas.find((b) => b.id === w.id)?.health ?? null;
    return w.health !== 'available' || (was !== null && was !== w.health) ? [{ id: w.id, name: w.name, before: was, after: w.health }] : [];
  });
  const roleBefore = before?.authorizingUser.role ?? null;
  const roleReduced = roleBefore === 'admin' && after.authorizingUser.role === 'employee';
  const updated = after.tokenUpdatedAt === null ? null : Date.parse(after.tokenUpdatedAt);
  return {
    connectionId: after.id,
    kind: after.kind,
    beforeKnown: before !== null,
    tokenReplaced: startedAt === null || updated === null ? null : updated > startedAt,
    status: { before: before?.status ?? null, after: after.status },
    permissions,
    wabas,
    tokenType: { before: before?.tokenType ?? null, after: after.tokenType },
    expiry: { before: before ? expiryOf(before) : null, after: expiryOf(after) },
    role: { before: roleBefore, after: after.authorizingUser.role, reduced: roleReduced },
    wabaHealth,
    remainingProblems: after.problems.map((p) => ({ code: p.code, message: p.message, wabaId: p.wabaId, scope: p.scope })),
    accessReduced: permissions.lost.length > 0 || wabas.lost.length > 0 || roleReduced,
  };
}

/** The whole workspace: every connection of the after-state against its before-state. */
export function difference(before: Workspace | null, after: Workspace, startedAt: number | null): Difference {
  const connections = after.connections.map((c) => connectionDifference(before?.connections.find((b) => b.id === c.id) ?? null, c, startedAt));
  return { workspaceId: after.id, beforeKnown: before !== null, connections, accessReduced: connections.some((c) => c.accessReduced) };
}
