/**
 * Everything the background keeps per tab, in one place, with one `forgetTab`. Each kind of record
 * is a storage.session item keyed by tab id (lib/storage/items.ts): memory only, gone with the
 * browser, but it survives a service-worker restart. Every read-modify-write of any tab record
 * runs on one queue, so a report and a forget for the same tab never interleave.
 *
 *   page    the page kind the tab's content script reported, with the reporting document's id
 *           (`sender.documentId`, Chromium 106+), so a record left behind by a full-page load can be
 *           told from a live one (lib/background/tab-documents.ts)
 *   dialog  the last screen reading of Meta's dialog in that tab
 *
 * A new kind of per-tab record is one more session item in lib/storage/items.ts and one more entry
 * in TAB_RECORDS; `forgetTab` and `tabsWithRecords` then cover it.
 */
import type { PageInfo } from '../meta/pages';
import { stored, type DialogRecord, type PageRecord, type StoredItem } from '../storage/items';
import { serialQueue } from '../util/serialized';
import { closeAttemptTab } from './attempts';

type ByTab<T> = StoredItem<Record<string, T>>;

const TAB_RECORDS = {
  page: stored.pagesByTab,
  dialog: stored.dialogScreensByTab,
} satisfies Record<string, ByTab<unknown>>;

const queue = serialQueue();

/** Changes one tab's record of one kind: `update` gets the current record and returns the new one (undefined: delete). */
function updateRecord<T>(item: ByTab<T>, tabId: number, update: (current: T | undefined) => T | undefined): Promise<void> {
  return queue.run(async () => {
    const all = await item.get();
    const key = String(tabId);
    const next = update(all[key]);
    if (next === all[key]) return;
    if (next === undefined) delete all[key];
    else all[key] = next;
    await item.set(all);
  });
}

async function readRecord<T>(item: ByTab<T>, tabId: number): Promise<T | null> {
  await queue.idle();
  return (await item.get())[String(tabId)] ?? null;
}

export function recordPage(tabId: number, page: PageInfo, now = new Date(), documentId: string | null = null): Promise<void> {
  return updateRecord(TAB_RECORDS.page, tabId, () => ({ ...page, at: now.toISOString(), documentId }));
}

export async function pageOfTab(tabId: number): Promise<PageInfo | null> {
  return readRecord(TAB_RECORDS.page, tabId);
}

/** The record with its time and reporting document (null: none). */
export function pageRecordOfTab(tabId: number): Promise<PageRecord | null> {
  return readRecord(TAB_RECORDS.page, tabId);
}

/**
 * Forgets the tab's page record; with `onlyIf`, only while it is still that exact record (same time
 * and document), so a newer report that landed meanwhile is kept.
 */
export function forgetPage(tabId: number, onlyIf?: Pick<PageRecord, 'at' | 'documentId'>): Promise<void> {
  return updateRecord(TAB_RECORDS.page, tabId, (current) => {
    if (current && onlyIf && (current.at !== onlyIf.at || (current.documentId ?? null) !== (onlyIf.documentId ?? null))) return current;
    return undefined;
  });
}

export function recordDialogReading(tabId: number, record: DialogRecord): Promise<void> {
  return updateRecord(TAB_RECORDS.dialog, tabId, () => record);
}

export function dialogScreenOfTab(tabId: number): Promise<DialogRecord | null> {
  return readRecord(TAB_RECORDS.dialog, tabId);
}

/** Forgets the tab's dialog reading; with `notAfter` (ISO time), only one made at or before it. */
export function forgetDialogTab(tabId: number, notAfter?: string): Promise<void> {
  return updateRecord(TAB_RECORDS.dialog, tabId, (current) =>
    current && notAfter !== undefined && Date.parse(current.at) > Date.parse(notAfter) ? current : undefined,
  );
}

/** The tab closed: every record about it goes, and it leaves its reconnect attempt (lib/background/attempts.ts). */
export async function forgetTab(tabId: number): Promise<void> {
  await Promise.all([...Object.values(TAB_RECORDS).map((item) => updateRecord(item as ByTab<unknown>, tabId, () => undefined)), closeAttemptTab(tabId)]);
}

/** Tabs that have any record (those our content scripts run in). */
export async function tabsWithRecords(): Promise<number[]> {
  await queue.idle();
  const keys = new Set<string>();
  for (const item of Object.values(TAB_RECORDS)) for (const key of Object.keys(await (item as ByTab<unknown>).get())) keys.add(key);
  return [...keys].map(Number).filter(Number.isInteger);
}
