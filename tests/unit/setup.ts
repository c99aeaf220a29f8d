import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useLocale } from '../support/i18n';

// Before the test file's imports too: a module may read a message when it loads.
useLocale('en');

beforeEach(() => {
  fakeBrowser.reset();
  useLocale('en');
});
