import path from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';
import { dialogChunkMatches } from './lib/content/facebook-dialog-features';

// The product's pages (its reconnect page, the redirect_uri Meta returns to): an OPTIONAL host
// permission the admin grants per origin with one click (options / onboarding), for the
// product-page script registered at run time (lib/product-page/access.ts). https anywhere, plain
// http only on this machine (development backends). A product team's own build can preset its
// origins: WXT_PRODUCT_PAGE_HOSTS="https://app.example.com https://eu.app.example.com" puts them in
// host_permissions, granted at install (the browser tests use it: Chromium cannot answer the
// permission prompt headless). Unset, as in every published build: nothing is granted up front.
const PRODUCT_PAGE_OPTIONAL_HOSTS = ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*', 'http://[::1]/*'];
function presetProductHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((origin) => {
      const url = new URL(origin);
      const local = url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
      if (url.protocol !== 'https:' && !local) throw new Error(`WXT_PRODUCT_PAGE_HOSTS: ${origin} is not https (or http on this machine)`);
      return `${url.protocol}//${url.hostname}/*`;
    });
}

// The login-dialog script reads English from its own bundle and loads the other rule packs on
// demand (lib/screens/rules/dialog-packs.ts): in that script's build only, the rule-pack index the
// readers import is resolved to dialog-packs.ts (the same exports). Every other bundle keeps
// lib/screens/rules/index.ts with every pack.
const RULES_INDEX = path.resolve('lib/screens/rules/index.ts');
const DIALOG_PACKS = path.resolve('lib/screens/rules/dialog-packs.ts');
const dialogPacks = (): Plugin => ({
  name: 'reconnect-assistant:dialog-packs',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    if (!/rules\/index(?:\.ts)?$/.test(source)) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved?.id === RULES_INDEX ? DIALOG_PACKS : null;
  },
});

// Least privilege: no host permissions up front (product pages: optional, below). Content scripts declare their exact Meta hosts in
// their own `matches`; the backend answers CORS for the extension's origin (see server/), so the
// service worker can call it without a host permission.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  hooks: {
    'vite:build:extendConfig': (entrypoints, config) => {
      if (entrypoints.some((entrypoint) => entrypoint.name === 'facebook-dialog')) config.plugins = [...(config.plugins ?? []), dialogPacks()];
    },
  },
  // `npm run zip`: the Chrome/Edge package, then the Firefox package with the sources archive AMO
  // asks for (WXT zips sources for Firefox by default; README's build steps rebuild it).
  zip: { excludeSources: ['.reports/**', 'test-results/**', 'playwright-report/**', '**/*.sqlite*'] },
  manifest: ({ browser }) => ({
    // The extension's words are in locales/<lang>.yml (lib/i18n), built into _locales/.
    default_locale: 'en',
    name: '__MSG_manifest_name__',
    description: '__MSG_manifest_description__',
    permissions: ['storage', 'alarms', 'notifications', 'scripting'],
    optional_host_permissions: PRODUCT_PAGE_OPTIONAL_HOSTS,
    ...(process.env.WXT_PRODUCT_PAGE_HOSTS ? { host_permissions: presetProductHosts(process.env.WXT_PRODUCT_PAGE_HOSTS) } : {}),
    action: { default_title: '__MSG_manifest_name__' },
    // The Business Suite script's on-demand chunk (lib/content/on-demand.ts): readable only by
    // business.facebook.com, and in Chromium only at the per-session dynamic URL, so a page cannot
    // probe for it at the extension's fixed id (docs/permissions.json says what it still reveals).
    // Firefox gives every install its own random extension origin already and has no use_dynamic_url.
    web_accessible_resources: [
      {
        resources: ['business-manager-readers.js'],
        matches: ['https://business.facebook.com/*'],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
      // The facebook.com dialog script's on-demand checklist drawer and screen outline: readable
      // only by the login dialog's hosts (Chromium takes only an origin here), same dynamic URL.
      {
        resources: ['facebook-dialog-on-demand.js'],
        matches: dialogChunkMatches(),
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
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
