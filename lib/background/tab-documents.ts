/**
 * Forgets a tab's page record and dialog reading (tab-state.ts) once the document
 * that reported them is gone, so a full-page load of an unrelated page (another site, or a
 * business.facebook.com page none of our scripts report) does not leave "still on People" behind.
 *
 * Why not simply "forget on tabs.onUpdated status 'loading'": in Chromium an SPA route change
 * (history.pushState, navigation.navigate, even a hash change) also fires `status: 'loading'` then
 * `'complete'` on the same document (observed in this repo's e2e Chromium, 2026-11), and the content
 * script's route report for the new route can reach the background before that event, so deleting
 * on 'loading' would drop a fresh record. And for a real navigation 'loading' fires before the new
 * document commits, while the old one still shows. So on every status change we ask the exact
 * document that made the record whether it is still alive: tabs.sendMessage with `documentId`
 * (https://developer.chrome.com/docs/extensions/reference/api/tabs#method-sendMessage, Chrome 106+)
 * reaches only that document and fails once it has been replaced. Our content scripts answer
 * (lib/content/extension-bridge.ts answerDocumentAlive). No `tabs` permission is needed: the event's
 * `status` is not a sensitive field, and sendMessage needs none.
 * Without a documentId (Firefox) the top frame is asked: a replaced document only answers if one of
 * our scripts runs in the new one, which then reports its own page anyway.
 */
import { sendToTab } from '../protocol/send';
import { forgetDialogTab, forgetPage, pageRecordOfTab } from './tab-state';

/** True when the document (or, without an id, the tab's top frame) answers our probe. */
export type DocumentProbe = (tabId: number, documentId: string | null) => Promise<boolean>;

export const probeDocument: DocumentProbe = async (tabId, documentId) => {
  try {
    const answer = await sendToTab(tabId, { type: 'document-alive' }, documentId ? { documentId } : { frameId: 0 });
    return answer === true;
  } catch {
    // "Could not establish connection. Receiving end does not exist." / no such document.
    return false;
  }
};

/**
 * Called on every tabs.onUpdated `status` change. Returns true when it forgot the tab's records.
 * Only the record that was probed is removed: a newer report that lands while the probe runs stays.
 */
export async function forgetIfDocumentGone(tabId: number, probe: DocumentProbe = probeDocument, now = new Date()): Promise<boolean> {
  const record = await pageRecordOfTab(tabId);
  if (record === null) {
    // A dialog reading is always preceded by its document's page report; without one it is stale.
    await forgetDialogTab(tabId, now.toISOString());
    return false;
  }
  if (await probe(tabId, record.documentId ?? null)) return false;
  await forgetPage(tabId, { at: record.at, documentId: record.documentId ?? null });
  await forgetDialogTab(tabId, now.toISOString());
  return true;
}
