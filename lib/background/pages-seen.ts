/**
 * The page kind each tab is on, as its content script reported it. Kept in `storage.session`
 * (memory only, cleared with the browser) because it is about the current browsing, not history.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import type { PageInfo as PageInfoType } from '../meta/pages';
import { PageInfo } from '../messaging';

const KEY = 'pagesByTab';
const PagesByTab = z.record(z.string(), PageInfo.extend({ at: z.string() }));

export async function recordPage(tabId: number, page: PageInfoType, now = new Date()): Promise<void> {
  const stored = PagesByTab.safeParse((await browser.storage.session.get(KEY))[KEY] ?? {});
  const pages = stored.success ? stored.data : {};
  pages[String(tabId)] = { ...page, at: now.toISOString() };
  await browser.storage.session.set({ [KEY]: pages });
}

export async function pageOfTab(tabId: number): Promise<PageInfoType | null> {
  const stored = PagesByTab.safeParse((await browser.storage.session.get(KEY))[KEY] ?? {});
  return stored.success ? (stored.data[String(tabId)] ?? null) : null;
}

export async function forgetTab(tabId: number): Promise<void> {
  const stored = PagesByTab.safeParse((await browser.storage.session.get(KEY))[KEY] ?? {});
  if (!stored.success || !(String(tabId) in stored.data)) return;
  delete stored.data[String(tabId)];
  await browser.storage.session.set({ [KEY]: stored.data });
}
