/**
 * The in-page guidance panel: a small card in a *closed* shadow root, built with plain DOM.
 *
 *   <div data-ra-panel>          (fixed, bottom right; appended to <html>, outside the app's tree)
 *     #shadow-root (closed)      → the page's scripts cannot read what we show, its CSS cannot reach in
 *       <style>                  → our own styles, light/dark from prefers-color-scheme or Meta's theme
 *       <aside aria-label=…>     → a complementary landmark, named
 *         header: title + "Dismiss" button (focusable, Escape anywhere in the panel also dismisses)
 *         paragraphs, items, "What to do" steps, note
 *
 * The host is a built-in `<div>`, not a custom element: a page script that defines a custom element's
 * name first gets any closed root attached to it through `attachInternals()`; a `<div>` has no such
 * door. The page's patches of `attachShadow` or other DOM prototypes do not reach us either: the
 * content script runs in its own isolated world with its own prototypes
 * (https://developer.chrome.com/docs/extensions/develop/concepts/content-scripts#isolated_world).
 * When no private root can be had, no panel is shown at all rather than one the page can read.
 *
 * Every string goes in through `textContent` and `displayText` (lib/display-text.ts): panel text can
 * come from Meta's pages (dialog alerts) or from the backend (WABA names), and must never become
 * markup, reorder the words around it, or stretch the panel. No React here: content scripts
 * stay small (measured by bench/content-script-cpu.bench.ts).
 */
import { displayText } from '../display-text';
import { TONE_WORDS, type PanelModel } from '../guidance/panel-model';

/** The host's marker attribute; the host element itself is a plain `<div>`. */
export const PANEL_ATTR = 'data-ra-panel';
export const PANEL_SELECTOR = `div[${PANEL_ATTR}]`;

/** True for the panel's host (the page runtime's observer ignores our own mutations). */
export const isPanelHost = (node: Node): boolean => node.nodeType === 1 && (node as Element).localName === 'div' && (node as Element).hasAttribute(PANEL_ATTR);

export interface PanelHandle {
  readonly host: HTMLElement;
  update(model: PanelModel): void;
  remove(): void;
}

export interface PanelOptions {
  signal: AbortSignal;
  /** Bottom right on Business Manager; top right in the dialog, whose buttons sit at the bottom. */
  placement?: 'top' | 'bottom';
  /** The admin dismissed the panel (button or Escape). */
  onDismiss: () => void;
  doc?: Document;
}

const STYLES = `
/* The host is a <div>: the page's own div rules must not move or hide it (a shadow root's !important wins). */
:host { all: initial !important; position: fixed !important; right: 16px !important; bottom: 16px !important;
  z-index: 2147483646 !important; display: block !important; }
:host([data-placement=top]) { top: 8px !important; bottom: auto !important; right: 8px !important; }
:host([data-placement=top]) aside { width: 300px; max-height: 45vh; }
:host { --bg: #ffffff; --fg: #1c1e21; --muted: #5b616b; --border: #ccd0d5; --focus: #0a66d8;
  --ok: #1e7e34; --info: #1a5fb4; --warning: #8a5300; --danger: #b3261e; --unknown: #5b616b; }
@media (prefers-color-scheme: dark) {
  :host(:not([data-theme=light])) { --bg: #242526; --fg: #e4e6eb; --muted: #b0b3b8; --border: #3e4042; --focus: #6ea8fe;
    --ok: #6fcf7f; --info: #8ab4f8; --warning: #f2b45a; --danger: #f28b82; --unknown: #b0b3b8; }
}
:host([data-theme=dark]) { --bg: #242526; --fg: #e4e6eb; --muted: #b0b3b8; --border: #3e4042; --focus: #6ea8fe;
  --ok: #6fcf7f; --info: #8ab4f8; --warning: #f2b45a; --danger: #f28b82; --unknown: #b0b3b8; }
aside { box-sizing: border-box; width: 340px; max-height: min(70vh, 520px); overflow: auto; background: var(--bg);
  color: var(--fg); border: 1px solid var(--border); border-left: 6px solid var(--tone); border-radius: 8px;
  box-shadow: 0 4px 18px rgba(0,0,0,.25); font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  padding: 10px 12px 12px; overflow-wrap: anywhere; unicode-bidi: isolate; }
aside[data-tone=ok] { --tone: var(--ok); } aside[data-tone=info] { --tone: var(--info); }
aside[data-tone=warning] { --tone: var(--warning); } aside[data-tone=danger] { --tone: var(--danger); }
aside[data-tone=unknown] { --tone: var(--unknown); }
header { display: flex; align-items: flex-start; gap: 8px; }
.who { font-size: 11px; color: var(--muted); margin: 0; }
h2 { font-size: 14px; margin: 0; flex: 1; }
.tone { font-weight: 600; color: var(--tone); }
button { font: inherit; background: transparent; color: var(--fg); border: 1px solid var(--border); border-radius: 6px;
  padding: 2px 8px; cursor: pointer; }
button:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; }
p { margin: 6px 0; }
ul, ol { margin: 6px 0; padding-left: 18px; }
li { margin: 2px 0; }
li .mark { font-weight: 600; }
li[data-tone=ok] .mark { color: var(--ok); } li[data-tone=info] .mark { color: var(--info); }
li[data-tone=warning] .mark { color: var(--warning); } li[data-tone=danger] .mark { color: var(--danger); }
li[data-tone=unknown] .mark { color: var(--unknown); }
h3 { font-size: 12px; margin: 8px 0 2px; }
.note { color: var(--muted); font-size: 11px; }
`;

