/**
 * Signed, expiring tickets for the reconnect flow: the link the extension opens (`link`) and the
 * OAuth `state` sent through Meta's dialog (`state`). Stateless to verify (any instance with the
 * same key, after a restart too); single use is recorded separately in the store (claimOnce) under
 * the ticket's nonce.
 *
 *   ticket = base64url(JSON {p, w, c, n, e}) "." base64url(HMAC-SHA256(key, "<purpose>." + body))
 *
 * `p` purpose, `w` workspace, `c` connection, `n` 128-bit random nonce, `e` expiry (Unix ms).
 * The purpose is inside the MAC, so a link ticket can never be replayed as a state or vice versa.
 * OAuth 2.0 state: https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export type TicketPurpose = 'link' | 'state';

export interface TicketClaims {
  workspaceId: string;
  connectionId: string;
  nonce: string;
  expiresAt: Date;
}

export type TicketCheck =
  | { ok: true; claims: TicketClaims }
  | { ok: false; reason: 'missing' | 'malformed' | 'not-ours' | 'expired' };

const Payload = z.object({
  p: z.enum(['link', 'state']),
  w: z.string().min(1).max(128),
  c: z.string().min(1).max(128),
  n: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  e: z.number().int().positive(),
});

/** Tickets longer than this are not ours (ids are bounded at 128 characters). */
const MAX_TICKET_CHARS = 1024;

export class TicketSigner {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length < 32) throw new Error('the ticket key must be at least 32 bytes');
    this.#key = Buffer.from(key);
  }

  issue(purpose: TicketPurpose, workspaceId: string, connectionId: string, expiresAt: Date): { ticket: string; claims: TicketClaims } {
    const nonce = randomBytes(16).toString('base64url');
    const body = Buffer.from(JSON.stringify({ p: purpose, w: workspaceId, c: connectionId, n: nonce, e: expiresAt.getTime() })).toString('base64url');
    return { ticket: `${body}.${this.#mac(purpose, body)}`, claims: { workspaceId, connectionId, nonce, expiresAt } };
  }

  verify(purpose: TicketPurpose, ticket: string | undefined | null, now: Date): TicketCheck {
    if (!ticket) return { ok: false, reason: 'missing' };
    if (ticket.length > MAX_TICKET_CHARS) return { ok: false, reason: 'malformed' };
    const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(ticket);
    if (!match) return { ok: false, reason: 'malformed' };
    const [, body, mac] = match as unknown as [string, string, string];
    const expected = Buffer.from(this.#mac(purpose, body), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    // Signed by another key, altered, or issued for the other purpose: all "not ours".
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'not-ours' };
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const payload = Payload.safeParse(json);
    if (!payload.success || payload.data.p !== purpose) return { ok: false, reason: 'malformed' };
    if (payload.data.e <= now.getTime()) return { ok: false, reason: 'expired' };
    return {
      ok: true,
      claims: { workspaceId: payload.data.w, connectionId: payload.data.c, nonce: payload.data.n, expiresAt: new Date(payload.data.e) },
    };
  }

  #mac(purpose: TicketPurpose, body: string): string {
    return createHmac('sha256', this.#key).update(`${purpose}.${body}`).digest('base64url');
  }
}
