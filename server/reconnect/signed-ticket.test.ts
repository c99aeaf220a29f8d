// @vitest-environment node
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TicketSigner } from './signed-ticket';

const key = randomBytes(32);
const now = new Date('2026-12-01T10:00:00Z');
const soon = new Date(now.getTime() + 600_000);

describe('TicketSigner', () => {
  it('verifies its own ticket on any instance with the same key, and gives the claims back', () => {
    const { ticket, claims } = new TicketSigner(key).issue('state', 'ws-1', 'conn-1', soon);
    expect(new TicketSigner(Buffer.from(key)).verify('state', ticket, now)).toEqual({ ok: true, claims });
    expect(claims.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses another key, another purpose, an edited payload, expiry, junk', () => {
    const signer = new TicketSigner(key);
    const { ticket } = signer.issue('state', 'ws-1', 'conn-1', soon);
    expect(new TicketSigner(randomBytes(32)).verify('state', ticket, now)).toEqual({ ok: false, reason: 'not-ours' });
    expect(signer.verify('link', ticket, now)).toEqual({ ok: false, reason: 'not-ours' });
    const [body, mac] = ticket.split('.') as [string, string];
    const edited = Buffer.from(Buffer.from(body, 'base64url').toString().replace('ws-1', 'ws-2')).toString('base64url');
    expect(signer.verify('state', `${edited}.${mac}`, now)).toEqual({ ok: false, reason: 'not-ours' });
    expect(signer.verify('state', ticket, soon)).toEqual({ ok: false, reason: 'expired' });
    expect(signer.verify('state', undefined, now)).toEqual({ ok: false, reason: 'missing' });
    for (const junk of ['x', 'a.b', `${body}.${mac}x`, 'é'.repeat(2000)]) expect(signer.verify('state', junk, now).ok).toBe(false);
  });
});
