/**
 * What the extension holds and hears, for the tests that prove a secret shown on a page (a Meta
 * token, an authorization code) reaches none of it: every message the background receives from now
 * on, and every storage area plus the history database, as one JSON text.
 */
import type { BrowserContext } from '@playwright/test';
import { serviceWorker } from '../fixtures';

/** Starts recording every message the background receives, as sent (lost if the worker restarts). */
export async function recordMessages(context: BrowserContext): Promise<void> {
  const sw = await serviceWorker(context);
  await sw.evaluate(() => {
    const seen: string[] = [];
    (self as unknown as { __seen: string[] }).__seen = seen;
    chrome.runtime.onMessage.addListener((message) => {
      seen.push(JSON.stringify(message));
    });
  });
}

/**
 * storage.local, .session and .sync, every store of the history database, and the messages recorded
 * since recordMessages (null: not recording in this worker), as JSON.
 */
export async function everythingHeld(context: BrowserContext): Promise<{ json: string; messages: string[] | null }> {
  const sw = await serviceWorker(context);
  const json = await sw.evaluate(async () => {
    const areas = await Promise.all([chrome.storage.local.get(null), chrome.storage.session.get(null), chrome.storage.sync.get(null)]);
    const history = await new Promise<unknown[]>((resolve) => {
      const open = indexedDB.open('reconnect-assistant-history');
      open.onsuccess = () => {
        const db = open.result;
        const names = Array.from(db.objectStoreNames);
        if (names.length === 0) return resolve([]);
        const tx = db.transaction(names, 'readonly');
        const all: unknown[] = [];
        let left = names.length;
        for (const name of names) {
          const req = tx.objectStore(name).getAll();
          req.onsuccess = () => {
            all.push(req.result);
            if (--left === 0) resolve(all);
          };
        }
      };
      open.onerror = () => resolve(['(no history database)']);
    });
    return JSON.stringify({ areas, history, messages: (self as unknown as { __seen?: string[] }).__seen ?? null });
  });
  return { json, messages: (JSON.parse(json) as { messages: string[] | null }).messages };
}

/** Every 12-character slice of `secret` (step 6) absent from `text`: no part of it leaked either. */
export function slicesOf(secret: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 12 <= secret.length; i += 6) out.push(secret.slice(i, i + 12));
  return out;
}
