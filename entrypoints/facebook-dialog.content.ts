import { defineContentScript } from 'wxt/utils/define-content-script';
import { runContentScript } from '@/lib/content/run';
import { feature as appRemoval } from '@/lib/features/app-removal';
import { dialogReadingWithOutline as dialogReading } from '@/lib/features/dialog-outline';
import type { ContentFeature } from '@/lib/features/types';
import type { PageKind } from '@/lib/meta/pages';

/**
 * facebook.com: the OAuth / Business Login dialog (versioned and unversioned, on the www, web, m and
 * mobile front ends; docs/meta-platform.md §1.1) and the personal settings page, for Business
 * Integrations (`/settings?tab=business_tools`, §7; the tab is a query parameter, so all of
 * /settings is matched and the URL decides). Nothing else on facebook.com gets this script.
 */
const KINDS: ReadonlySet<PageKind> = new Set(['oauth-dialog', 'fb-business-integrations']);
const FRONT_ENDS = ['www', 'web', 'm', 'mobile'];

/** The features this script carries: only their readers are in its bundle. */
const FEATURES: readonly ContentFeature[] = [
  dialogReading,
  appRemoval,
];

export default defineContentScript({
  matches: [
    ...FRONT_ENDS.flatMap((host) => [`https://${host}.facebook.com/dialog/oauth*`, `https://${host}.facebook.com/v*/dialog/oauth*`]),
    ...['www', 'web', 'm'].map((host) => `https://${host}.facebook.com/settings*`),
  ],
  runAt: 'document_idle',
  main(ctx) {
    runContentScript(ctx, KINDS, FEATURES);
  },
});
