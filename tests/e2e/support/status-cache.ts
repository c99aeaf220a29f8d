/**
 * Reads the extension's cached status (lib/storage/status-cache.ts: IndexedDB
 * `reconnect-assistant-status`, records `snapshot` and `status`) from inside an extension context, for specs that
 * check what was stored: `sw.evaluate(readCachedSnapshot)` or `page.evaluate(readCachedSnapshot)`;
 * `readCachedSnapshot(true)` answers only the outcome, `generatedAt` and the number of workspaces.
 * Self-contained, because Playwright sends its source into the browser. It never creates the
 * database: before the extension has opened it, the answer is null.
 */
export async function readCachedSnapshot(summaryOnly: boolean | void = false): Promise<unknown> {
  const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
    const request = indexedDB.open('reconnect-assistant-status');
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => (request.error?.name === 'AbortError' ? resolve(null) : reject(request.error ?? new Error('indexedDB.open failed')));
  });
  if (!db) return null;
  try {
    if (!db.objectStoreNames.contains('cache')) return null;
    const get = (key: string) =>
      new Promise<unknown>((resolve, reject) => {
        const request = db.transaction('cache', 'readonly').objectStore('cache').get(key);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('get failed'));
      });
    type Stored = { snapshot?: Record<string, unknown> & { lastGood: { statusRevision: string; fetchedAt: string; etag: string | null } | null } };
    const record = (await get('snapshot')) as Stored | undefined;
    if (!record?.snapshot) return null;
    const { lastGood, ...rest } = record.snapshot;
    const status = lastGood ? ((await get('status')) as { statusRevision: string; status: unknown } | undefined) : undefined;
    const named = lastGood && status?.statusRevision === lastGood.statusRevision ? status.status : null;
    if (summaryOnly) {
      const doc = named as { generatedAt?: string; workspaces?: unknown[] } | null;
      return { outcome: rest.outcome, generatedAt: doc?.generatedAt ?? null, workspaces: doc?.workspaces?.length ?? 0 };
    }
    return { ...rest, lastGood: lastGood && named ? { status: named, fetchedAt: lastGood.fetchedAt, etag: lastGood.etag } : null };
  } finally {
    db.close();
  }
}

/** What `readCachedSnapshot(true)` answers (a 10 MB status need not cross into the test). */
export interface CachedSummary {
  outcome: string;
  generatedAt: string | null;
  workspaces: number;
}

