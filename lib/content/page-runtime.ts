/**
 * The runtime of our content scripts on Meta's single-page apps: one view per page, torn down on
 * every route change.
 *
 *   start ─► classify(location.href) ─► not ours? return (only the route listener stays: no observer,
 *              │                                            no DOM reads, no messages)
 *              ▼ ours
 *            view (own AbortController, child of WXT's ctx.signal)
 *              ├─ report the page kind (page-detected)
 *              ├─ WABA page / Connected apps / Business Integrations: ask the background for the panel
 *              │    once, again when the background says the cached status changed (status-changed)
 *              ├─ People: batched observer on [role=main] → readPeople → ask for the panel when the
 *              │    reading changes; stops observing once the reading is definitive
 *              └─ dialog / hosted Embedded Signup: batched observer on [role=dialog] (or <body>) →
 *                   readScreen → report each *changed* reading (dialog-screen) → small panel
 *   route change ─► abort the view (observer, listeners, panel go with it) ─► classify again
 *
 * The DOM readers are passed in (lib/content/readings.ts wraps lib/screens), so this module is
 * testable with fakes and the entrypoints stay wiring only.
 */
import type { PanelModel } from '../guidance/panel-model';
import type { Message, ReplyOf, ScreenReadingReport } from '../messaging';
import type { PeopleAccess } from '../protocol/shapes';
import type { SendToBackground } from './extension-bridge';
import { classifyPage, type PageInfo, type PageKind } from '../meta/pages';
import { observeBatched, type RootChoice } from './batched-observer';
import { mountPanel, PANEL_TAG, type PanelHandle } from './panel';
import { watchRoute } from './route-watcher';


export interface PageRuntimeDeps {
  /** WXT's ctx.signal: aborted when the extension is reloaded or the script replaced. */
  signal: AbortSignal;
  /** Page kinds this content script handles; every other kind is left alone. */
  kinds: ReadonlySet<PageKind>;
  /** Sends to the background; resolves to the message's reply (a refusal when there is none). */
  send: SendToBackground;
  /** Subscribes to "the cached backend status changed" (from the background); returns an unsubscribe function. */
  onStatusChange: (listener: () => void) => () => void;
  /** `complete`: a People list was read in full; `absent`: nothing on the page is a People list. */
  readPeople: (root: Element) => { access: PeopleAccess; complete: boolean; absent: boolean };
  readScreen: (root: Element) => ScreenReadingReport;
  win?: Window;
  /** Route poll interval where the Navigation API is missing (tests shorten it). */
  pollMs?: number;
}

/** Kinds whose panel depends on the cached backend status only. */
const STATUS_PANEL_KINDS: ReadonlySet<PageKind> = new Set(['bm-whatsapp-accounts', 'whatsapp-manager', 'bm-connected-apps', 'fb-business-integrations']);
const DIALOG_KINDS: ReadonlySet<PageKind> = new Set(['oauth-dialog', 'embedded-signup-hosted']);

/** What identifies a view: the same kind/business/WABA after a URL change keeps the view. */
const viewKey = (page: PageInfo) => `${page.kind}|${page.businessId ?? ''}|${page.wabaId ?? ''}|${page.appId ?? ''}|${page.configId ?? ''}`;

