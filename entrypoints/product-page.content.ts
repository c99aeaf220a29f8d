import { defineContentScript } from 'wxt/utils/define-content-script';
import { messenger } from '@/lib/content/extension-bridge';
import { startProductPage } from '@/lib/content/product-page';
import { markRunning } from '@/lib/product-page/open-tabs';

/**
 * The product's own pages (its reconnect page, the `redirect_uri` Meta returns to). Not in the
 * manifest: the background registers it at run time for exactly the product origins the admin
 * allowed (lib/product-page/access.ts), under an optional host permission, and injected into the
 * pages of those origins already open then (lib/product-page/open-tabs.ts).
 */
export default defineContentScript({
  registration: 'runtime',
  runAt: 'document_idle',
  main(ctx) {
    // Seen by the background before it injects this script into a page that was already open.
    markRunning(() => ctx.isValid);
    startProductPage({ signal: ctx.signal, send: messenger(ctx) });
  },
});
