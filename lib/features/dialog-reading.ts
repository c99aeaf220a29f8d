/**
 * Dialog reading: inside Meta's login dialog and hosted Embedded Signup, what Reconnect Assistant
 * read on the current screen (lib/guidance/dialog-reading.ts). Observes the whole body (the dialog
 * is a page of its own), reads the screen (lib/content/readings.ts readScreenReport) and reports
 * each changed reading; the background keeps it per tab and answers with the small panel.
 */
import { observeBatched } from '../content/batched-observer';
import { readScreenReport } from '../content/readings';
import { dialogReadingPanel } from '../guidance/dialog-reading';
import type { ScreenReadingReport } from '../messaging';
import { startReconnectChecklist } from './checklist-drawer';
import type { ContentFeature, FeaturePanel, FeatureView } from './types';

/**
 * Watches the page (a dialog of its own: its whole body is the screen), reads it on every relevant
 * change and calls `report` with each changed reading. Shared with ./token-dialog.ts.
 */
export function watchScreen<R extends { busy: boolean }>(view: FeatureView, read: (root: Element) => R, report: (reading: R) => void): void {
  const { doc, signal } = view;
  let lastKey = '';
  observeBatched({
    signal,
    // The dialog is a page of its own (a popup, or hosted Embedded Signup): its whole body is the
    // screen. Not [role=dialog]: Meta's cookie banner is one too.
    findRoot: () => (doc.body ? { root: doc.body, anchored: true } : null),
    // Selection changes show up as ARIA state attributes, text (the "N selected" counter) and rows.
    init: {
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['aria-checked', 'aria-selected', 'aria-pressed', 'aria-disabled', 'aria-hidden', 'aria-busy', 'checked', 'disabled', 'hidden', 'role', 'open'],
    },
    // What the admin does is read at once (native checkboxes and radios change a property, not an
    // attribute); changes the page makes on its own are read with a back-off of up to 4 s.
    wakeEvents: ['change', 'click', 'keydown'],
    isOwnNode: view.isOwnNode,
    minIntervalMs: 100,
    maxIntervalMs: 4000,
    // Unchanged for ~3 s of back-off (100 ms … 1.6 s) and not loading: the next step comes with the
    // admin's click or key, which wakes the observer. A still page then costs nothing.
    sleepAfter: 5,
    work: (root) => {
      const reading = read(root);
      const key = JSON.stringify(reading);
      if (key === lastKey) return reading.busy ? 'same' : 'settled';
      lastKey = key;
      report(reading);
      return 'changed';
    },
  });
}

export function startDialogReading(view: FeatureView, readScreen: (root: Element) => ScreenReadingReport = readScreenReport): void {
  watchScreen(view, readScreen, (screen) => view.ask({ type: 'dialog-screen', page: view.page, screen }));
}

/** Its id, kinds and placement: the facebook.com dialog script starts it with a checklist drawer it loads on demand. */
export const DIALOG_READING = {
  id: 'dialog-reading',
  kinds: ['oauth-dialog', 'embedded-signup-hosted'],
  placement: 'top',
} as const satisfies Omit<ContentFeature<'dialog-reading'>, 'start'>;

export const feature: ContentFeature<'dialog-reading'> = {
  ...DIALOG_READING,
  start: (view) => {
    startDialogReading(view);
    // The live checklist of this tab's reconnect attempt, when there is one (./checklist-drawer.ts).
    startReconnectChecklist(view, {});
  },
};

export const panel: FeaturePanel = ({ screen }) => (screen ? dialogReadingPanel(screen) : null);
