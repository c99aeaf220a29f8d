import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { closeStatusCache, STATUS_DB_NAME } from '../../lib/storage/status-cache';

beforeEach(async () => {
  fakeBrowser.reset();
  // The status cache lives in IndexedDB (lib/storage/status-cache.ts): each test starts without one.
  await closeStatusCache();
  await deleteDB(STATUS_DB_NAME);
});
