/**
 * The system-user "Generate new token" dialog (Business Settings > Users > System users): reads
 * which app, expiration and permissions are chosen (lib/screens/token-dialog.ts, which never walks
 * an element that may hold the token) and reports each changed reading; the background keeps it in
 * the tab's reconnect attempt, and the live checklist (./reconnect-checklist.ts) shows App, Token
 * expiration and Permissions. No panel of its own.
 */
import { readTokenDialog, type TokenDialogReading } from '../screens/token-dialog';
import { watchScreen } from './dialog-reading';
import { startReconnectChecklist, type ReconnectChecklistOptions } from './checklist-drawer';
import type { ContentFeature, FeaturePanel, FeatureView } from './types';

const visible = (el: Element) => (typeof el.checkVisibility === 'function' ? el.checkVisibility() : true);

/** The reading as the message carries it (bounded; no token, no page text beyond the app's name). */
export function tokenReport(reading: TokenDialogReading) {
  return {
    kind: reading.kind,
    phase: reading.phase,
    appChosen: reading.appChosen === null ? null : reading.appChosen.slice(0, 200),
    expiration: reading.expiration,
    permissions: reading.permissions.slice(0, 100).map((p) => ({ scope: p.scope, granted: p.granted })),
    busy: reading.busy,
  };
}

export function startTokenDialog(
  view: FeatureView,
  read: (root: Element) => TokenDialogReading = (root) => readTokenDialog(root, { isVisible: visible }),
  checklist: ReconnectChecklistOptions = {},
): void {
  // Business Settings pages without the dialog open read as unknown: reported once, not on every change.
  watchScreen(view, (root) => tokenReport(read(root)), (token) => void view.send({ type: 'token-screen', page: view.page, token }));
  startReconnectChecklist(view, checklist);
}

export const feature: ContentFeature<'token-dialog'> = {
  id: 'token-dialog',
  kinds: ['bm-system-users'],
  placement: 'top',
  start: (view) => startTokenDialog(view),
};

export const panel: FeaturePanel = () => null;
