/** The one module that writes the toolbar badge. Skips writes when nothing changed. */
import { browser } from 'wxt/browser';
import { displayText } from '../display-text';
import type { BadgeView } from './model';

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
