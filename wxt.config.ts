import { defineConfig } from 'wxt';

// Least privilege: no host permissions at all. Content scripts declare their exact Meta hosts in
// their own `matches`; the backend answers CORS for the extension's origin (see server/), so the
// service worker can call it without a host permission.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // `npm run zip`: the Chrome/Edge package, then the Firefox package with the sources archive AMO
  // asks for (WXT zips sources for Firefox by default; README's build steps rebuild it).
  zip: { excludeSources: ['.reports/**', 'test-results/**', 'playwright-report/**', '**/*.sqlite*'] },
  manifest: ({ browser }) => ({
    name: 'Reconnect Assistant',
    description:
      'Watches your WhatsApp Business Platform connection and guides you through Meta’s reconnect flow.',
    permissions: ['storage', 'alarms', 'notifications'],
    action: { default_title: 'Reconnect Assistant' },
    // Icons come from public/icon/{16,32,48,64,96,128}.png (WXT adds them; scripts/make-icons.ts draws
    // them). An administrator can preset settings by policy (chrome.storage.managed); the schema
    // lists the keys (lib/storage/settings.ts MANAGED_KEYS). Firefox reads policies differently.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed-schema.json' } }),
    // Firefox needs an add-on id for MV3 and a data-collection declaration: nothing is collected by
    // the extension's authors; status and flow reports go only to the product backend the admin set.
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'reconnect-assistant@reconnect-assistant.invalid',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