/** Panel text as shown: inert and bounded (a paragraph can hold a few names and a sentence of Meta's). */
const shown = (text: string) => displayText(text, 1000);

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/**
 * Meta's own dark mode is a class on <html> (`__fb-dark-mode` / `__fb-light-mode`) that follows the
 * user's Facebook setting rather than the OS; when present it wins over `prefers-color-scheme`.
 * This only picks our colours, it is not used to read anything.
 */
function metaTheme(doc: Document): 'dark' | 'light' | null {
  const classes = doc.documentElement.classList;
  if (classes.contains('__fb-dark-mode')) return 'dark';
  if (classes.contains('__fb-light-mode')) return 'light';
  return null;
}

/** Mounts the panel, or returns null when no closed shadow root can be had (nothing is left in the page). */
export function mountPanel(model: PanelModel, options: PanelOptions): PanelHandle | null {
  const doc = options.doc ?? document;
  const host = doc.createElement('div');
  host.setAttribute(PANEL_ATTR, '');
  let shadow: ShadowRoot;
  try {
    shadow = host.attachShadow({ mode: 'closed' });
  } catch {
    return null;
  }
  const theme = metaTheme(doc);
  if (theme) host.dataset.theme = theme;
  if (options.placement === 'top') host.dataset.placement = 'top';
  const style = el(doc, 'style', STYLES);
  const aside = el(doc, 'aside');
  aside.setAttribute('role', 'complementary');
  shadow.append(style, aside);

  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    host.remove();
  };
  const dismiss = () => {
    remove();
    options.onDismiss();
  };

  aside.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      dismiss();
    }
  });

  const render = (next: PanelModel) => {
    aside.replaceChildren();
    aside.dataset.tone = next.tone;
    aside.dataset.topic = next.topic;
    aside.setAttribute('aria-label', `Reconnect Assistant: ${shown(next.title)}`);

    const header = el(doc, 'header');
    const heading = el(doc, 'div');
    heading.style.flex = '1';
    heading.append(el(doc, 'p', 'Reconnect Assistant', 'who'));
    const title = el(doc, 'h2');
    title.append(el(doc, 'span', `${TONE_WORDS[next.tone]}: `, 'tone'), doc.createTextNode(shown(next.title)));
    heading.append(title);
    const close = el(doc, 'button', '✕');
    close.type = 'button';
    close.setAttribute('aria-label', 'Dismiss Reconnect Assistant panel');
    close.title = 'Dismiss (Esc)';
    close.addEventListener('click', dismiss);
    header.append(heading, close);
    aside.append(header);

    for (const text of next.paragraphs) aside.append(el(doc, 'p', shown(text)));
    if (next.items.length) {
      const list = el(doc, 'ul');
      for (const item of next.items) {
        const li = el(doc, 'li');
        li.dataset.tone = item.tone;
        li.append(el(doc, 'span', `${TONE_WORDS[item.tone]}: `, 'mark'), el(doc, 'span', shown(item.label)));
        if (item.detail) li.append(doc.createTextNode(` — ${shown(item.detail)}`));
        list.append(li);
      }
      aside.append(list);
    }
    if (next.steps.length) {
      aside.append(el(doc, 'h3', 'What to do'));
      const steps = el(doc, 'ol');
      for (const step of next.steps) steps.append(el(doc, 'li', shown(step)));
      aside.append(steps);
    }
    if (next.note) aside.append(el(doc, 'p', shown(next.note), 'note'));
  };

  render(model);
  doc.documentElement.append(host);
  options.signal.addEventListener('abort', remove, { once: true });

  return {
    host,
    update(next) {
      if (!removed) render(next);
    },
    remove,
  };
}
