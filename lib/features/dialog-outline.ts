/**
 * The dialog-reading feature with the screen outline for support (lib/screens/outline.ts) behind the
 * overlay's "Copy screen outline for support" (offered when the current screen reads as unknown).
 * The facebook.com dialog script carries it; the Business Suite script loads it, and the token
 * dialog with the same outline (`outlineOf`), from its on-demand chunk (lib/content/on-demand.ts),
 * so hosted Embedded Signup and the system-user token dialog copy the outline too. Not a feature
 * module of its own (no `feature` export): the background knows the dialog-reading feature.
 */
import { screenOutline } from '../screens/outline';
import { feature, startDialogReading } from './dialog-reading';
import { startReconnectChecklist } from './checklist-drawer';
import type { ContentFeature, FeatureView } from './types';

const visible = (el: Element) => (typeof el.checkVisibility === 'function' ? el.checkVisibility() : true);

/** The outline of the page as it is now, as the JSON text the clipboard gets. */
export const outlineOf = (view: FeatureView) => () => JSON.stringify(screenOutline(view.doc.body, { isVisible: visible }));

export const dialogReadingWithOutline: ContentFeature = {
  ...feature,
  start: (view) => {
    startDialogReading(view);
    startReconnectChecklist(view, { outline: outlineOf(view) });
  },
};
