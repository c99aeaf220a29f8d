import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { ON_DEMAND, READERS_CHUNK } from '@/lib/content/business-manager-features';
import { chunkLoader, onDemandFeature } from '@/lib/content/on-demand';
import { runContentScript } from '@/lib/content/run';
import { feature as appRemoval } from '@/lib/features/app-removal';
import { feature as wabaStatus } from '@/lib/features/waba-status';
import type { ContentFeature } from '@/lib/features/types';
import type { PageKind } from '@/lib/meta/pages';

/**
 * Business Suite / Business Manager. The whole host is matched because it is one single-page app:
 * an admin who lands on /latest/home and clicks through to Settings never loads a new document.
 * On every page that is not one of ours, the script only keeps a Navigation API listener.
 */
const KINDS: ReadonlySet<PageKind> = new Set([
  'bm-whatsapp-accounts',
  'bm-people',
  'bm-system-users',
  'bm-connected-apps',
  'bm-settings-other',
  'whatsapp-manager',
  'embedded-signup-hosted',
]);

/**
 * Loaded the first time a page of theirs opens (lib/content/on-demand.ts): the People, dialog and
 * token-dialog readers with the live checklist, in entrypoints/business-manager-readers.ts.
 * `runtime.getURL` gives the per-session dynamic URL where the browser has one (use_dynamic_url).
 */
const loadReaders = chunkLoader(
  () => browser.runtime.getURL(READERS_CHUNK),
  (url) => import(/* @vite-ignore */ url),
);

/** The features this script carries: the status-only ones here, the readers on demand. */
const FEATURES: readonly ContentFeature[] = [
  wabaStatus,
  appRemoval,
  ...ON_DEMAND.map((meta) => onDemandFeature(meta, loadReaders, (error) => console.warn('Reconnect Assistant could not load its page readers:', error))),
];

export default defineContentScript({
  matches: ['https://business.facebook.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runContentScript(ctx, KINDS, FEATURES);
  },
});
