/**
 * The content scripts' link to the rest of the extension: messages to the background and "the cached
 * status changed" events, both tied to the script's context (WXT `ctx`) so an orphaned script (the
 * extension was reloaded or updated under an open tab) stops instead of throwing on every mutation.
 */
import { browser } from 'wxt/browser';
import type { Message } from '../messaging';

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

/** Calls `listener` when the background stores a new status snapshot (storage.local `snapshot`). */
export function onStatusChange(listener: () => void): () => void {
  const handler = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && 'snapshot' in changes) listener();
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
