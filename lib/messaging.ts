/**
 * The one protocol between the extension's parts: every message, who may send it, its request
 * schema (zod, checked by the receiver together with the sender) and its reply type. Content
 * scripts import only types from here (no zod at runtime in a page); lib/protocol/send.ts sends,
 * `handleMessages` receives, and both are typed from this map, so a handler that answers the wrong
 * shape, or a caller that reads a reply the message does not have, does not compile.
 *
 *   from 'content'    a content script on a Meta host (extension pages may send these too)
 *   from 'extension'  an extension page (popup, options) only
 *   from 'background' background → our content scripts (tabs.sendMessage): the tab-bound messages
 *   from 'product'    the product-page content script, on one of the product's own origins: accepted
 *                     here from any http(s) tab; its handler checks the origin against the product
 *                     origins (lib/product-page/origins.ts), which only the background knows
 */
import { z } from 'zod';
import type { GuidanceReply } from './guidance/panel-model';
import { isDeveloperHost, isMetaHost, PAGE_KINDS } from './meta/pages';
import { PEOPLE_ACCESS_LEVELS, PEOPLE_EVIDENCE_MAX, SCREEN_REPORT_LIMITS as L } from './protocol/shapes';
import { ALERT_KINDS, RULE_LOCALES } from './screens/rules/types';
import { WHATSAPP_SCOPES } from './meta/whatsapp-scopes';
import { SCREEN_KINDS } from './screens/types';
import { META_ID } from './meta/ids';
import type { ChecklistView } from './content/checklist-overlay';
import { StoredTokenScreen } from './flow/attempt';
import { FlowOutcomeSchema } from './flow/outcome-schema';
import type { FlowOutcomeReply } from './flow/outcome-reply';

const MetaIdOrNull = z.string().regex(META_ID).nullable();
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

/** What a content script read on the People page about the signed-in person (lib/protocol/shapes.ts PeopleAccess). */
export const PeopleAccessReading = z.object({
  access: z.enum(PEOPLE_ACCESS_LEVELS),
  evidence: z.string().max(PEOPLE_EVIDENCE_MAX).nullable(),
});

/**
 * One reading of a Meta dialog screen (lib/screens readScreen → lib/content/readings.ts), as data: no
 * DOM, page text bounded by SCREEN_REPORT_LIMITS (the content script clips it first). Unknown stays null.
 */
const PageText = (max: number) => z.string().max(max);
const Choice = z.object({ name: PageText(L.name), selected: z.boolean().nullable(), id: MetaIdOrNull, disabled: z.boolean() });
export const ScreenReadingReport = z.object({
  kind: z.enum(SCREEN_KINDS),
  locale: z.enum(RULE_LOCALES).nullable(),
  lang: PageText(L.lang).nullable(),
  confidence: z.enum(['high', 'low', 'none']),
  /** Which anchors matched (rule names, not page text), for "could not read this screen" support. */
  evidence: z.array(PageText(L.evidenceText)).max(L.evidence),
  appName: PageText(L.name).nullable(),
  editPreviousSettings: z.boolean().nullable(),
  businesses: z.array(Choice).max(L.businesses),
  wabaMode: z.enum(['all', 'selected']).nullable(),
  wabas: z.array(Choice).max(L.wabas),
  selectedCount: z.number().int().min(0).max(L.selectedCount).nullable(),
  permissions: z.array(z.object({ scope: z.enum(WHATSAPP_SCOPES), granted: z.boolean().nullable() })).max(L.permissions),
  alerts: z.array(z.object({ kind: z.enum(ALERT_KINDS), rule: PageText(L.alertRule), text: PageText(L.alertText), blocking: z.boolean() })).max(L.alerts),
  busy: z.boolean(),
});
export type ScreenReadingReport = z.infer<typeof ScreenReadingReport>;

const WorkspaceId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/);

/** A refused or failed message: every reply can be this (the receiver may refuse any message). */
export type Refusal = { ok: false; error: string };
export type Ack = { ok: true };
/** A reconnect attempt's checklist as the overlay and the popup draw it (null: no attempt). */
export type ChecklistReply = { ok: true; checklist: ChecklistView | null };

/** Carries a reply type in the map without any runtime value. */
type Replies<R> = { readonly reply?: R };
const replies = <R>(): Replies<R> => ({});

