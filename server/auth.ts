/**
 * Admin authentication: `Authorization: Bearer <token>` on every /v1 route.
 *
 * Admin tokens are stored as SHA-256 hashes, never in clear. A fast unsalted hash is the right
 * tool here (and a slow password hash is not needed) because these tokens are random,
 * high-entropy secrets (the seed requires at least 24 characters; generate them with
 * `openssl rand -hex 32`): nobody can enumerate a 128-bit+ space, so there is nothing for salt or
 * key stretching to slow down, and a deterministic hash allows an indexed lookup (no per-admin
 * comparison loop, no timing signal about which admin almost matched). A leaked database
 * therefore yields no usable admin token.
 *
 * 401 without a token or with an unknown one (with a `WWW-Authenticate` challenge, RFC 6750 §3);
 * another admin's workspace answers 404, not 403, so ids cannot be probed (see ./app.ts).
 */
import { createHash } from 'node:crypto';
import type { AdminRecord, Store } from './store/store';

export function hashAdminToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Admin ids are derived from the token hash: stable across seed loads, reveal nothing. */
export function adminIdFor(tokenHash: string): string {
  return `admin-${tokenHash.slice(0, 16)}`;
}

export type AuthResult =
  | { ok: true; admin: AdminRecord }
  | { ok: false; reason: 'missing' | 'malformed' | 'unknown'; challenge: string };

const REALM = 'Bearer realm="reconnect-assistant"';

export async function authenticate(store: Store, authorization: string | undefined): Promise<AuthResult> {
  if (!authorization) return { ok: false, reason: 'missing', challenge: REALM };
  const match = /^Bearer[ ]+([\x21-\x7e]{1,512})[ ]*$/i.exec(authorization);
  if (!match?.[1]) return { ok: false, reason: 'malformed', challenge: `${REALM}, error="invalid_request"` };
  const admin = await store.findAdminByTokenHash(hashAdminToken(match[1]));
  if (!admin) return { ok: false, reason: 'unknown', challenge: `${REALM}, error="invalid_token"` };
  return { ok: true, admin };
}
