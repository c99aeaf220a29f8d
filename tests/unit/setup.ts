import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setUiLocale } from '../support/i18n';

// Before the test file's imports too: a module may read a message when it loads.
setUiLocale('en');

beforeEach(() => {
  fakeBrowser.reset();
  setUiLocale('en');
});
