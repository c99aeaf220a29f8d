/**
 * The screen outline for support: what a screen of Meta's dialog is made of, without what is
 * personal. When a screen reads as unknown, the overlay offers to copy it; `cli inspect --outline`
 * renders it back into a document and reads it with the same readers (lib/screens/read-screen.ts),
 * so a maintainer sees the reading the page gave and can fix the rules.
 *
 *   kept      the element tree's semantic tags (headings, buttons, lists, labels, checkboxes…), ARIA
 *             roles and states (checked, selected, pressed, disabled, expanded, busy, modal, current,
 *             multiselectable), heading levels, the page language, and the texts the rules look for
 *             (the literal parts of every rule pattern in lib/screens/rules), permission names and
 *             small counts ("2 selected")
 *   replaced  every other run of words (account, business, app and person names) by a placeholder,
 *             the same name by the same placeholder ("Name 3"), long digit runs by "0"
 *   dropped   input values, text fields (they may hold a token: lib/screens/token-dialog.ts
 *             mayHoldToken), hidden elements, scripts, styles, images, attributes other than the above
 *
 * Pure DOM reading, no zod (content scripts use it). The outline is a small JSON document; it is
 * built back into a document by ./outline-render.ts (the CLI and tests only).
 */
import { mayHoldToken } from './token-dialog';
import { declaredLang } from './page-lang';
import { PACKS } from './rules/index';

export const OUTLINE_FORMAT = 'reconnect-assistant/screen-outline';
export const OUTLINE_VERSION = 1;
/** Elements in an outline at most (a dialog screen has a few hundred that matter). */
export const OUTLINE_MAX_NODES = 3000;

export type OutlineNode = string | OutlineElement;
export interface OutlineElement {
  /** A semantic tag (KEPT_TAGS) or "div". */
  tag: string;
  role?: string;
  /** aria-* states, without the prefix: { checked: "true" }. */
  aria?: Record<string, string>;
  /** The accessible name given by aria-label / aria-labelledby, with names replaced. */
  label?: string;
  /** A native checkbox / radio / option: its checked / selected state (never a value). */
  checked?: boolean;
  /** A native control's `disabled`. */
  disabled?: boolean;
  type?: 'checkbox' | 'radio';
  children?: OutlineNode[];
}
export interface ScreenOutline {
  format: typeof OUTLINE_FORMAT;
  version: typeof OUTLINE_VERSION;
  lang: string | null;
  /** How many distinct names were replaced. */
  names: number;
  truncated: boolean;
  root: OutlineElement;
}

export const KEPT_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'button', 'a', 'ul', 'ol', 'li', 'label', 'dialog', 'input', 'select', 'option', 'table', 'tr', 'td', 'th', 'form', 'fieldset', 'legend', 'p', 'span']);
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'img', 'picture', 'video', 'audio', 'canvas', 'iframe', 'object', 'link', 'meta', 'head']);
export const ARIA_STATES = ['checked', 'selected', 'pressed', 'disabled', 'expanded', 'busy', 'modal', 'current', 'multiselectable', 'level', 'hidden'];
const SCOPE_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;

let patternCache: RegExp[] | null = null;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
/**
 * Every rule pattern as a regular expression whose literal pieces are capture groups and whose
 * placeholders ({app}, {name}…) match anything: "Review {app}'s access request" keeps "Review " and
 * "'s access request" and leaves the app's name to be replaced.
 */
function rulePatterns(): RegExp[] {
  if (patternCache) return patternCache;
  const sources = new Set<string>();
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      const pieces = value.replace(/\s+/g, ' ').trim().split(/\{[a-z]+\}/);
      if (!pieces.some((p) => /[\p{L}]{2}/u.test(p))) return;
      const body = pieces.map((p) => (p ? `(${escape(p)})` : '')).join('(?:.+?)');
      const start = /^[\p{L}\p{N}]/u.test(value.trim()) ? '(?<![\\p{L}\\p{N}])' : '';
      const end = /[\p{L}\p{N}]$/u.test(value.trim()) ? '(?![\\p{L}\\p{N}])' : '';
      sources.add(`${start}${body}${end}`);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(PACKS);
  patternCache = [...sources].map((source) => new RegExp(source, 'giud'));
  return patternCache;
}

