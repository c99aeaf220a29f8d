/**
 * Reads the extension's cached status (lib/storage/status-cache.ts: IndexedDB
 * `reconnect-assistant-status`, record `snapshot`) from inside an extension context, for specs that
 * check what was stored: `sw.evaluate(readCachedSnapshot)` or `page.evaluate(readCachedSnapshot)`.
 * Self-contained, because Playwright sends its source into the browser. It never creates the
 * database: before the extension has opened it, the answer is null.
 */
export async function readCachedSnapshot(): Promise<unknown> {
  const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
    const request = indexedDB.open('reconnect-assistant-status');
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => (request.error?.name === 'AbortError' ? resolve(null) : reject(request.error ?? new Error('indexedDB.open failed')));
  });
  if (!db) return null;
  try {
    if (!db.objectStoreNames.contains('cache')) return null;
    const record = await new Promise<unknown>((resolve, reject) => {
      const request = db.transaction('cache', 'readonly').objectStore('cache').get('snapshot');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('get failed'));
    });
    return (record as { snapshot?: unknown } | undefined)?.snapshot ?? null;
  } finally {
    db.close();
  }
}