export const PROTOCOL = {
  /** The page the admin is on. */
  'page-detected': { from: 'content', request: z.object({ type: z.literal('page-detected'), page: PageInfo }), ...replies<Ack>() },
  /** The guidance panel for this page. */
  'page-guidance': {
    from: 'content',
    request: z.object({ type: z.literal('page-guidance'), page: PageInfo, people: PeopleAccessReading.nullable() }),
    ...replies<GuidanceReply>(),
  },
  /** The admin dismissed this page kind's panel (for the session). */
  'panel-dismissed': { from: 'content', request: z.object({ type: z.literal('panel-dismissed'), kind: z.enum(PAGE_KINDS) }), ...replies<Ack>() },
  /** What the dialog shows now. */
  'dialog-screen': {
    from: 'content',
    request: z.object({ type: z.literal('dialog-screen'), page: PageInfo, screen: ScreenReadingReport }),
    ...replies<GuidanceReply>(),
  },
  /** Poll the backend now. */
  /**
   * Poll the backend now. `ifDue`: only when the back-off since the last failure has run out (the
   * popup opening); a Refresh click is not gated.
   */
  refresh: { from: 'extension', request: z.object({ type: z.literal('refresh'), ifDue: z.boolean().optional() }), ...replies<Ack>() },
  /** "Check now" on one workspace (POST …/checks; a refusal says why it failed). */
  'check-workspace': { from: 'extension', request: z.object({ type: z.literal('check-workspace'), workspaceId: WorkspaceId }), ...replies<Ack>() },
  /** "Reconnect" (opens the reconnect page, records the start; lib/reconnect/start.ts). */
  'start-reconnect': {
    from: 'extension',
    request: z.object({ type: z.literal('start-reconnect'), workspaceId: WorkspaceId }),
    // `fallback`: why the backend's reconnect link was not used (null: it was).
    ...replies<Ack & { via?: 'reconnect-link' | 'reconnect-page'; fallback?: string | null }>(),
  },
  // ── Verification after a reconnect (lib/background/verification.ts) ──
  /** "Retry" on a reconnect that Meta returned but whose new token the product had not stored yet. */
  'retry-verification': { from: 'extension', request: z.object({ type: z.literal('retry-verification'), workspaceId: WorkspaceId }), ...replies<Ack>() },
  /**
   * The cached status changed: ask for the panel again. Carries no data, so no status leaves the
   * background for a Meta tab unasked.
   */
  'status-changed': { from: 'background', request: z.object({ type: z.literal('status-changed') }).strict(), ...replies<void>() },
  // --- The live reconnect checklist (lib/background/live-checklist.ts) ---------------------------
  /** The checklist of the sender tab's reconnect attempt; null: no attempt here (no overlay). */
  'attempt-checklist': { from: 'content', request: z.object({ type: z.literal('attempt-checklist'), page: PageInfo }), ...replies<ChecklistReply>() },
  /** The admin picked the workspace in the overlay's select. */
  'choose-attempt-workspace': {
    from: 'content',
    request: z.object({ type: z.literal('choose-attempt-workspace'), workspaceId: WorkspaceId }),
    ...replies<Ack>(),
  },
  /** What the system-user "Generate new token" dialog shows (lib/screens/token-dialog.ts); never the token. */
  'token-screen': { from: 'content', request: z.object({ type: z.literal('token-screen'), page: PageInfo, token: StoredTokenScreen }), ...replies<Ack>() },
  /** The popup: the checklist of the active tab's attempt. */
  'tab-checklist': { from: 'extension', request: z.object({ type: z.literal('tab-checklist'), tabId: z.number().int().min(0) }), ...replies<ChecklistReply>() },
  /** The tab's checklist changed: ask for it again (`attempt-checklist`). Carries no data. */
  'checklist-changed': { from: 'background', request: z.object({ type: z.literal('checklist-changed') }).strict(), ...replies<void>() },
  /** Is the document that reported this tab's page still there? (lib/background/tab-documents.ts) */
  'document-alive': { from: 'background', request: z.object({ type: z.literal('document-alive') }).strict(), ...replies<true>() },
  /**
   * How the reconnect ended, as the product's page saw it (lib/flow/outcome.ts; never a code value:
   * the schema is strict). The reply is what to show on that page.
   */
  'flow-outcome': { from: 'product', request: z.object({ type: z.literal('flow-outcome'), outcome: FlowOutcomeSchema }).strict(), ...replies<FlowOutcomeReply>() },
} as const satisfies { [K in string]: { from: 'content' | 'extension' | 'background' | 'product'; request: z.ZodType<{ type: K }> } };