/** Replaces names in page texts by placeholders, consistently over one outline. */
export class NameScrubber {
  private readonly names = new Map<string, string>();
  get count(): number {
    return this.names.size;
  }
  private placeholder(run: string): string {
    const key = run.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
    let name = this.names.get(key);
    if (!name) {
      name = `Name ${this.names.size + 1}`;
      this.names.set(key, name);
    }
    return name;
  }
  scrub(raw: string): string {
    // Quotes straightened as the readers do (lib/screens/text.ts normalizeText), so "Review X’s
    // access request" meets the rule's "'s access request".
    const text = raw.replace(/\s+/g, ' ').replace(/[\u2018\u2019\u201a\u201b\u2032\u02bc]/g, "'").replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"');
    const whole = text.trim();
    if (whole === '' || SCOPE_NAME.test(whole)) return text;
    const kept = new Array<boolean>(text.length).fill(false);
    for (const pattern of rulePatterns()) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
        for (const span of (m.indices ?? []).slice(1)) if (span) kept.fill(true, span[0], span[1]);
        if (m[0] === '') pattern.lastIndex++;
      }
    }
    let out = '';
    let run = '';
    const flush = () => {
      out += run.replace(WORDS, (words) => {
        if (/^\d{1,3}$/.test(words) || SCOPE_NAME.test(words)) return words;
        if (/^[\d\s.,]+$/.test(words)) return words.replace(/\d+/g, '0');
        return this.placeholder(words);
      });
      run = '';
    };
    for (let i = 0; i < text.length; i++) {
      if (kept[i]) {
        flush();
        out += text[i];
      } else run += text[i];
    }
    flush();
    return out;
  }
}

/** A run of words (letters, digits, inner ' & . - and the spaces between them): one name. */
const WORDS = /[\p{L}\p{N}](?:[\p{L}\p{N}'&._-]*[\p{L}\p{N}])?(?:\s+[\p{L}\p{N}](?:[\p{L}\p{N}'&._-]*[\p{L}\p{N}])?)*/gu;

const ELEMENT = 1;
const TEXT = 3;

function labelOf(el: Element): string | null {
  const ids = el.getAttribute('aria-labelledby');
  if (ids) {
    const doc = el.ownerDocument;
    const text = ids.split(/\s+/).map((id) => doc.getElementById(id)?.textContent ?? '').join(' ').trim();
    if (text) return text;
  }
  return el.getAttribute('aria-label');
}

export interface OutlineOptions {
  /** Is this element shown? (The page passes checkVisibility; default: everything is.) */
  isVisible?: (el: Element) => boolean;
}

/** The outline of `root` (the dialog's body). */
export function screenOutline(root: Element, options: OutlineOptions = {}): ScreenOutline {
  const scrubber = new NameScrubber();
  const isVisible = options.isVisible ?? (() => true);
  let nodes = 0;
  let truncated = false;

  const visit = (el: Element): OutlineElement | null => {
    const tag = el.localName;
    if (SKIPPED_TAGS.has(tag) || el.getAttribute('aria-hidden') === 'true' || el.hasAttribute('hidden')) return null;
    if (el.hasAttribute('data-ra-checklist') || tag.startsWith('reconnect-assistant')) return null; // our own panels
    if (!isVisible(el)) return null;
    if (++nodes > OUTLINE_MAX_NODES) {
      truncated = true;
      return null;
    }
    const isToggle = tag === 'input' && /^(checkbox|radio)$/i.test(el.getAttribute('type') ?? '');
    // A text field (or anything that may hold a token) is kept as a bare element: no value, no text.
    const opaque = !isToggle && mayHoldToken(el);
    const node: OutlineElement = { tag: KEPT_TAGS.has(tag) ? tag : 'div' };
    const role = el.getAttribute('role');
    if (role && /^[a-z]{2,30}$/.test(role)) node.role = role;
    const aria: Record<string, string> = {};
    for (const state of ARIA_STATES) {
      const value = el.getAttribute(`aria-${state}`);
      if (value !== null && /^[a-z0-9-]{1,20}$/i.test(value)) aria[state] = value;
    }
    if (Object.keys(aria).length) node.aria = aria;
    if (isToggle) {
      node.type = (el.getAttribute('type') ?? '').toLowerCase() as 'checkbox' | 'radio';
      node.checked = (el as HTMLInputElement).checked === true;
    }
    if (tag === 'option') node.checked = (el as HTMLOptionElement).selected === true;
    if (el.hasAttribute('disabled') && /^(input|button|select|fieldset|option|textarea)$/.test(tag)) node.disabled = true;
    if (opaque) return node;
    const label = labelOf(el);
    if (label) node.label = scrubber.scrub(label);
    const children: OutlineNode[] = [];
    for (let child = el.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT) {
        const text = child.nodeValue ?? '';
        if (text.trim()) children.push(scrubber.scrub(text));
      } else if (child.nodeType === ELEMENT) {
        const sub = visit(child as Element);
        if (sub) children.push(sub);
      }
    }
    // A wrapper that says nothing of its own is replaced by its only child.
    if (children.length) node.children = children;
    return node;
  };

  const collapse = (node: OutlineElement): OutlineElement => {
    const children = node.children?.map((c) => (typeof c === 'string' ? c : collapse(c)));
    const plain = node.tag === 'div' && !node.role && !node.aria && !node.label;
    if (plain && children?.length === 1 && typeof children[0] !== 'string') return children[0] as OutlineElement;
    return children ? { ...node, children } : node;
  };

  const top = visit(root) ?? { tag: 'div' };
  return { format: OUTLINE_FORMAT, version: OUTLINE_VERSION, lang: declaredLang(root), names: scrubber.count, truncated, root: collapse(top) };
}

