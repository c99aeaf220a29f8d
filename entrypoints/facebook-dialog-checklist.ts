import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import type { DialogChecklistChunk } from '@/lib/content/facebook-dialog-features';
import { provideFeatures } from '@/lib/content/on-demand';
import { checklistDrawer } from '@/lib/features/checklist-drawer';
import { outlineOf } from '@/lib/features/dialog-outline';

/**
 * The facebook.com dialog script's on-demand chunk (lib/content/on-demand.ts): the live checklist's
 * drawer with "Copy screen outline for support". Imported by entrypoints/facebook-dialog.content.ts
 * into its own isolated world the first time the background answers with a checklist for the tab
 * (lib/features/reconnect-checklist.ts); a dialog with no attempt (another app's) never loads it.
 */
export default defineUnlistedScript(() => {
  provideFeatures<DialogChecklistChunk>({
    checklistDrawer: (view) => checklistDrawer(view, { outline: outlineOf(view) }),
  });
});
