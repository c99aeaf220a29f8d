/**
 * The popup as the browser tests drive it (a page object): open it and wait until its opening
 * poll is done, find a workspace's card, open its details, press its actions. Details are closed
 * by default; the primary action (Reconnect or Check now) is on the card itself, the other action
 * and Copy diagnostics are in the details.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect } from '../fixtures';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits until the popup's poll (on opening, or a Refresh) has finished. */
export async function waitForPopupIdle(popup: Page): Promise<void> {
  await expect(popup.locator('main')).toHaveAttribute('data-checking', 'false');
}

export async function openPopup(context: BrowserContext, extensionId: string, hash = ''): Promise<Page> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html${hash}`);
  await waitForPopupIdle(popup);
  return popup;
}

/** A workspace's card, by the start of its name. */
export function workspaceCard(popup: Page, name: string): Locator {
  return popup.getByRole('article', { name: new RegExp(`^${escape(name)}`) });
}

/** Opens the details of workspace `name` (a no-op when open) and returns its card. */
export async function openDetails(popup: Page, name: string): Promise<Locator> {
  const card = workspaceCard(popup, name);
  const toggle = card.getByRole('button', { name: `Details for ${name}` });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  return card;
}

/**
 * The button of an action on a workspace: on the card when it is the workspace's primary action,
 * otherwise in its details (opened for it).
 */
export async function workspaceAction(popup: Page, name: string, action: 'Reconnect' | 'Check now' | 'Copy diagnostics'): Promise<Locator> {
  const card = workspaceCard(popup, name);
  const label = `${action} for ${name}`;
  const onCard = card.locator('[data-card-actions]').getByRole('button', { name: label });
  if (action !== 'Copy diagnostics' && (await onCard.count()) > 0) return onCard;
  await openDetails(popup, name);
  return card.getByRole('group', { name: `Actions for ${name}` }).getByRole('button', { name: label });
}

/** The popup's one polite live region. */
export function announcer(popup: Page): Locator {
  return popup.getByTestId('announcer');
}

/** The visible notice on a workspace's card (an action's result). */
export function cardNotice(popup: Page, name: string): Locator {
  return workspaceCard(popup, name).locator('[data-notice]');
}

/** Starts recording every text the live region says; the returned function reads them so far. */
export async function recordAnnouncements(popup: Page): Promise<() => Promise<string[]>> {
  await popup.evaluate(() => {
    const region = document.querySelector('[data-testid="announcer"]');
    const said: string[] = [];
    (window as unknown as { __said: string[] }).__said = said;
    if (!region) throw new Error('the popup has no live region');
    new MutationObserver(() => said.push((region.textContent ?? '').trim())).observe(region, { childList: true, characterData: true, subtree: true });
  });
  return () => popup.evaluate(() => (window as unknown as { __said: string[] }).__said.filter(Boolean));
}
