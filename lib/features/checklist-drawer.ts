/**
 * What draws the live checklist (lib/content/checklist-overlay.ts) for one view: mounts the overlay
 * on the first checklist, updates it, removes it on null, and keeps the feature's own panel off the
 * page while it is drawn. Handed to ./reconnect-checklist.ts, which decides when to draw; the
 * facebook.com dialog script loads it on demand (entrypoints/facebook-dialog-on-demand.ts).
 *
 *   workspace select ─► choose-attempt-workspace     "Copy screen outline" ─► clipboard (page only)
 */
import { mountChecklist, type ChecklistHandle, type ChecklistView } from '../content/checklist-overlay';
import { watchReconnectChecklist, type DrawChecklist, type WatchChecklistOptions } from './reconnect-checklist';
import type { FeatureView } from './types';

export interface ChecklistDrawerOptions {
  /** The outline of the screen as it is now (lib/screens/outline.ts), as JSON text; none: no copy button. */
  outline?: () => string;
  writeClipboard?: (text: string) => Promise<void>;
}

export type ReconnectChecklistOptions = ChecklistDrawerOptions & WatchChecklistOptions;

export function checklistDrawer(view: FeatureView, options: ChecklistDrawerOptions): DrawChecklist {
  const { signal, doc } = view;
  let overlay: ChecklistHandle | null = null;
  let shown = '';
  const writeClipboard = options.writeClipboard ?? ((text: string) => navigator.clipboard.writeText(text));

  return (given: ChecklistView | null) => {
    const outline = options.outline;
    const checklist = given && !outline ? { ...given, offerOutline: false } : given;
    // One panel at a time: while the checklist is drawn, it replaces the feature's own panel.
    view.holdPanel(checklist !== null);
    if (checklist === null) {
      overlay?.remove();
      overlay = null;
      shown = '';
      return;
    }
    const key = JSON.stringify(checklist);
    if (overlay && key === shown) return;
    shown = key;
    if (overlay) overlay.update(checklist);
    else
      overlay = mountChecklist(checklist, {
        signal,
        doc,
        onChooseWorkspace: (workspaceId) => void view.send({ type: 'choose-attempt-workspace', workspaceId }),
        onCopyOutline: async () => {
          try {
            await writeClipboard(outline ? outline() : '');
            return true;
          } catch {
            return false;
          }
        },
      });
  };
}

/** The checklist with its drawer in the same bundle (the Business Suite readers chunk). */
export function startReconnectChecklist(view: FeatureView, options: ReconnectChecklistOptions): void {
  const draw = checklistDrawer(view, options);
  watchReconnectChecklist(view, () => Promise.resolve(draw), options);
}
