/**
 * What a click on one of our notifications does:
 * - on the body: opens the popup's detail for that connection (popup.html#ws=…&conn=… in a tab,
 *   since an extension cannot open its action popup from a background event everywhere), or the
 *   options page while the extension is not configured;
 * - on the "Reconnect" button: starts a reconnect of that workspace (lib/reconnect/start.ts).
 * Ids that are not ours (parseNotificationId → null) are ignored.
 */
import { browser } from 'wxt/browser';
import { startReconnect } from '../reconnect/start';
import { isConfigured, loadSettings } from '../storage/settings';
import { parseNotificationId } from './notifier';

/** The popup page's address for one connection's detail (the popup reads this hash). */
export function popupDetailPath(workspaceId: string | null, connectionId: string | null = null): `/popup.html${string}` {
  if (!workspaceId) return '/popup.html';
  const params = new URLSearchParams({ ws: workspaceId, ...(connectionId ? { conn: connectionId } : {}) });
  return `/popup.html#${params.toString()}`;
}

export async function openNotificationTarget(id: string): Promise<void> {
  const ref = parseNotificationId(id);
  if (!ref) return;
  await browser.notifications.clear(id);
  if (!isConfigured(await loadSettings())) {
    await browser.runtime.openOptionsPage();
    return;
  }
  const path = ref.kind === 'summary' ? popupDetailPath(null) : popupDetailPath(ref.workspaceId, ref.connectionId);
  await browser.tabs.create({ url: browser.runtime.getURL(path) });
}

export async function onNotificationButton(id: string, buttonIndex: number): Promise<void> {
  const ref = parseNotificationId(id);
  if (!ref || ref.kind !== 'worse' || buttonIndex !== 0) return;
  await browser.notifications.clear(id);
  const result = await startReconnect(ref.workspaceId, 'notification');
  // Without a known reconnect page the detail at least says why and offers the other actions.
  if (!result.ok) await browser.tabs.create({ url: browser.runtime.getURL(popupDetailPath(ref.workspaceId, ref.connectionId)) });
}