type Protocol = typeof PROTOCOL;
export type MessageType = keyof Protocol;
type From<F> = { [K in MessageType]: Protocol[K]['from'] extends F ? K : never }[MessageType];
/** Messages the background receives (runtime.sendMessage). */
export type BackgroundMessageType = From<'content' | 'extension' | 'product'>;
/** Messages our content scripts receive (tabs.sendMessage). */
export type TabMessageType = From<'background'>;

export type RequestOf<K extends MessageType> = z.infer<Protocol[K]['request']>;
export type ReplyOf<K extends MessageType> = NonNullable<Protocol[K]['reply']> | Refusal;
export type Message = { [K in BackgroundMessageType]: RequestOf<K> }[BackgroundMessageType];
export type TabMessage = { [K in TabMessageType]: RequestOf<K> }[TabMessageType];
export const TAB_MESSAGE_TYPES = Object.keys(PROTOCOL).filter((k) => PROTOCOL[k as MessageType].from === 'background') as TabMessageType[];

export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { url?: string };
}

const hostOf = (url: string | undefined) => {
  try {
    return new URL(url ?? '').hostname;
  } catch {
    return ''; // unparsable → refused
  }
};

const isWebUrl = (url: string | undefined) => {
  try {
    const protocol = new URL(url ?? '').protocol;
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
};

/** What the App Dashboard's script sends (entrypoints/app-dashboard.content.ts): its page and panel only. */
const DEVELOPER_PAGE_MESSAGES: ReadonlySet<string> = new Set(['page-detected', 'page-guidance', 'panel-dismissed']);

/**
 * Validates an incoming background-bound message. Returns the parsed message or a specific reason
 * for refusing it. `ownId` is `browser.runtime.id`; `ownOrigin` the extension's base URL.
 */
export function acceptMessage(raw: unknown, sender: SenderInfo, ownId: string, ownOrigin: string): { ok: true; message: Message } | Refusal {
  if (sender.id !== ownId) return { ok: false, error: 'message from another extension' };
  const type = (raw as { type?: unknown } | null)?.type;
  const entry = typeof type === 'string' && Object.hasOwn(PROTOCOL, type) ? PROTOCOL[type as MessageType] : null;
  if (!entry || entry.from === 'background') return { ok: false, error: `malformed message: unknown type ${JSON.stringify(type ?? null).slice(0, 40)}` };
  const parsed = entry.request.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `malformed message: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  const message = parsed.data as Message;
  // Extension pages (popup, options) may be open in a tab too, so the page's own URL decides.
  const fromExtensionPage = typeof sender.url === 'string' && sender.url.startsWith(ownOrigin);
  if (!fromExtensionPage) {
    if (!sender.tab) return { ok: false, error: 'message from an unknown context' };
    // The product's page: any http(s) page here; its handler checks the product origins.
    if (entry.from === 'product') return isWebUrl(sender.url ?? sender.tab.url) ? { ok: true, message } : { ok: false, error: 'product message from a non-web page' };
    // From a content script: only content messages, only from Meta hosts (the tab and, when given, the frame).
    if (entry.from !== 'content') return { ok: false, error: `${message.type} is not allowed from a page` };
    // Exact Meta hosts only (lib/meta/pages.ts owns the list); a tab message from anywhere else is refused.
    // The App Dashboard may only say which page it is and ask for that page's panel.
    const admitted = (host: string) => isMetaHost(host) || (isDeveloperHost(host) && DEVELOPER_PAGE_MESSAGES.has(message.type));
    if (!admitted(hostOf(sender.tab.url))) return { ok: false, error: 'page message from a non-Meta tab' };
    if (sender.url !== undefined && !admitted(hostOf(sender.url))) return { ok: false, error: 'page message from a non-Meta frame' };
  }
  return { ok: true, message };
}

/** One handler per background-bound message, each answering exactly its reply type. */
export type Handlers<S> = { [K in BackgroundMessageType]: (message: RequestOf<K>, sender: S) => Promise<ReplyOf<K>> };

/**
 * The background's runtime.onMessage listener: accepts (schema + sender), then dispatches to the
 * message's handler. A handler that throws answers a refusal instead of leaving the sender hanging.
 */
export function handleMessages<S extends SenderInfo>(handlers: Handlers<S>, own: () => { id: string; origin: string }) {
  return async (raw: unknown, sender: S): Promise<ReplyOf<BackgroundMessageType>> => {
    const { id, origin } = own();
    const accepted = acceptMessage(raw, sender, id, origin);
    if (!accepted.ok) return accepted;
    const handler = handlers[accepted.message.type] as (message: Message, sender: S) => Promise<ReplyOf<BackgroundMessageType>>;
    try {
      return await handler(accepted.message, sender);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : 'the background failed' };
    }
  };
}
