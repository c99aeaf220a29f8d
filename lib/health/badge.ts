/** The one module that writes the toolbar badge. Skips writes when nothing changed. */
import { browser } from 'wxt/browser';
import type { BadgeView } from './words';

let last: BadgeView | null = null;

export async function showBadge(view: BadgeView): Promise<void> {
  if (last && last.text === view.text && last.color === view.color && last.title === view.title) return;
  await Promise.all([
    browser.action.setBadgeText({ text: view.text }),
    browser.action.setBadgeBackgroundColor({ color: view.color }),
    browser.action.setTitle({ title: view.title }),
  ]);
  last = view;
}

/** For tests and after a service-worker restart, when the real badge state is unknown. */
export function forgetBadge(): void {
  last = null;
}
