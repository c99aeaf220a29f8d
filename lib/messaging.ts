/**
 * The one protocol for messages between the extension's parts. Every message is a zod-validated
 * discriminated union; the receiver checks both the payload and who sent it. Content scripts
 * import only the types from here (no zod at runtime in a page).
 */
import { z } from 'zod';
import { isMetaHost, PAGE_KINDS } from './meta/pages';
import { ALERT_KINDS, RULE_LOCALES, WHATSAPP_SCOPES } from './screens/rules/types';
import { SCREEN_KINDS } from './screens/types';

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

/** What a content script read on the People page about the signed-in person (lib/guidance/admin-access.ts). */
export const PeopleAccessReading = z.object({
  access: z.enum(['full-control', 'partial', 'unknown']),
  evidence: z.string().max(200).nullable(),
});

/**
 * One reading of a Meta dialog screen (lib/screens readScreen → lib/content/readings.ts), as data: no
 * DOM, page text bounded (the content script clips it to these limits first). Unknown stays null.
 */
const PageText = (max: number) => z.string().max(max);
export const ScreenReadingReport = z.object({
  kind: z.enum(SCREEN_KINDS),
  locale: z.enum(RULE_LOCALES).nullable(),
  lang: PageText(35).nullable(),
  confidence: z.enum(['high', 'low', 'none']),
  /** Which anchors matched (rule names, not page text), for "could not read this screen" support. */
  evidence: z.array(PageText(120)).max(40),
  appName: PageText(200).nullable(),
  editPreviousSettings: z.boolean().nullable(),
  businesses: z.array(z.object({ name: PageText(200), selected: z.boolean().nullable(), id: MetaIdOrNull, disabled: z.boolean() })).max(200),
  wabaMode: z.enum(['all', 'selected']).nullable(),
  wabas: z.array(z.object({ name: PageText(200), selected: z.boolean().nullable(), id: MetaIdOrNull, disabled: z.boolean() })).max(500),
  selectedCount: z.number().int().min(0).max(1_000_000).nullable(),
  permissions: z.array(z.object({ scope: z.enum(WHATSAPP_SCOPES), granted: z.boolean().nullable() })).max(10),
  alerts: z.array(z.object({ kind: z.enum(ALERT_KINDS), rule: PageText(64), text: PageText(1000), blocking: z.boolean() })).max(20),
  busy: z.boolean(),
});
export type ScreenReadingReport = z.infer<typeof ScreenReadingReport>;

export const Message = z.discriminatedUnion('type', [
  /** Content script → background: the page the admin is on. */
  z.object({ type: z.literal('page-detected'), page: PageInfo }),
  /** Content script → background: the guidance panel for this page (reply: GuidanceReply). */
  z.object({ type: z.literal('page-guidance'), page: PageInfo, people: PeopleAccessReading.nullable() }),
  /** Content script → background: the admin dismissed this page kind's panel (for the session). */
  z.object({ type: z.literal('panel-dismissed'), kind: z.enum(PAGE_KINDS) }),
  /** Dialog content script → background: what the dialog shows now (reply: GuidanceReply). */
  z.object({ type: z.literal('dialog-screen'), page: PageInfo, screen: ScreenReadingReport }),
  /**
   * Popup/options → background: poll the backend now. `ifDue`: only when the back-off since the
   * last failure has run out (the popup opening; a Refresh click is not gated).
   */
  z.object({ type: z.literal('refresh'), ifDue: z.boolean().optional() }),
  /** Popup → background: "Check now" on one workspace (POST …/checks; the reply says why it failed). */
  z.object({ type: z.literal('check-workspace'), workspaceId: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/) }),
  /** Popup → background: "Reconnect" (opens the reconnect page, records the start; lib/reconnect/start.ts). */
  z.object({ type: z.literal('start-reconnect'), workspaceId: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/) }),
]);
export type Message = z.infer<typeof Message>;

/**
 * Background → our content scripts (tabs.sendMessage): the cached status changed, ask for the panel
 * again. Carries no data, so no status leaves the background for a Meta tab unasked.
 * `document-alive`: is the document that reported this tab's page still there? (answered `true`;
 * lib/background/tab-documents.ts).
 */
export type TabMessage = { type: 'status-changed' } | { type: 'document-alive' };

export type Reply = { ok: true } | { ok: false; error: string };

export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { url?: string };
}

/** What a content script may send; everything else needs an extension page. */
const PAGE_MESSAGE_TYPES: ReadonlySet<Message['type']> = new Set(['page-detected', 'page-guidance', 'panel-dismissed', 'dialog-screen']);

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
    // From a content script: only page messages, only from Meta hosts (the tab and, when given, the frame).
    if (!PAGE_MESSAGE_TYPES.has(message.type)) return { ok: false, error: `${message.type} is not allowed from a page` };
    const hostOf = (url: string | undefined) => {
      try {
        return new URL(url ?? '').hostname;
      } catch {
        return ''; // unparsable → refused below
      }
    };
    // Exact Meta hosts only (lib/meta/pages.ts owns the list); a tab message from anywhere else is refused.
    if (!isMetaHost(hostOf(sender.tab.url))) return { ok: false, error: 'page message from a non-Meta tab' };
    if (sender.url !== undefined && !isMetaHost(hostOf(sender.url))) return { ok: false, error: 'page message from a non-Meta frame' };
  }
  return { ok: true, message };
}
