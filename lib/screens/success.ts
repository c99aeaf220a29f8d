/**
 * The success step: "<name> has been connected to <App>" (docs/meta-platform.md §2.2, FL4B) and variants. It carries
 * no state to verify; the backend's token check is the real verdict (lib/graph/token-check.ts).
 */
import type { PageView } from './page-view';
import type { RulePack } from './rules/types';

export const successQueries = {
  /** The completion sentence, as a whole text. */
  sentence: (view: PageView, pack: RulePack) => view.textAnchors(pack.success.texts, 'exact'),
  /** The "Finish" button: only counts as a second anchor, never alone (every flow has buttons). */
  finish: (view: PageView, pack: RulePack) =>
    view.textAnchors(pack.success.finish, 'exact').filter((hit) => {
      const action = hit.el.closest(pack.aria.actions);
      return action !== null && view.isShown(action);
    }),
};

export interface SuccessPart {
  anchors: string[];
  identifying: boolean;
  appName: string | null;
}

export function readSuccess(view: PageView, pack: RulePack): SuccessPart {
  const hits = successQueries.sentence(view, pack);
  const finish = hits.length > 0 ? successQueries.finish(view, pack) : [];
  const anchors = hits.length > 0 ? ['success:sentence', ...(finish.length > 0 ? ['success:finish'] : [])] : [];
  const names = new Set(hits.map((h) => h.match.captures.app).filter((n): n is string => !!n));
  return { anchors, identifying: hits.length > 0, appName: names.size === 1 ? ([...names][0] as string) : null };
}