const isOwnNode = (node: Node) => node.nodeName === PANEL_TAG.toUpperCase();

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
  const doc = win.document;
  const message = forMessage(page);
  void deps.send({ type: 'page-detected', page: message }).catch(() => undefined);

  let panel: PanelHandle | null = null;
  let dismissed = false;
  let sequence = 0;
  const show = (reply: ReplyOf<'page-guidance' | 'dialog-screen'>, asked: number) => {
    // Only the newest answer counts, and nothing after the view ended or the admin dismissed it.
    if (signal.aborted || dismissed || asked !== sequence) return;
    if (!reply.ok || reply.panel === null || reply.dismissed) {
      panel?.remove();
      panel = null;
      dismissed = reply.ok && reply.dismissed;
      return;
    }
    render(reply.panel);
  };
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
        placement: DIALOG_KINDS.has(page.kind) ? 'top' : 'bottom',
        onDismiss: () => {
          dismissed = true;
          panel = null;
          void deps.send({ type: 'panel-dismissed', kind: page.kind }).catch(() => undefined);
        },
      });
  };
  const ask = (msg: Extract<Message, { type: 'page-guidance' | 'dialog-screen' }>) => {
    const asked = ++sequence;
    deps.send(msg).then((reply) => show(reply, asked), () => undefined);
  };

  if (STATUS_PANEL_KINDS.has(page.kind)) {
    const guidance = () => ask({ type: 'page-guidance', page: message, people: null });
    guidance();
    const unsubscribe = deps.onStatusChange(guidance);
    signal.addEventListener('abort', unsubscribe, { once: true });
    return;
  }

  if (page.kind === 'bm-people') {
    let last: PeopleAccess | null = null;
    let lastKey = '';
    let absentRuns = 0;
    const stop = new AbortController();
    signal.addEventListener('abort', () => stop.abort(), { once: true });
    observeBatched({
      signal: stop.signal,
      findRoot: () => anchoredOr(doc, '[role="main"]'),
      // The access level arrives with rows (child lists) or changed text.
      init: { childList: true, characterData: true },
      // Scrolling or clicking can load more rows (and with them, the admin's own).
      wakeEvents: ['click', 'keydown', 'change', 'scroll'],
      isOwnNode,
      // While the page shows no People list yet, look again with a back-off up to 30 s (a real list
      // arrives within seconds of the route change; a page that never shows one costs one cheap
      // text check per 30 s).
      minIntervalMs: 250,
      maxIntervalMs: 30_000,
      // A People list read in full that does not show the admin's own row will not start to by
      // itself; rows loaded later come with a scroll or a click, which wake the observer.
      sleepAfter: 2,
      work: (root) => {
        const { access: reading, complete, absent } = deps.readPeople(root);
        // No People list on the page for ~8 s of back-off (5 runs): sleep until the admin scrolls,
        // clicks or types, or the app replaces the region.
        absentRuns = absent ? absentRuns + 1 : 0;
        if (absentRuns >= 5) return 'settled';
        const key = JSON.stringify(reading);
        if (key !== lastKey) {
          lastKey = key;
          last = reading;
          ask({ type: 'page-guidance', page: message, people: reading });
          // The signed-in person's access level does not change while this view lives (another
          // person or portfolio is another URL): once it is read, stop watching.
          if (reading.access !== 'unknown') queueMicrotask(() => stop.abort());
          return complete ? 'settled' : 'changed';
        }
        return complete ? 'settled' : 'same';
      },
    });
    // The backend's role signal can change while the page is open.
    const unsubscribe = deps.onStatusChange(() => ask({ type: 'page-guidance', page: message, people: last }));
    signal.addEventListener('abort', unsubscribe, { once: true });
    return;
  }

  if (DIALOG_KINDS.has(page.kind)) {
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
        attributeFilter: ['aria-checked', 'aria-selected', 'aria-pressed', 'aria-disabled', 'aria-hidden', 'aria-busy', 'checked', 'disabled', 'hidden', 'role'],
      },
      // What the admin does is read at once (native checkboxes and radios change a property, not an
      // attribute); changes the page makes on its own are read with a back-off of up to 4 s.
      wakeEvents: ['change', 'click', 'keydown'],
      isOwnNode,
      minIntervalMs: 100,
      maxIntervalMs: 4000,
      // Unchanged for ~3 s of back-off (100 ms … 1.6 s) and not loading: the next step comes with the
      // admin's click or key, which wakes the observer. A still page then costs nothing.
      sleepAfter: 5,
      work: (root) => {
        const reading = deps.readScreen(root);
        const key = JSON.stringify(reading);
        if (key === lastKey) return reading.busy ? 'same' : 'settled';
        lastKey = key;
        ask({ type: 'dialog-screen', page: message, screen: reading });
        return 'changed';
      },
    });
  }
}

/**
 * The narrowest stable root: the anchor (e.g. [role=main]) when the app has rendered it, else <body>
 * (watched for structure only until the anchor appears).
 */
function anchoredOr(doc: Document, selector: string): RootChoice | null {
  const anchor = doc.querySelector(selector);
  if (anchor) return { root: anchor, anchored: true };
  return doc.body ? { root: doc.body, anchored: false } : null;
}
