/**
 * "Reconnect to <App>?" (docs/meta-platform.md §2.2): shown instead of the asset picker when a prior grant exists.
 * "Continue" silently re-applies the old WABA selection; only "Edit previous settings" reopens the
 * picker, so whether that link is on screen matters to the checklist.
 */
import type { PageView } from './page-view';
import type { RulePack } from './rules/types';

export const reconnectQueries = {
  /** The title with the app name: matched as a whole text, wherever it sits (role=heading or not). */
  title: (view: PageView, pack: RulePack) => view.textAnchors(pack.reconnect.titles, 'exact'),
  /** The "re-establish your previous settings" sentence: a second, independent anchor. */
  body: (view: PageView, pack: RulePack) => view.textAnchors(pack.reconnect.body, 'exact'),
  /** "Edit previous settings", only when it is (inside) a link or button: plain text is not the control. */
  editPrevious: (view: PageView, pack: RulePack) =>
    view.textAnchors(pack.reconnect.editPrevious, 'exact').filter((hit) => {
      const action = hit.el.closest(pack.aria.actions);
      return action !== null && view.isShown(action);
    }),
};

export interface ReconnectPart {
  anchors: string[];
  identifying: boolean;
  appName: string | null;
  editPrevious: boolean;
}

export function readReconnect(view: PageView, pack: RulePack): ReconnectPart {
  const title = reconnectQueries.title(view, pack);
  const body = reconnectQueries.body(view, pack);
  const edit = reconnectQueries.editPrevious(view, pack);
  const anchors: string[] = [];
  if (title.length > 0) anchors.push('reconnect-confirm:title');
  if (body.length > 0) anchors.push('reconnect-confirm:body');
  if (edit.length > 0) anchors.push('reconnect-confirm:edit-previous');
  const names = new Set(title.map((t) => t.match.captures.app).filter((n): n is string => !!n));
  return {
    anchors,
    identifying: title.length > 0 || body.length > 0,
    appName: names.size === 1 ? ([...names][0] as string) : null,
    editPrevious: edit.length > 0,
  };
}
