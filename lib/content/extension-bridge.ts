/**
 * The content scripts' link to the rest of the extension: messages to the background and the
 * background's tab messages (lib/messaging.ts), tied to the script's context (WXT `ctx`) so an
 * orphaned script (the extension was reloaded or updated under an open tab) stops instead of
 * throwing on every mutation.
 */
import { browser } from 'wxt/browser';
import type { Message, ReplyOf, TabMessageType } from '../messaging';
import { sendToBackground } from '../protocol/send';

export interface ContextLike {
  readonly signal: AbortSignal;
  readonly isInvalid: boolean;
}

export type SendToBackground = <M extends Message>(message: M) => Promise<ReplyOf<M['type']>>;

/** sendToBackground that never throws: an invalidated context ends the script's work instead. */
export function messenger(ctx: ContextLike): SendToBackground {
  return async (message) => {
    // Reading isInvalid aborts ctx.signal when the extension is gone (WXT checks runtime.id).
    if (ctx.isInvalid) return { ok: false, error: 'the extension was reloaded' };
    const reply = await sendToBackground(message);
    if (!reply.ok) void ctx.isInvalid;
    return reply;
  };
}

/**
 * The tab messages carry nothing but their type (their schemas in lib/messaging.ts are strict
 * `{type}` objects); this is that check without zod. Only our own background counts as a sender.
 */
function isTabMessage(message: unknown, sender: { id?: string; tab?: unknown }, type: TabMessageType): boolean {
  if (sender.id !== browser.runtime.id || sender.tab !== undefined) return false;
  if (typeof message !== 'object' || message === null) return false;
  const keys = Object.keys(message);
  return keys.length === 1 && keys[0] === 'type' && (message as { type: unknown }).type === type;
}

/** Calls `listener` whenever our background sends this data-less tab message; returns the unsubscribe function. */
export function onTabMessage(type: TabMessageType, listener: () => void): () => void {
  const handler = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    if (isTabMessage(message, sender, type)) listener();
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}

/** Calls `listener` when the background says the cached status changed (`status-changed`). */
export function onStatusChange(listener: () => void): () => void {
  const handler = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    if (isTabMessage(message, sender, 'status-changed')) listener();
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}

/**
 * Answers the background's `document-alive` probe with `true` for as long as this script's context
 * lives. The background sends it to the exact document (tabs.sendMessage `documentId`) that reported
 * the tab's page: an answer means "same document" (an SPA route change), an error means the tab loaded
 * a new document and the record is stale (lib/background/tab-documents.ts).
 */
export function answerDocumentAlive(signal: AbortSignal): void {
  const handler = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    const answer: ReplyOf<'document-alive'> = true;
    return isTabMessage(message, sender, 'document-alive') ? Promise.resolve(answer) : undefined;
  };
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- webextension-polyfill (enabled in wxt.config.ts) sends a listener's resolved promise as the reply; the chrome-style types only know void | boolean.
  browser.runtime.onMessage.addListener(handler);
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the same listener, removed.
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(handler), { once: true });
}
