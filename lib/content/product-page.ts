/**
 * The product-page content script's work: on the product's own pages (registered at run time for
 * the origins the admin allowed: lib/product-page/access.ts), see how the reconnect ended and tell
 * the background; show what it answers.
 *
 *   location (at start and after each same-document navigation) ─ parseRedirect ──┐
 *   window `message` events ─ parseEmbeddedSignupMessage (strict origin) ───────────┼─▶ flow-outcome ─▶ panel
 *   the page's text (batched observer on <body>) ─ findConnectAlert ────────────────┘
 *
 * Each distinct outcome is sent once per document. The redirect's `code` value never leaves
 * parseRedirect (lib/flow/outcome.ts). Everything hangs on `signal`. No zod, no React.
 */
import { findConnectAlert } from '../flow/connect-alert';
import { parseEmbeddedSignupMessage, parseRedirect, type FlowOutcome } from '../flow/outcome';
import type { PanelModel } from '../guidance/panel-model';
import { observeBatched } from './batched-observer';
import type { SendToBackground } from './extension-bridge';
import { isPanelHost, mountPanel, type PanelHandle } from './panel';
import { watchRoute } from './route-watcher';

export interface ProductPageOptions {
  signal: AbortSignal;
  send: SendToBackground;
  win?: Window;
}

export function startProductPage(options: ProductPageOptions): { report(outcome: FlowOutcome): Promise<void> } {
  const { signal, send } = options;
  const win = options.win ?? window;
  const doc = win.document;
  const sent = new Set<string>();
  let panel: PanelHandle | null = null;
  let dismissed = false;

  const show = (model: PanelModel) => {
    if (dismissed || signal.aborted) return;
    if (panel) panel.update(model);
    else
      panel = mountPanel(model, {
        signal,
        doc,
        onDismiss: () => {
          dismissed = true;
          panel = null;
        },
      });
  };

  const report = async (outcome: FlowOutcome) => {
    const key = JSON.stringify(outcome);
    if (sent.has(key) || signal.aborted) return;
    sent.add(key);
    const reply = await send({ type: 'flow-outcome', outcome });
    if (reply.ok && reply.panel) show(reply.panel);
  };

  const readLocation = (href: string) => {
    const outcome = parseRedirect(href);
    if (outcome) void report(outcome);
  };
  readLocation(win.location.href);
  watchRoute(readLocation, { signal, win });

  win.addEventListener(
    'message',
    (event: MessageEvent) => {
      const outcome = parseEmbeddedSignupMessage(event.origin, event.data);
      if (outcome) void report(outcome);
    },
    { signal },
  );

  let alertSeen = false;
  observeBatched({
    signal,
    findRoot: () => (doc.body ? { root: doc.body, anchored: true } : null),
    init: { childList: true, characterData: true },
    isOwnNode: (node) => isPanelHost(node),
    work: (root) => {
      if (alertSeen) return 'settled';
      const text = findConnectAlert(root);
      if (!text) return 'same';
      alertSeen = true;
      void report({ kind: 'product-alert', alert: 'unable-to-connect-numbers', text });
      return 'changed';
    },
  });

  return { report };
}
