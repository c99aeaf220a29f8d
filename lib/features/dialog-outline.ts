/**
 * The dialog-reading feature with the screen outline for support (lib/screens/outline.ts) behind the
 * overlay's "Copy screen outline for support". Only the facebook.com dialog script carries it: the
 * outline's code does not fit the Business Suite script's size budget next to the token-dialog
 * reader (tests/e2e/content-budget.spec.ts), so hosted Embedded Signup and the token dialog show
 * "Not verified" without the copy button. Not a feature module of its own (no `feature` export):
 * the background knows the dialog-reading feature.
 */
import { screenOutline } from '../screens/outline';
import { feature, startDialogReading } from './dialog-reading';
import { startReconnectChecklist } from './reconnect-checklist';
import type { ContentFeature } from './types';

const visible = (el: Element) => (typeof el.checkVisibility === 'function' ? el.checkVisibility() : true);

export const dialogReadingWithOutline: ContentFeature = {
  ...feature,
  start: (view) => {
    startDialogReading(view);
    startReconnectChecklist(view, { outline: () => JSON.stringify(screenOutline(view.doc.body, { isVisible: visible })) });
  },
};
