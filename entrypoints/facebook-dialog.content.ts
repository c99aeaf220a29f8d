import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { CHECKLIST_CHUNK, DIALOG_MATCHES, type DialogChecklistChunk } from '@/lib/content/facebook-dialog-features';
import { chunkLoader } from '@/lib/content/on-demand';
import { runContentScript } from '@/lib/content/run';
import { feature as appRemoval } from '@/lib/features/app-removal';
import { DIALOG_READING, startDialogReading } from '@/lib/features/dialog-reading';
import { watchReconnectChecklist } from '@/lib/features/reconnect-checklist';
import type { ContentFeature } from '@/lib/features/types';
import type { PageKind } from '@/lib/meta/pages';

/**
 * facebook.com: the OAuth / Business Login dialog (versioned and unversioned, on the www, web, m and
 * mobile front ends; docs/meta-platform.md §1.1) and the personal settings page, for Business
 * Integrations (`/settings?tab=business_tools`, §7; the tab is a query parameter, so all of
 * /settings is matched and the URL decides). Nothing else on facebook.com gets this script.
 */
const KINDS: ReadonlySet<PageKind> = new Set(['oauth-dialog', 'fb-business-integrations']);

/**
 * The live checklist's drawer and the screen outline, loaded the first time the background answers
 * with a checklist for this tab (lib/content/on-demand.ts, entrypoints/facebook-dialog-checklist.ts).
 * `runtime.getURL` gives the per-session dynamic URL where the browser has one (use_dynamic_url).
 */
const loadChecklist = chunkLoader<DialogChecklistChunk>(
  () => browser.runtime.getURL(CHECKLIST_CHUNK),
  (url) => import(/* @vite-ignore */ url),
);

const dialogReading: ContentFeature = {
  ...DIALOG_READING,
  start: (view) => {
    startDialogReading(view);
    watchReconnectChecklist(view, () => loadChecklist().then((chunk) => chunk.checklistDrawer(view)), {
      onError: (error) => console.warn('Reconnect Assistant could not load its checklist:', error),
    });
  },
};

/** The features this script carries: only their readers are in its bundle, the checklist on demand. */
const FEATURES: readonly ContentFeature[] = [
  dialogReading,
  appRemoval,
];

export default defineContentScript({
  matches: [...DIALOG_MATCHES, ...['www', 'web', 'm'].map((host) => `https://${host}.facebook.com/settings*`)],
  runAt: 'document_idle',
  main(ctx) {
    runContentScript(ctx, KINDS, FEATURES);
  },
});
