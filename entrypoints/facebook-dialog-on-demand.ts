import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import type { DialogOnDemand } from '@/lib/content/facebook-dialog-features';
import { provideFeatures } from '@/lib/content/on-demand';
import { checklistDrawer } from '@/lib/features/checklist-drawer';
import { outlineOf } from '@/lib/features/dialog-outline';
import { PACKS } from '@/lib/screens/rules/index';

/**
 * The facebook.com dialog script's on-demand chunk (lib/content/on-demand.ts): the live checklist's
 * drawer with "Copy screen outline for support", and the rule packs other than English. Imported by
 * entrypoints/facebook-dialog.content.ts into its own isolated world the first time the background
 * answers with a checklist for the tab (lib/features/reconnect-checklist.ts), or before the first
 * reading of a dialog in another language (lib/screens/rules/dialog-packs.ts). An English dialog of
 * another app never loads it. The outline already holds every pack (it keeps their words), so the
 * packs cost the chunk nothing more.
 */
export default defineUnlistedScript(() => {
  provideFeatures<DialogOnDemand>({
    checklistDrawer: (view) => checklistDrawer(view, { outline: outlineOf(view) }),
    packs: PACKS,
  });
});
