/** The one module that writes the toolbar badge. Skips writes when nothing changed. */
import { browser } from 'wxt/browser';
import { displayText } from '../display-text';
import type { BadgeView } from './words';

let last: BadgeView | null = null;

export async function showBadge(view: BadgeView): Promise<void> {
  if (last && last.text === view.text && last.color === view.color && last.title === view.title) return;
  await Promise.all([
    browser.action.setBadgeText({ text: view.text }),
    browser.action.setBadgeBackgroundColor({ color: view.color }),
    // The title names workspaces: shown inert and bounded, like every backend name.
    browser.action.setTitle({ title: displayText(view.title, 1000) }),
  ]);
  last = view;
}

/** For tests and after a service-worker restart, when the real badge state is unknown. */
export function forgetBadge(): void {
  last = null;
}

/**
 * A tab's own badge (the live reconnect checklist while its attempt lasts). The browser clears a
 * tab's own badge when the tab navigates, so the caller sets it again on every change.
 */
export async function showTabBadge(tabId: number, view: BadgeView): Promise<void> {
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: view.text }),
    browser.action.setBadgeBackgroundColor({ tabId, color: view.color }),
    browser.action.setTitle({ tabId, title: view.title }),
  ]);
}

/** The tab shows the global badge again: `null` removes a tab's own text, colour and title. */
export async function clearTabBadge(tabId: number): Promise<void> {
  // The chrome-style types only know strings; both browsers document null as "inherit the global one".
  const inherit = null as unknown as string;
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: inherit }),
    browser.action.setBadgeBackgroundColor({ tabId, color: inherit }),
    browser.action.setTitle({ tabId, title: inherit }),
  ]);
}
