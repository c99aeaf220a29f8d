import { defineContentScript } from 'wxt/utils/define-content-script';
import { runContentScript } from '@/lib/content/run';
import { feature as temporaryToken } from '@/lib/features/temporary-token';
import type { PageKind } from '@/lib/meta/pages';

/**
 * Meta's App Dashboard. Matched under /apps/ only, because the dashboard moves between an app's
 * pages without loading a new document; the script acts only on the WhatsApp product pages
 * (app-dashboard-whatsapp, lib/meta/pages.ts) and keeps a Navigation API listener elsewhere.
 */
const KINDS: ReadonlySet<PageKind> = new Set(['app-dashboard-whatsapp']);

export default defineContentScript({
  matches: ['https://developers.facebook.com/apps/*'],
  runAt: 'document_idle',
  main(ctx) {
    runContentScript(ctx, KINDS, [temporaryToken]);
  },
});
