/**
 * The page kind each tab is on, as its content script reported it. Kept in `storage.session`
 * (memory only, cleared with the browser) because it is about the current browsing, not history.
 * Each record keeps the reporting document's id (`sender.documentId`, Chromium 106+) so a record
 * left behind by a full-page load can be told from a live one (lib/background/tab-documents.ts).
 * Every read-modify-write runs one at a time: a report and a forget for the same tab never interleave.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import type { PageInfo as PageInfoType } from '../meta/pages';
import { PageInfo } from '../messaging';

const KEY = 'pagesByTab';
const PageRecord = PageInfo.extend({ at: z.string(), documentId: z.string().nullable().optional() });
const PagesByTab = z.record(z.string(), PageRecord);
export type PageRecord = z.infer<typeof PageRecord>;

let queue: Promise<unknown> = Promise.resolve();
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

async function readAll(): Promise<Record<string, PageRecord>> {
  const stored = PagesByTab.safeParse((await browser.storage.session.get(KEY))[KEY] ?? {});
  return stored.success ? stored.data : {};
}

export function recordPage(tabId: number, page: PageInfoType, now = new Date(), documentId: string | null = null): Promise<void> {
  return serialized(async () => {
    const pages = await readAll();
    pages[String(tabId)] = { ...page, at: now.toISOString(), documentId };
    await browser.storage.session.set({ [KEY]: pages });
  });
}

export async function pageOfTab(tabId: number): Promise<PageInfoType | null> {
  return (await pageRecordOfTab(tabId)) ?? null;
}

/** The record with its time and reporting document (null: none). */
export async function pageRecordOfTab(tabId: number): Promise<PageRecord | null> {
  await queue;
  return (await readAll())[String(tabId)] ?? null;
}

/**
 * Forgets the tab's record; with `onlyIf`, only while it is still that exact record (same time and
 * document), so a newer report that landed meanwhile is kept.
 */
export function forgetTab(tabId: number, onlyIf?: Pick<PageRecord, 'at' | 'documentId'>): Promise<void> {
  return serialized(async () => {
    const pages = await readAll();
    const current = pages[String(tabId)];
    if (!current) return;
    if (onlyIf && (current.at !== onlyIf.at || (current.documentId ?? null) !== (onlyIf.documentId ?? null))) return;
    delete pages[String(tabId)];
    await browser.storage.session.set({ [KEY]: pages });
  });
}
