import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { DIALOG_CHUNK, DIALOG_MATCHES, type DialogOnDemand } from '@/lib/content/facebook-dialog-features';
import { chunkLoader } from '@/lib/content/on-demand';
import { runContentScript } from '@/lib/content/run';
import { feature as appRemoval } from '@/lib/features/app-removal';
import { DIALOG_READING, startDialogReading } from '@/lib/features/dialog-reading';
import { watchReconnectChecklist } from '@/lib/features/reconnect-checklist';
import type { ContentFeature } from '@/lib/features/types';
import type { PageKind } from '@/lib/meta/pages';
import { declaredLang } from '@/lib/screens/page-lang';
import { hasOwnPack, installPacks } from '@/lib/screens/rules/dialog-packs';

/**
 * facebook.com: the OAuth / Business Login dialog (versioned and unversioned, on the www, web, m and
 * mobile front ends; docs/meta-platform.md §1.1) and the personal settings page, for Business
 * Integrations (`/settings?tab=business_tools`, §7; the tab is a query parameter, so all of
 * /settings is matched and the URL decides). Nothing else on facebook.com gets this script.
 */
const KINDS: ReadonlySet<PageKind> = new Set(['oauth-dialog', 'fb-business-integrations']);

/**
 * The live checklist's drawer, the screen outline and the rule packs other than English, loaded the
 * first time the background answers with a checklist for this tab, or a dialog declares another
 * language or none (lib/content/on-demand.ts, entrypoints/facebook-dialog-on-demand.ts).
 * `runtime.getURL` gives the per-session dynamic URL where the browser has one (use_dynamic_url).
 */
const loadOnDemand = chunkLoader<DialogOnDemand>(
  () => browser.runtime.getURL(DIALOG_CHUNK),
  (url) => import(/* @vite-ignore */ url),
);
const warn = (error: unknown) => console.warn('Reconnect Assistant could not load its dialog chunk:', error);

const dialogReading: ContentFeature = {
  ...DIALOG_READING,
  start: (view) => {
    // The reader has English (lib/screens/rules/dialog-packs.ts); another language first installs its pack.
    // A chunk that did not load leaves that page read with English alone: unknown, never a guess.
    const read = () => {
      if (!view.signal.aborted) startDialogReading(view);
    };
    if (hasOwnPack(declaredLang(view.doc.body ?? view.doc))) read();
    else void loadOnDemand().then((chunk) => installPacks(chunk.packs), warn).then(read);
    watchReconnectChecklist(view, () => loadOnDemand().then((chunk) => chunk.checklistDrawer(view)), { onError: warn });
  },
};

/** The features this script carries: only their readers are in its bundle, the rest on demand. */
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
