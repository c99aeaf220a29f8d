/**
 * The live reconnect checklist in the page (content-script safe: no zod, no storage). Started by
 * the features that read Meta's dialog (./dialog-reading.ts) and the token dialog
 * (./token-dialog.ts): asks the background for this tab's checklist and hands each answer to the
 * drawer (./checklist-drawer.ts, which draws lib/content/checklist-overlay.ts); the background says
 * `checklist-changed` after every reading and this asks again. No attempt in this tab (a dialog of
 * another app, or none started): no overlay at all, and the drawer is never loaded, so the
 * facebook.com dialog script loads its drawer on demand (lib/content/on-demand.ts) only then.
 *
 *   start ─► attempt-checklist ─► null: nothing │ view: load the drawer (once) ─► draw / update
 *   checklist-changed (background) ─► attempt-checklist again (only the newest answer is drawn)
 */
import type { ChecklistView } from '../content/checklist-overlay';
import type { FeatureView } from './types';

/** Draws a checklist, updates it, or (null) removes it. */
export type DrawChecklist = (checklist: ChecklistView | null) => void;

export interface WatchChecklistOptions {
  /** Subscribes to the background's `checklist-changed`; tests pass their own. */
  onChanged?: (listener: () => void) => () => void;
  /** A drawer that could not load; the next change tries again. */
  onError?: (error: unknown) => void;
}

export function watchReconnectChecklist(view: FeatureView, loadDrawer: () => Promise<DrawChecklist>, options: WatchChecklistOptions = {}): void {
  const { signal } = view;
  let sequence = 0;
  let draw: DrawChecklist | null = null;
  let loading: Promise<DrawChecklist> | null = null;

  const show = (asked: number, checklist: ChecklistView | null) => {
    if (draw) return draw(checklist);
    // Nothing is drawn before the drawer is in: a null answer has nothing to remove.
    if (checklist === null) return;
    loading ??= loadDrawer().then((loaded) => (draw = loaded));
    loading.then(
      (loaded) => {
        if (!signal.aborted && asked === sequence) loaded(checklist);
      },
      (error: unknown) => {
        loading = null;
        options.onError?.(error);
      },
    );
  };

  const ask = () => {
    const asked = ++sequence;
    view.send({ type: 'attempt-checklist', page: view.page }).then(
      (reply) => {
        if (signal.aborted || asked !== sequence) return;
        // A refusal (the background restarting, say) leaves what is drawn; the next change asks again.
        if (reply.ok) show(asked, reply.checklist);
      },
      () => undefined,
    );
  };

  const unsubscribe = (options.onChanged ?? ((listener) => view.onTabMessage('checklist-changed', listener)))(ask);
  signal.addEventListener('abort', unsubscribe, { once: true });
  ask();
}
