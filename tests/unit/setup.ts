import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setUiLocale } from '../support/i18n';
import { closeStatusCache, STATUS_DB_NAME } from '../../lib/storage/status-cache';

// Before the test file's imports too: a module may read a message when it loads.
setUiLocale('en');

beforeEach(async () => {
  fakeBrowser.reset();
  setUiLocale('en');
  // The status cache lives in IndexedDB (lib/storage/status-cache.ts): each test starts without one.
  await closeStatusCache();
  await deleteDB(STATUS_DB_NAME);
});
