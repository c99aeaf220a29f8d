/**
 * The live reconnect checklist, drawn inside Meta's dialog: plain DOM in a closed shadow root.
 *
 *   <div data-ra-checklist>        built-in host element: a page script that defines a custom
 *     #shadow-root (closed)        element's name first could reach a closed root through
 *       <style>                    attachInternals(); a <div> has no such door
 *       <section role=region aria-label="Reconnect checklist: …">
 *         header: title, "Move to the other side", "Collapse"
 *         [workspace select, when the attempt does not know which workspace]
 *         <div role=alert>…</div>  one per revocation warning (deselecting a covered WABA)
 *         <ul> <li>Passed — WhatsApp accounts: …</li> … </ul>
 *         note: the final check happens after Meta returns
 *         [Copy screen outline for support]
 *         <div aria-live=polite>   announces the summary when it changes, not every mutation
 *
 * Collapsed, it is a small pill that still says the worst state in words. It docks to a corner
 * (top right by default: the dialog's own buttons sit at the bottom), can switch sides, and is
 * expanded by default only when the window is at least 700 px wide, so it never sits on top of
 * Meta's controls in a narrow popup. Every string goes in through `textContent` and `displayText`
 * (lib/display-text.ts), as in the panels: names from the backend and from Meta's page cannot
 * reorder or hide text (bidi and zero-width characters dropped), and are bounded; a name with no
 * space wraps inside the panel's width instead of stretching it.
 */

import { displayText } from '../display-text';
import { STATE_WORDS, worstState, type ItemState } from '../flow/checklist';

export interface ChecklistItemView {
  state: ItemState;
  label: string;
  /** What was found, in words ("Acme Global is not selected"). */
  found: string;
}

export interface ChecklistView {
  items: ChecklistItemView[];
  /** Loud warnings, each its own alert (finishing now would revoke access to a WABA). */
  alerts: string[];
  /** Shown under the title: which workspace this attempt is for. */
  workspaceName: string | null;
  /** When set, the attempt does not know the workspace yet and asks. */
  workspaceChoice: { options: { id: string; name: string }[]; selected: string | null } | null;
  /** A screen of this attempt could not be read: offer the outline for support. */
  offerOutline: boolean;
  /** One more sentence under the items (e.g. where to paste a generated token). */
  note?: string | null;
}

export interface ChecklistHandle {
  update(view: ChecklistView): void;
  remove(): void;
}

export interface ChecklistOptions {
  signal: AbortSignal;
  onChooseWorkspace: (workspaceId: string) => void;
  onCopyOutline: () => Promise<boolean>;
  doc?: Document;
  /** The window's width decides the initial expanded state. */
  width?: number;
}

