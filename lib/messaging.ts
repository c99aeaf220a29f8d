/**
 * The one protocol for messages between the extension's parts. Every message is a zod-validated
 * discriminated union; the receiver checks both the payload and who sent it. Content scripts
 * import only the types from here (no zod at runtime in a page).
 */
import { z } from 'zod';
import { PAGE_KINDS } from './meta/pages';

const MetaIdOrNull = z.string().regex(/^\d{1,32}$/).nullable();
export const PageInfo = z.object({
  kind: z.enum(PAGE_KINDS),
  businessId: MetaIdOrNull,
  wabaId: MetaIdOrNull,
  appId: MetaIdOrNull,
  configId: MetaIdOrNull,
  // Dialog-only fields (lib/meta/pages.ts). Defaulted so a report stored before they existed still parses.
  redirectUri: z.string().max(2048).url().nullable().default(null),
  state: z.string().min(1).max(1024).nullable().default(null),
});

export const Message = z.discriminatedUnion('type', [
  /** Content script → background: the page the admin is on. */
  z.object({ type: z.literal('page-detected'), page: PageInfo }),
  /** Popup/options → background: poll the backend now. */
  z.object({ type: z.literal('refresh') }),
]);
export type Message = z.infer<typeof Message>;

export type Reply = { ok: true } | { ok: false; error: string };

export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { url?: string };
}

/** Meta hosts our content scripts run on; a tab message from anywhere else is refused. */
const CONTENT_HOSTS = new Set(['business.facebook.com', 'www.facebook.com', 'web.facebook.com', 'm.facebook.com', 'mobile.facebook.com']);

/**
 * Validates an incoming message. Returns the parsed message or a specific reason for refusing it.
 * `ownId` is `browser.runtime.id`; `ownOrigin` the extension's base URL (`chrome-extension://<id>/`).
 */
export function acceptMessage(
  raw: unknown,
  sender: SenderInfo,
  ownId: string,
  ownOrigin: string,
): { ok: true; message: Message } | { ok: false; error: string } {
  if (sender.id !== ownId) return { ok: false, error: 'message from another extension' };
  const parsed = Message.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `malformed message: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  const message = parsed.data;
  // Extension pages (popup, options) may be open in a tab too, so the page's own URL decides.
  const fromExtensionPage = typeof sender.url === 'string' && sender.url.startsWith(ownOrigin);
  if (!fromExtensionPage) {
    if (!sender.tab) return { ok: false, error: 'message from an unknown context' };
    // From a content script: only page reports, only from Meta hosts.
    if (message.type !== 'page-detected') return { ok: false, error: `${message.type} is not allowed from a page` };
    let host = '';
    try {
      host = new URL(sender.tab.url ?? '').hostname;
    } catch {
      /* unparsable → refused below */
    }
    if (!CONTENT_HOSTS.has(host)) return { ok: false, error: 'page message from a non-Meta tab' };
  }
  return { ok: true, message };
}
