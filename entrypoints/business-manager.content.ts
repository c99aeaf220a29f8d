import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { classifyPage } from '@/lib/meta/pages';
import type { Message } from '@/lib/messaging';

export default defineContentScript({
  matches: ['https://business.facebook.com/*'],
  runAt: 'document_idle',
  main() {
    const message: Message = { type: 'page-detected', page: classifyPage(location.href) };
    void browser.runtime.sendMessage(message);
  },
});