const STYLES = `
:host { all: initial; position: fixed; top: 8px; right: 8px; z-index: 2147483646; display: block; }
:host([data-side=left]) { right: auto; left: 8px; }
:host { --bg: #ffffff; --fg: #1c1e21; --muted: #5b616b; --border: #ccd0d5; --focus: #0a66d8;
  --passed: #1e7e34; --failed: #b3261e; --not-verified: #8a5300; --not-checked: #5b616b; }
:host([data-theme=dark]) { --bg: #242526; --fg: #e4e6eb; --muted: #b0b3b8; --border: #3e4042; --focus: #6ea8fe;
  --passed: #6fcf7f; --failed: #f28b82; --not-verified: #f2b45a; --not-checked: #b0b3b8; }
section { box-sizing: border-box; width: 320px; max-height: 60vh; overflow: auto; background: var(--bg); color: var(--fg);
  border: 1px solid var(--border); border-left: 6px solid var(--tone); border-radius: 8px; box-shadow: 0 4px 18px rgba(0,0,0,.25);
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; padding: 8px 10px 10px;
  max-width: calc(100vw - 16px); overflow-wrap: anywhere; }
select { max-width: 100%; }
section[data-collapsed] { width: auto; max-height: none; padding: 4px 8px; }
section[data-collapsed] .body { display: none; }
section[data-worst=passed] { --tone: var(--passed); } section[data-worst=failed] { --tone: var(--failed); }
section[data-worst=not-verified] { --tone: var(--not-verified); } section[data-worst=not-checked] { --tone: var(--not-checked); }
header { display: flex; align-items: center; gap: 6px; }
h2 { font-size: 13px; margin: 0; flex: 1; }
.worst { font-weight: 600; color: var(--tone); }
.who { margin: 2px 0 6px; color: var(--muted); font-size: 11px; }
button, select { font: inherit; background: transparent; color: var(--fg); border: 1px solid var(--border); border-radius: 6px; padding: 1px 7px; cursor: pointer; }
button:focus-visible, select:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; }
ul { list-style: none; margin: 6px 0; padding: 0; }
li { margin: 4px 0; padding-left: 6px; border-left: 3px solid var(--state); }
li[data-state=passed] { --state: var(--passed); } li[data-state=failed] { --state: var(--failed); }
li[data-state=not-verified] { --state: var(--not-verified); } li[data-state=not-checked] { --state: var(--not-checked); }
.state { font-weight: 600; color: var(--state); }
[role=alert] { margin: 6px 0; padding: 6px 8px; border-radius: 6px; border: 2px solid var(--failed); font-weight: 600; }
.note { color: var(--muted); font-size: 11px; margin: 6px 0; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** The item's whole text: its state word first, so the state never rests on colour alone. */
export function itemText(item: ChecklistItemView): string {
  return `${STATE_WORDS[item.state]} — ${item.label}${item.found ? `: ${item.found}` : ''}`;
}

/** One sentence for the live region: said when it changes, not on every DOM mutation. */
export function summaryText(view: ChecklistView): string {
  const failed = view.items.filter((i) => i.state === 'failed').map((i) => i.label);
  const unverified = view.items.filter((i) => i.state === 'not-verified').map((i) => i.label);
  const parts: string[] = [];
  if (failed.length) parts.push(`Failed: ${failed.join(', ')}`);
  if (unverified.length) parts.push(`Not verified: ${unverified.join(', ')}`);
  if (!parts.length) parts.push(view.items.every((i) => i.state === 'passed') && view.items.length > 0 ? 'Everything read so far passed' : 'Nothing failed so far');
  return `Reconnect checklist. ${parts.join('. ')}.`;
}

function metaTheme(doc: Document): 'dark' | 'light' | null {
  const classes = doc.documentElement.classList;
  if (classes.contains('__fb-dark-mode')) return 'dark';
  if (classes.contains('__fb-light-mode')) return 'light';
  return null;
}

/** Mounts the checklist, or returns null when the page prevents a private shadow root. */
export function mountChecklist(initial: ChecklistView, options: ChecklistOptions): ChecklistHandle | null {
  const doc = options.doc ?? document;
  const host = doc.createElement('div');
  host.setAttribute('data-ra-checklist', '');
  let shadow: ShadowRoot;
  try {
    shadow = host.attachShadow({ mode: 'closed' });
  } catch {
    return null; // nothing half-built is left in the page
  }
  // Meta's own theme when it says one, else the system's (one dark rule set in STYLES).
  const theme = metaTheme(doc) ?? (doc.defaultView?.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : null);
  if (theme) host.dataset.theme = theme;
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) => {
    const node = doc.createElement(tag);
    if (text !== undefined) node.textContent = displayText(text, 1000);
    if (className) node.className = className;
    return node;
  };

  const section = el('section');
  section.setAttribute('role', 'region');
  const header = el('header');
  const title = el('h2');
  const worst = el('span', '', 'worst');
  title.append(worst, doc.createTextNode(' Reconnect checklist'));
  const side = el('button', '⇆');
  side.type = 'button';
  side.setAttribute('aria-label', 'Move the checklist to the other side');
  side.addEventListener('click', () => {
    host.dataset.side = host.dataset.side === 'left' ? 'right' : 'left';
  });
  const toggle = el('button');
  toggle.type = 'button';
  header.append(title, side, toggle);
  const body = el('div', undefined, 'body');
  const live = el('div', '', 'sr');
  live.setAttribute('aria-live', 'polite');
  section.append(header, body, live);
  // Our own stylesheet, whole: the display rules (and their length bound) are for text only.
  const style = doc.createElement('style');
  style.textContent = STYLES;
  shadow.append(style, section);

  let collapsed = (options.width ?? doc.defaultView?.innerWidth ?? 1024) < 700;
  const applyCollapsed = () => {
    if (collapsed) section.setAttribute('data-collapsed', '');
    else section.removeAttribute('data-collapsed');
    toggle.textContent = collapsed ? '▸' : '▾';
    toggle.setAttribute('aria-expanded', String(!collapsed));
    toggle.setAttribute('aria-label', collapsed ? 'Expand the reconnect checklist' : 'Collapse the reconnect checklist');
  };
  toggle.addEventListener('click', () => {
    collapsed = !collapsed;
    applyCollapsed();
  });
  section.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !collapsed) {
      event.stopPropagation();
      collapsed = true;
      applyCollapsed();
      toggle.focus();
    }
  });

  let lastSummary = '';
  const render = (view: ChecklistView) => {
    const state = worstState(view.items);
    section.dataset.worst = state;
    worst.textContent = `${STATE_WORDS[state]}:`;
    section.setAttribute('aria-label', `Reconnect checklist: ${STATE_WORDS[state]}`);
    body.replaceChildren();
    if (view.workspaceName) body.append(el('p', `For ${displayText(view.workspaceName)}`, 'who'));
    if (view.workspaceChoice) {
      const label = el('label', 'Which workspace are you reconnecting? ');
      const select = el('select');
      select.append(el('option', 'Choose…'));
      (select.firstChild as HTMLOptionElement).value = '';
      for (const option of view.workspaceChoice.options) {
        const node = el('option', displayText(option.name));
        node.value = option.id;
        select.append(node);
      }
      select.value = view.workspaceChoice.selected ?? '';
      select.addEventListener('change', () => {
        if (select.value) options.onChooseWorkspace(select.value);
      });
      label.append(select);
      body.append(label);
      // A preselected suggestion is not a choice: picking it needs no change event, so the admin
      // confirms the shown workspace with this button (a select change also chooses at once).
      const confirm = el('button', 'Use this workspace');
      confirm.type = 'button';
      confirm.addEventListener('click', () => {
        if (select.value) options.onChooseWorkspace(select.value);
      });
      body.append(confirm);
    }
    for (const alert of view.alerts) {
      const node = el('div', alert);
      node.setAttribute('role', 'alert');
      body.append(node);
    }
    const list = el('ul');
    for (const item of view.items) {
      const li = el('li');
      li.dataset.state = item.state;
      li.append(el('span', STATE_WORDS[item.state], 'state'), doc.createTextNode(` — ${displayText(`${item.label}${item.found ? `: ${item.found}` : ''}`, 1000)}`));
      list.append(li);
    }
    body.append(list);
    if (view.note) body.append(el('p', view.note));
    body.append(el('p', 'This is guidance while you choose. The final check runs after Meta returns you to the product.', 'note'));
    if (view.offerOutline) {
      const copy = el('button', 'Copy screen outline for support');
      copy.type = 'button';
      copy.addEventListener('click', () => {
        void options.onCopyOutline().then((ok) => {
          live.textContent = ok ? 'Screen outline copied: names are replaced by placeholders.' : 'The screen outline could not be copied.';
        });
      });
      body.append(copy);
    }
    const summary = summaryText(view);
    if (summary !== lastSummary) {
      lastSummary = summary;
      live.textContent = summary;
    }
  };

  applyCollapsed();
  render(initial);
  doc.documentElement.append(host);
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    host.remove();
  };
  options.signal.addEventListener('abort', remove, { once: true });
  return {
    update(view) {
      if (!removed) render(view);
    },
    remove,
  };
}
