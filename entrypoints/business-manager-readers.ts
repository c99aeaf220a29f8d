import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { provideFeatures } from '@/lib/content/on-demand';
import { feature as adminAccess } from '@/lib/features/admin-access';
import { dialogReadingWithOutline, outlineOf } from '@/lib/features/dialog-outline';
import { feature as tokenDialog, startTokenDialog } from '@/lib/features/token-dialog';

/**
 * The Business Suite script's on-demand chunk (lib/content/on-demand.ts): the People reader, the
 * dialog and token-dialog readers with the live checklist and the screen outline. Imported by
 * entrypoints/business-manager.content.ts into its own isolated world, only on the pages these
 * features run on (lib/content/business-manager-features.ts).
 */
export default defineUnlistedScript(() => {
  provideFeatures({
    [adminAccess.id]: adminAccess.start,
    [dialogReadingWithOutline.id]: dialogReadingWithOutline.start,
    [tokenDialog.id]: (view) => startTokenDialog(view, undefined, { outline: outlineOf(view) }),
  });
});
