/**
 * The protocol handlers of the live reconnect checklist (lib/messaging.ts), registered by
 * entrypoints/background.ts. A page's claim about itself is checked against the URL the browser
 * gives for the sending frame (page-guidance.ts `mismatch`), and the tab is always the sender's.
 */
import type { Handlers, ReplyOf, RequestOf } from '../messaging';
import { currentUrlOf, mismatch, type MessageSender } from './page-guidance';
import { checklistForTab, chooseWorkspaceForTab, noteDialogScreen, noteTokenScreen } from './live-checklist';

type ChecklistType = 'attempt-checklist' | 'choose-attempt-workspace' | 'token-screen' | 'tab-checklist';

export const checklistHandlers: Pick<Handlers<MessageSender>, ChecklistType> = {
  'attempt-checklist': async (message, sender) => {
    const url = currentUrlOf(sender);
    const refused = mismatch(message.page, url);
    if (refused) return { ok: false, error: refused };
    if (sender.tab?.id === undefined || url === undefined) return { ok: false, error: 'no tab' };
    return checklistForTab(sender.tab.id, url);
  },
  'choose-attempt-workspace': async (message, sender) => {
    if (sender.tab?.id === undefined) return { ok: false, error: 'no tab' };
    return chooseWorkspaceForTab(sender.tab.id, message.workspaceId);
  },
  'token-screen': async (message, sender) => {
    const url = currentUrlOf(sender);
    const refused = mismatch(message.page, url);
    if (refused) return { ok: false, error: refused };
    if (sender.tab?.id === undefined || url === undefined) return { ok: false, error: 'no tab' };
    await noteTokenScreen(sender.tab.id, url, message.token);
    return { ok: true };
  },
  // From the popup (an extension page): any tab's checklist, by id.
  'tab-checklist': async (message) => checklistForTab(message.tabId, null),
};

/**
 * The dialog-screen handler, and the reading fed to the tab's attempt alongside (neither waits
 * for the other).
 */
export function withAttemptReading(
  handler: (message: RequestOf<'dialog-screen'>, sender: MessageSender) => Promise<ReplyOf<'dialog-screen'>>,
): (message: RequestOf<'dialog-screen'>, sender: MessageSender) => Promise<ReplyOf<'dialog-screen'>> {
  return async (message, sender) => {
    const url = currentUrlOf(sender);
    const tabId = sender.tab?.id;
    // The same check the handler makes (the claim matches the sender's URL) before the attempt hears it.
    const feeds = tabId !== undefined && url !== undefined && mismatch(message.page, url) === null;
    const [reply] = await Promise.all([handler(message, sender), feeds ? noteDialogScreen(tabId, url, message.screen) : Promise.resolve()]);
    return reply;
  };
}
