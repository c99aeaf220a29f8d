/** Builds a screen outline (./outline.ts) back into a document, for `cli inspect --outline` and tests. */
import { ARIA_STATES, KEPT_TAGS, type OutlineElement, type ScreenOutline } from './outline';

/**
 * Builds the outline back into `doc`'s body (for the readers; cli inspect --outline). Texts go in
 * as text nodes and labels as aria-label: nothing is parsed as markup.
 */
export function renderOutline(outline: Pick<ScreenOutline, 'lang' | 'root'>, doc: Document): void {
  const build = (node: OutlineElement): Element => {
    const tag = KEPT_TAGS.has(node.tag) ? node.tag : 'div';
    const el = doc.createElement(tag);
    if (node.role) el.setAttribute('role', node.role);
    for (const [state, value] of Object.entries(node.aria ?? {})) if (ARIA_STATES.includes(state)) el.setAttribute(`aria-${state}`, value);
    if (node.label) el.setAttribute('aria-label', node.label);
    if (tag === 'input') {
      el.setAttribute('type', node.type ?? 'text');
      if (node.checked) {
        el.setAttribute('checked', '');
        (el as HTMLInputElement).checked = true;
      }
    }
    if (node.disabled) el.setAttribute('disabled', '');
    if (tag === 'option' && node.checked) {
      el.setAttribute('selected', '');
      (el as HTMLOptionElement).selected = true;
    }
    for (const child of node.children ?? []) el.append(typeof child === 'string' ? doc.createTextNode(child) : build(child));
    return el;
  };
  if (outline.lang) doc.documentElement.setAttribute('lang', outline.lang);
  doc.body.replaceChildren(build(outline.root));
}
