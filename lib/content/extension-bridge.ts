/**
 * The content scripts' link to the rest of the extension: messages to the background and "the cached
 * status changed" notices from it, tied to the script's context (WXT `ctx`) so an orphaned script (the
 * extension was reloaded or updated under an open tab) stops instead of throwing on every mutation.
 */
import { browser } from 'wxt/browser';
import type { Message, TabMessage } from '../messaging';

export interface ContextLike {
  readonly signal: AbortSignal;
  readonly isInvalid: boolean;
}

/** runtime.sendMessage that never throws: an invalidated context ends the script's work instead. */
export function messenger(ctx: ContextLike): (message: Message) => Promise<unknown> {
  return async (message) => {
    // Reading isInvalid aborts ctx.signal when the extension is gone (WXT checks runtime.id).
    if (ctx.isInvalid) return undefined;
    try {
      return await browser.runtime.sendMessage(message);
    } catch {
      void ctx.isInvalid;
      return undefined;
    }
  };
}

/**
 * Calls `listener` when the background says the cached status changed (a data-free `status-changed`
 * tab message, lib/messaging.ts TabMessage). Only messages from our own extension's background count.
 */
export function onStatusChange(listener: () => void): () => void {
  const handler = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    if (sender.id !== browser.runtime.id || sender.tab !== undefined) return;
    if ((message as Partial<TabMessage> | null)?.type === 'status-changed') listener();
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
    if (sender.id !== browser.runtime.id || sender.tab !== undefined) return;
    if ((message as Partial<TabMessage> | null)?.type === 'document-alive') return Promise.resolve(true);
    return undefined;
  };
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- webextension-polyfill (enabled in wxt.config.ts) sends a listener's resolved promise as the reply; the chrome-style types only know void | boolean.
  browser.runtime.onMessage.addListener(handler);
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the same listener, removed.
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(handler), { once: true });
}
