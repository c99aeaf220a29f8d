import { defineConfig } from 'wxt';

// Least privilege: no host permissions at all. Content scripts declare their exact Meta hosts in
// their own `matches`; the backend answers CORS for the extension's origin (see server/), so the
// service worker can call it without a host permission.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifest: {
    name: 'Reconnect Assistant',
    description:
      'Watches your WhatsApp Business Platform connection and guides you through Meta’s reconnect flow.',
    permissions: ['storage', 'alarms', 'notifications'],
    action: { default_title: 'Reconnect Assistant' },
  },
});
