import { defineContentScript } from 'wxt/utils/define-content-script';
import { runContentScript } from '@/lib/content/run';
import { feature as appRemoval } from '@/lib/features/app-removal';
import { feature as wabaStatus } from '@/lib/features/waba-status';
import { feature as adminAccess } from '@/lib/features/admin-access';
import { feature as dialogReading } from '@/lib/features/dialog-reading';
import { feature as tokenDialog } from '@/lib/features/token-dialog';
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

/** The features this script carries: only their readers are in its bundle. */
const FEATURES: readonly ContentFeature[] = [
  wabaStatus,
  adminAccess,
  dialogReading,
  appRemoval,
  tokenDialog,
];

export default defineContentScript({
  matches: ['https://business.facebook.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runContentScript(ctx, KINDS, FEATURES);
  },
});
