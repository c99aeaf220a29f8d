/**
 * Building blocks shared by every schema of the backend contract.
 *
 * The contract is the only thing the extension and a product backend have in common, so it is
 * strict where a mistake would mislead an admin (statuses, timestamps, ids) and tolerant where the
 * backend may legitimately know more than we do (extra keys are stripped, not rejected).
 */
import { z } from 'zod';
import { META_ID } from '../meta/ids';

export const API_VERSION = 'v1';

/** ISO-8601 timestamp with an explicit offset (`Z` or `+hh:mm`). */
export const Timestamp = z.iso.datetime({ offset: true });

/** Meta object ids (apps, businesses, WABAs, users) are decimal strings. */
export const MetaId = z.string().regex(META_ID, 'a Meta id is a string of digits');

/** Ids the product chooses itself (workspaces, connections): short, URL-safe. */
export const ProductId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'ids use letters, digits and . _ : - only');

/** A permission name as Meta spells it (`whatsapp_business_management`). */
export const ScopeName = z.string().regex(/^[a-z][a-z0-9_]{1,80}$/, 'not a Meta permission name');

/** Free text from the backend or from Meta, bounded so a hostile answer cannot flood the UI. */
export const Text = (max = 2000) => z.string().max(max);

/** Host names of this machine, as `URL.hostname` spells them. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * True for an absolute https URL, or plain http on this machine. Never throws: a schema check
 * that threw would escape `safeParse` and leave the caller holding its last answer.
 */
export function isHttpsOrLocalUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

export const HttpsOrLocalUrl = z
  .string()
  .max(2048)
  .refine(isHttpsOrLocalUrl, { message: 'must be an absolute https URL (or http on localhost)' })
  .meta({ format: 'uri', description: 'An absolute https URL; plain http only on localhost, 127.0.0.1 or [::1].' });

export const ApiError = z.object({
  error: z.object({
    code: z.enum([
      'unauthorized',
      'forbidden',
      'not-found',
      'bad-request',
      'payload-too-large',
      'unsupported-media-type',
      'rate-limited',
      'internal',
    ]),
    message: Text(),
    details: z.array(z.object({ path: Text(200), message: Text(500) })).max(50).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;
