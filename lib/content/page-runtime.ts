/**
 * The runtime of our content scripts on Meta's single-page apps: one view per page, torn down on
 * every route change, and in each view the script's features that include the page.
 *
 *   start ─► classify(location.href) ─► not ours? return (only the route listener stays: no observer,
 *              │                                            no DOM reads, no messages)
 *              ▼ ours
 *            view (own AbortController, child of WXT's ctx.signal)
 *              ├─ report the page kind (page-detected)
 *              └─ each feature whose kinds include the page: feature.start(view) observes what it
 *                   needs and asks the background for the panel (lib/features/*.ts); the newest
 *                   answer is rendered, as text, in the feature's placement
 *   route change ─► abort the view (observers, listeners, panel go with it) ─► classify again
 *
 * The features are passed in (each entrypoint lists its own), so this module is testable with fakes
 * and a bundle carries only the readers its features use.
 */
import type { PanelModel } from '../guidance/panel-model';
import type { ContentFeature, FeatureView } from '../features/types';
import type { ReplyOf, TabMessageType } from '../messaging';
import type { SendToBackground } from './extension-bridge';
import { classifyPage, type PageInfo, type PageKind } from '../meta/pages';
import { isPanelHost, mountPanel, type PanelHandle } from './panel';
import { watchRoute } from './route-watcher';


export interface PageRuntimeDeps {
  /** WXT's ctx.signal: aborted when the extension is reloaded or the script replaced. */
  signal: AbortSignal;
  /** Page kinds this content script reports; every other kind is left alone. */
  kinds: ReadonlySet<PageKind>;
  /** The features this content script carries (each runs on its own page kinds). */
  features: readonly ContentFeature[];
  /** Sends to the background; resolves to the message's reply (a refusal when there is none). */
  send: SendToBackground;
  /** Subscribes to "the cached backend status changed" (from the background); returns an unsubscribe function. */
  onStatusChange: (listener: () => void) => () => void;
  /** Subscribes to a data-less tab message of the background; returns an unsubscribe function. */
  onTabMessage: (type: TabMessageType, listener: () => void) => () => void;
  win?: Window;
  /** Route poll interval where the Navigation API is missing (tests shorten it). */
  pollMs?: number;
}

/** What identifies a view: the same kind/business/WABA after a URL change keeps the view. */
const viewKey = (page: PageInfo) => `${page.kind}|${page.businessId ?? ''}|${page.wabaId ?? ''}|${page.appId ?? ''}|${page.configId ?? ''}`;

const isOwnNode = isPanelHost;

export function startPageRuntime(deps: PageRuntimeDeps): void {
  const win = deps.win ?? window;
  let view: AbortController | null = null;
  let currentKey: string | null = null;
  let currentIsOurs = false;

  const route = (href: string) => {
    const page = classifyPage(href);
    const ours = deps.kinds.has(page.kind);
    const key = ours ? viewKey(page) : 'other';
    if (key === currentKey) return;
    view?.abort();
    view = null;
    const leftOurs = currentIsOurs && !ours;
    currentKey = key;
    currentIsOurs = ours;
    // Leaving one of our pages inside the SPA: say so, so the tab's record is not stale.
    if (leftOurs) void deps.send({ type: 'page-detected', page }).catch(() => undefined);
    if (!ours) return;
    const controller = new AbortController();
    view = controller;
    startView(page, controller.signal, deps, win);
  };

  watchRoute(route, { signal: deps.signal, pollMs: deps.pollMs, win });
  deps.signal.addEventListener('abort', () => view?.abort(), { once: true });
  route(win.location.href);
}

/** A trimmed copy of the page info for messages: the dialog's `state` stays in the page. */
const forMessage = (page: PageInfo): PageInfo => ({ ...page, state: null });

function startView(page: PageInfo, signal: AbortSignal, deps: PageRuntimeDeps, win: Window): void {
  const message = forMessage(page);
  void deps.send({ type: 'page-detected', page: message }).catch(() => undefined);
  for (const feature of deps.features) {
    if (feature.kinds.includes(page.kind)) startFeature(feature, message, signal, deps, win.document);
  }
}

/** One feature in one view: its panel shows only the newest answer, until the admin dismisses it. */
function startFeature(feature: ContentFeature, page: PageInfo, signal: AbortSignal, deps: PageRuntimeDeps, doc: Document): void {
  let panel: PanelHandle | null = null;
  let dismissed = false;
  let sequence = 0;
  let shown = '';
  const render = (model: PanelModel) => {
    // The same answer again (e.g. after a poll that changed nothing here): leave the DOM alone.
    const key = JSON.stringify(model);
    if (panel && key === shown) return;
    shown = key;
    if (panel) panel.update(model);
    else
      panel = mountPanel(model, {
        signal,
        doc,
        placement: feature.placement,
        onDismiss: () => {
          dismissed = true;
          panel = null;
          void deps.send({ type: 'panel-dismissed', kind: page.kind }).catch(() => undefined);
        },
      });
  };
  // While held (the live checklist is drawn and says it all), the newest answer waits here.
  let held = false;
  let newest: ReplyOf<'page-guidance' | 'dialog-screen'> | null = null;
  const show = (reply: ReplyOf<'page-guidance' | 'dialog-screen'>, asked: number) => {
    // Only the newest answer counts, and nothing after the view ended or the admin dismissed it.
    if (signal.aborted || dismissed || asked !== sequence) return;
    newest = reply;
    if (held || !reply.ok || reply.panel === null || reply.dismissed) {
      panel?.remove();
      panel = null;
      dismissed = reply.ok && reply.dismissed;
      return;
    }
    render(reply.panel);
  };
  const holdPanel = (hold: boolean) => {
    if (held === hold) return;
    held = hold;
    if (newest) show(newest, sequence);
  };
  const view: FeatureView = {
    page,
    signal,
    doc,
    isOwnNode,
    send: deps.send,
    ask: (message) => {
      const asked = ++sequence;
      deps.send(message).then((reply) => show(reply, asked), () => undefined);
    },
    onStatusChange: (listener) => {
      const unsubscribe = deps.onStatusChange(listener);
      signal.addEventListener('abort', unsubscribe, { once: true });
    },
    holdPanel,
    onTabMessage: (type, listener) => {
      const unsubscribe = deps.onTabMessage(type, listener);
      signal.addEventListener('abort', unsubscribe, { once: true });
      return unsubscribe;
    },
  };
  feature.start(view);
}
