/**
 * Sending side of the protocol (lib/messaging.ts), typed from its map: the reply a caller gets is
 * the one its message declares, or a refusal. No zod here: content scripts use it too.
 */
import { browser } from 'wxt/browser';
import type { Message, ReplyOf, TabMessage } from '../messaging';

const refusal = (error: string) => ({ ok: false as const, error });

/** runtime.sendMessage to the background; never throws (no answer is a refusal). */
export async function sendToBackground<M extends Message>(message: M): Promise<ReplyOf<M['type']>> {
  try {
    // The background answers this message's reply type (lib/messaging.ts Handlers).
    const reply = (await browser.runtime.sendMessage(message)) as ReplyOf<M['type']> | undefined;
    return reply ?? refusal('no answer from the background');
  } catch (error) {
    return refusal(error instanceof Error ? error.message : 'the background did not answer');
  }
}

/**
 * tabs.sendMessage to one of our content scripts. Rejects when no script of ours answers there
 * (no receiving end, or the document was replaced). The answer comes from inside a Meta page:
 * callers compare it with what they expect rather than trust its type.
 */
export async function sendToTab<M extends TabMessage>(tabId: number, message: M, options?: { documentId?: string; frameId?: number }): Promise<unknown> {
  return browser.tabs.sendMessage(tabId, message, options);
}
