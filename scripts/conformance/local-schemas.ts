/**
 * Schemas the conformance kit needs before lib/contract has them. Each mirrors what the contract
 * is gaining; once lib/contract exports a schema of the listed name, that one is used instead, so
 * the kit follows the contract without an edit here.
 *
 *   ReconnectLink   POST /v1/workspaces/{id}/reconnect-link: a single-use, short-lived URL of the
 *                   backend's own reconnect page (https, or http on loopback).
 *   tokenUpdatedAt  per connection in GET /v1/status: when the backend last stored a new Meta
 *                   token for it (a timestamp, or null when not known).
 */
import { z } from 'zod';
import * as contract from '../../lib/contract';
import { HttpsOrLocalUrl, Timestamp } from '../../lib/contract';

/** Mirrors the reconnect-link answer being added to the contract. */
const LocalReconnectLink = z.object({
  apiVersion: z.literal(contract.API_VERSION),
  url: HttpsOrLocalUrl,
  expiresAt: Timestamp.nullable().optional(),
});

/** Mirrors the per-connection `tokenUpdatedAt` field being added to the contract. */
export const TokenUpdatedAt = Timestamp.nullable();

function contractSchema(...names: string[]): z.ZodType | null {
  for (const name of names) {
    const candidate = (contract as Record<string, unknown>)[name];
    if (candidate instanceof z.ZodType) return candidate;
  }
  return null;
}

export function reconnectLinkSchema(): { schema: z.ZodType; source: 'contract' | 'local' } {
  const fromContract = contractSchema('ReconnectLink', 'ReconnectLinkResponse');
  return fromContract ? { schema: fromContract, source: 'contract' } : { schema: LocalReconnectLink, source: 'local' };
}

/** The URL of a reconnect-link answer, whichever name the contract gives it. */
export function reconnectLinkUrl(body: unknown): unknown {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  return record.url ?? record.reconnectUrl ?? record.link;
}
