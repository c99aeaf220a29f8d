/**
 * The live reconnect checklist in the page (content-script safe: no zod, no storage). Started by
 * the features that read Meta's dialog (./dialog-reading.ts) and the token dialog
 * (./token-dialog.ts): asks the background for this tab's checklist and draws it
 * (lib/content/checklist-overlay.ts); the background says `checklist-changed` after every reading
 * and the overlay asks again. No attempt in this tab (a dialog of another app, or none started):
 * no overlay at all.
 *
 *   start ─► attempt-checklist ─► null: nothing │ view: mount / update the overlay
 *   checklist-changed (background) ─► attempt-checklist again (only the newest answer is drawn)
 *   workspace select ─► choose-attempt-workspace     "Copy screen outline" ─► clipboard (page only)
 */
import { mountChecklist, type ChecklistHandle, type ChecklistView } from '../content/checklist-overlay';
import type { FeatureView } from './types';

export interface ReconnectChecklistOptions {
  /** The outline of the screen as it is now (lib/screens/outline.ts), as JSON text; none: no copy button. */
  outline?: () => string;
  /** Subscribes to the background's `checklist-changed`; tests pass their own. */
  onChanged?: (listener: () => void) => () => void;
  writeClipboard?: (text: string) => Promise<void>;
}

export function startReconnectChecklist(view: FeatureView, options: ReconnectChecklistOptions): void {
  const { signal, doc } = view;
  let overlay: ChecklistHandle | null = null;
  let sequence = 0;
  let shown = '';
  const writeClipboard = options.writeClipboard ?? ((text: string) => navigator.clipboard.writeText(text));

  const draw = (given: ChecklistView | null) => {
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

  const ask = () => {
    const asked = ++sequence;
    view.send({ type: 'attempt-checklist', page: view.page }).then(
      (reply) => {
        if (signal.aborted || asked !== sequence) return;
        // A refusal (the background restarting, say) leaves what is drawn; the next change asks again.
        if (reply.ok) draw(reply.checklist);
      },
      () => undefined,
    );
  };

  const unsubscribe = (options.onChanged ?? ((listener) => view.onTabMessage('checklist-changed', listener)))(ask);
  signal.addEventListener('abort', unsubscribe, { once: true });
  ask();
}
