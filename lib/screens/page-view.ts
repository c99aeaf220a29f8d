/**
 * A read-only view of a third-party DOM subtree, built once per read, that the screen readers query.
 *
 *   scope ──walk (iterative, hidden subtrees skipped, bounded)──▶ elements in document order
 *     ├─ textOf(el)       visible text, element boundaries become spaces (Meta splits sentences in spans)
 *     ├─ linesOf(el)      the same text as lines, one per element run, for "first line is the name"
 *     ├─ nameOf(control)  accessible name: aria-labelledby → aria-label → <label for> → wrapping <label> → title → own text
 *     ├─ stateOf(control) true / false / null from checked, aria-checked, aria-selected (null = control does not say)
 *     ├─ textAnchors()    innermost elements whose whole text matches a pack pattern
 *     └─ itemOf(control)  the control's own item (row) without a role: the highest ancestor holding no other toggle
 *
 * Everything here trusts only roles, ARIA states/properties, form semantics and text: never class
 * names (Meta's are generated: `x1n2onr6 x9f619`) and never positions. No zod, no globals beyond the
 * DOM: content scripts import this.
 *
 * Visibility: the `hidden` attribute, `aria-hidden="true"`, `<input type=hidden>`, `inert` and inline
 * `display:none`/`visibility:hidden` are honoured here. Stylesheet-hidden nodes cannot be seen by a
 * pure function; a caller in a live page can pass `isVisible` (e.g. `el => el.checkVisibility()`).
 */
import { matcherFor, normalizeText, type MatchMode, type TextMatch } from './text';
import type { AriaRules } from './rules/types';

/** Hard bounds so hostile pages (huge, deep, long texts) cannot make a read slow or throw. */
export const LIMITS = { elements: 60_000, textChars: 600, textNodes: 4_000 } as const;

const SKIP_TAGS = new Set(['script', 'style', 'template', 'noscript', 'svg', 'math', 'head', 'iframe', 'object']);
/**
 * Phrasing elements that never start a new piece of text. Every other element (span included) is a
 * boundary: Meta sets `display:block` on spans through generated classes we cannot see, so "Example
 * Support" and "ID: 1000…" in sibling spans are two lines, not "Example SupportID: 1000…".
 */
const INLINE_TAGS = new Set(['b', 'i', 'strong', 'em', 'small', 'mark', 'bdi', 'bdo', 'abbr', 'sub', 'sup', 'u', 's', 'code', 'kbd', 'q', 'cite', 'time', 'data', 'wbr', 'font']);
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

export interface ViewOptions {
  /** Extra visibility test for live pages (stylesheet-hidden nodes); pure reads leave it out. */
  isVisible?: (el: Element) => boolean;
}

export type ToggleState = boolean | null;
export type NameSource = 'labelledby' | 'aria-label' | 'label-for' | 'wrapping-label' | 'title' | 'content' | 'none';

export class PageView {
  /** Visible elements under the scope, in document order (the scope itself excluded). */
  readonly elements: Element[] = [];
  /** True when the walk hit LIMITS.elements: the reading is then at best partial. */
  readonly truncated: boolean = false;
  private readonly textCache = new Map<Element, string | null>();
  /** linesOf results per element (visible-only and hidden-included), so a row read twice is walked once. */
  private readonly linesCache = new Map<Element, string[]>();
  private readonly linesHiddenCache = new Map<Element, string[]>();
  /**
   * The raw visible lines of an element and its text length, up to linesOf's bound (LIMITS.textChars
   * × 4; null lines past it or LIMITS.textNodes): textOf (the smaller bound) and linesOf both answer
   * from it. Filled for every element of the walk at once (collectAllRaw).
   */
  private readonly rawLines = new Map<Element, Raw>();
  private readonly labelsFor = new Map<string, Element[]>();
  private readonly visible = new Set<Element>();

  constructor(
    readonly scope: ParentNode,
    readonly aria: AriaRules,
    private readonly options: ViewOptions = {},
  ) {
    // Iterative depth-first walk (hostile pages nest thousands deep; recursion would overflow).
    const stack: Element[] = [];
    pushChildren(stack, scope);
    while (stack.length > 0) {
      const el = stack.pop() as Element;
      if (this.isHiddenSelf(el)) continue;
      if (this.elements.length >= LIMITS.elements) {
        this.truncated = true;
        break;
      }
      this.elements.push(el);
      this.visible.add(el);
      if (el.localName === 'label') {
        const target = el.getAttribute('for');
        if (target) this.labelsFor.set(target, [...(this.labelsFor.get(target) ?? []), el]);
      }
      pushChildren(stack, el);
    }
  }

  private isHiddenSelf(el: Element): boolean {
    if (SKIP_TAGS.has(el.localName)) return true;
    if (el.hasAttribute('hidden') || el.hasAttribute('inert')) return true;
    if ((el.getAttribute('aria-hidden') ?? '').trim().toLowerCase() === 'true') return true;
    if (el.localName === 'input' && (el.getAttribute('type') ?? '').toLowerCase() === 'hidden') return true;
    const style = el.getAttribute('style');
    if (style && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return true;
    if (this.options.isVisible && !safe(() => this.options.isVisible?.(el) ?? true, true)) return true;
    return false;
  }

  /** Whether the scope itself, or an ancestor of it, matches (e.g. aria-busy on the dialog). */
  scopeWithin(selector: string): boolean {
    const node = this.scope as unknown as Node;
    if (node.nodeType !== ELEMENT_NODE) return false;
    return safe(() => (this.scope as Element).closest(selector) !== null, false);
  }

  isShown(el: Element): boolean {
    return this.visible.has(el);
  }

  private visibleByPath(el: Element): boolean {
    for (let current: Element | null = el; current && (current as unknown) !== this.scope; current = current.parentElement) {
      if (this.isHiddenSelf(current)) return false;
    }
    return true;
  }

  /** Visible elements matching a selector from the ARIA rules (never a class or position selector). */
  query(selector: string): Element[] {
    const cached = this.queryCache.get(selector);
    if (cached) return cached;
    let found: Element[];
    try {
      // Past the walk's bound, visibility is checked along the ancestor path instead (still bounded by depth).
      found = Array.from(this.scope.querySelectorAll(selector)).filter((el) => this.visible.has(el) || (this.truncated && this.visibleByPath(el)));
    } catch {
      found = [];
    }
    this.queryCache.set(selector, found);
    return found;
  }
  private readonly queryCache = new Map<string, Element[]>();

  /** Visible text of `el`, blocks separated by spaces, normalised; null when longer than LIMITS.textChars. */
  textOf(el: Element): string | null {
    const cached = this.textCache.get(el);
    if (cached !== undefined) return cached;
    this.collectAllRaw();
    const raw = this.rawLines.get(el) ?? this.collectRaw(el);
    const text = raw.lines === null || raw.chars > LIMITS.textChars ? null : normalizeText(raw.lines.join(' '));
    this.textCache.set(el, text);
    return text;
  }

  /** Visible text of `el` as lines (one per block or leaf run), normalised, empty lines dropped. */
  linesOf(el: Element, includeHidden = false): string[] {
    const cache = includeHidden ? this.linesHiddenCache : this.linesCache;
    let lines = cache.get(el);
    if (!lines) {
      const max = LIMITS.textChars * 4;
      let raw: string[] | null;
      if (includeHidden) raw = this.collectLines(el, max)?.lines ?? null;
      else {
        this.collectAllRaw();
        raw = (this.rawLines.get(el) ?? this.collectRaw(el)).lines;
      }
      lines = (raw ?? []).map(normalizeText).filter((l) => l !== '');
      cache.set(el, lines);
    }
    // A copy: the cached lines stay what the page showed whatever a caller does with its array.
    return lines.slice();
  }

  /**
   * The raw lines of every element of the view in one pass, children before parents, each built
   * from its children's results instead of a walk of its own subtree (what a walk of the element
   * would give; textOf and linesOf read it).
   */
  private collectAllRaw(): void {
    if (this.allRaw) return;
    this.allRaw = true;
    // Reverse document order: every element of the walk after its children.
    for (let i = this.elements.length; i--; ) this.collectRaw(this.elements[i] as Element);
  }
  private allRaw = false;

  /**
   * One element's raw lines from its children's (an element outside the walk, the scope say, is
   * built the same way). `parts` are the pieces between block boundaries, the first and last joining
   * the text beside the element (interior empty pieces dropped: they end up as no line anyway);
   * past linesOf's bound (LIMITS.textChars × 4 or LIMITS.textNodes), only the counts.
   */
  private collectRaw(el: Element): Raw {
    let parts: string[] | null = [''];
    let chars = 0;
    let nodes = 1;
    const add = (more: readonly string[]) => {
      if (!parts) return;
      parts[parts.length - 1] += more[0] as string;
      for (let k = 1; k < more.length; k++) {
        if (parts.length > 1 && parts[parts.length - 1] === '') parts[parts.length - 1] = more[k] as string;
        else parts.push(more[k] as string);
      }
    };
    const block = !INLINE_TAGS.has(el.localName);
    if (block) add(BREAK);
    for (let child = el.firstChild; child; child = child.nextSibling) {
      nodes++;
      if (child.nodeType === TEXT_NODE) {
        const data = child.nodeValue ?? '';
        chars += data.length;
        add([data]);
      } else if (child.nodeType === ELEMENT_NODE && this.visible.has(child as Element)) {
        // A child of the walk comes after its parent in document order: it is done already.
        const sub = this.rawLines.get(child as Element) ?? this.collectRaw(child as Element);
        chars += sub.chars;
        nodes += sub.nodes - 1;
        if (sub.parts) add(sub.parts);
        else parts = null;
      }
      if (chars > LIMITS.textChars * 4 || nodes > LIMITS.textNodes) parts = null;
    }
    if (block) add(BREAK);
    const raw = { parts, lines: parts && parts.filter((p) => p !== ''), chars, nodes };
    this.rawLines.set(el, raw);
    return raw;
  }

  /** The text under `root`, hidden nodes included, as raw lines and its length in chars; null past `maxChars` or LIMITS.textNodes. */
  private collectLines(root: Element, maxChars: number): { lines: string[]; chars: number } | null {
    const lines: string[] = [''];
    let chars = 0;
    let nodes = 0;
    // Iterative walk; a marker entry closes a block so the text after it starts a new line.
    const stack: (Node | 'break')[] = [root];
    while (stack.length > 0) {
      const node = stack.pop() as Node | 'break';
      if (node === 'break') {
        if (lines[lines.length - 1] !== '') lines.push('');
        continue;
      }
      if (++nodes > LIMITS.textNodes) return null;
      if (node.nodeType === TEXT_NODE) {
        const data = node.nodeValue ?? '';
        chars += data.length;
        if (chars > maxChars) return null;
        lines[lines.length - 1] += data;
        continue;
      }
      if (node.nodeType !== ELEMENT_NODE) continue;
      const el = node as Element;
      const tag = el.localName;
      if (el !== root && SKIP_TAGS.has(tag)) continue;
      const block = !INLINE_TAGS.has(tag);
      if (block) stack.push('break');
      // Last child first, so the stack pops them in document order (sibling links: no NodeList per element).
      for (let child = el.lastChild; child; child = child.previousSibling) stack.push(child);
      if (block) stack.push('break');
    }
    return { lines, chars };
  }

  /**
   * Innermost visible elements whose whole text (exact/prefix) or text (contains) matches one of the
   * patterns. Candidates are the elements that own text and a few of their ancestors, because Meta
   * splits one sentence over several spans.
   */
  textAnchors(patterns: readonly string[], mode: MatchMode): { el: Element; match: TextMatch }[] {
    if (patterns.length === 0) return [];
    const hits: { el: Element; match: TextMatch }[] = [];
    const match = matcherFor(patterns, mode);
    const candidates = this.textCandidates();
    const texts = this.candidateTexts(candidates);
    for (let i = 0; i < candidates.length; i++) {
      const text = texts[i];
      if (text === null || text === undefined || text === '') continue;
      const found = match(text);
      if (found) hits.push({ el: candidates[i] as Element, match: found });
    }
    // Keep the innermost: drop a hit that contains another hit.
    return innermost(hits, (hit) => hit.el);
  }

  /** The candidates' texts as matchText compares them, index-aligned: computed once per view. */
  private matchable: (string | null)[] | null = null;
  private candidateTexts(candidates: readonly Element[]): (string | null)[] {
    // normalizeText(textOf(el)), what matchText would compare. normalizeText is the identity on its
    // own printable-ASCII output, so the second pass runs only on text where it could still change something.
    this.matchable ??= candidates.map((el) => {
      const text = this.textOf(el);
      return text === null ? null : PRINTABLE_ASCII.test(text) ? text : normalizeText(text);
    });
    return this.matchable;
  }

  private candidates: Element[] | null = null;
  private textCandidates(): Element[] {
    if (this.candidates) return this.candidates;
    const set = new Set<Element>();
    for (const el of this.elements) {
      let ownsText = false;
      for (let child = el.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === TEXT_NODE && (child.nodeValue ?? '').trim() !== '') {
          ownsText = true;
          break;
        }
      }
      if (!ownsText) continue;
      let current: Element | null = el;
      for (let depth = 0; current && depth < 5; depth++) {
        if (!this.visible.has(current)) break;
        set.add(current);
        current = current.parentElement;
      }
    }
    // Controls named only by aria-label own no text but are anchors too (e.g. a labelled checkbox).
    this.candidates = this.elements.filter((el) => set.has(el));
    return this.candidates;
  }

  /**
   * Accessible name, following the order of the W3C accname algorithm for the cases Meta uses:
   * aria-labelledby, aria-label, <label for>, a wrapping <label>, title, then the element's own text.
   */
  nameOf(el: Element): string {
    return this.labelOf(el).name;
  }

  /** The accessible name and where it came from (`content`/`wrapping-label` names are structure-derived). */
  labelOf(el: Element): { name: string; source: NameSource } {
    const labelledBy = (el.getAttribute('aria-labelledby') ?? '').trim();
    if (labelledBy) {
      const root = el.getRootNode() as Partial<Pick<Document, 'getElementById'>>;
      const parts = labelledBy
        .split(/\s+/)
        .slice(0, 8)
        .map((id) => (typeof root.getElementById === 'function' ? safe(() => root.getElementById?.(id) ?? null, null) : null))
        .filter((target): target is HTMLElement => target !== null && target !== el)
        .map((target) => this.linesOf(target, true).join(' '));
      const name = normalizeText(parts.join(' '));
      if (name) return { name: name.slice(0, LIMITS.textChars), source: 'labelledby' };
    }
    const ariaLabel = normalizeText(el.getAttribute('aria-label') ?? '');
    if (ariaLabel) return { name: ariaLabel.slice(0, LIMITS.textChars), source: 'aria-label' };
    const id = el.getAttribute('id');
    if (id) {
      const labels = this.labelsFor.get(id);
      if (labels) {
        const name = normalizeText(labels.map((l) => this.linesOf(l).join(' ')).join(' '));
        if (name) return { name: name.slice(0, LIMITS.textChars), source: 'label-for' };
      }
    }
    const wrapping = el.parentElement?.closest('label');
    if (wrapping && this.visible.has(wrapping)) {
      const name = normalizeText(this.linesOf(wrapping).join(' '));
      if (name) return { name: name.slice(0, LIMITS.textChars), source: 'wrapping-label' };
    }
    const title = normalizeText(el.getAttribute('title') ?? '');
    if (title) return { name: title.slice(0, LIMITS.textChars), source: 'title' };
    const own = this.textOf(el) ?? '';
    return own ? { name: own, source: 'content' } : { name: '', source: 'none' };
  }

  /** Elements of one of the toggle families, deduplicated so a native input inside a role=checkbox counts once. */
  toggles(selector: string): Element[] {
    const found = this.query(selector);
    // Keep the outermost: one walk up from each element (depth, not list size), not a contains() per pair.
    const members = new Set<Node>(found);
    return found.filter((el) => {
      for (let up = el.parentNode; up; up = up.parentNode) if (members.has(up)) return false;
      return true;
    });
  }

  /**
   * What the control itself says about being on: the `checked` property of a native checkbox/radio,
   * else aria-checked, else aria-selected. `mixed`, a missing state or two disagreeing nested controls
   * give null: never inferred from nearby text.
   */
  stateOf(control: Element): ToggleState {
    const own = ownState(control);
    // A role=checkbox wrapper may hold the real native input (or the reverse): both must agree.
    // The visible toggles under the control, found from the control down (its subtree), not by a
    // scan of every toggle on the page.
    let state = own;
    // What query() would keep of them: shown, by the walk or (past its bound) by the ancestor path.
    const nested = safe(() => Array.from(control.querySelectorAll(this.aria.toggleControls)), []).filter((el) => this.visible.has(el) || (this.truncated && this.visibleByPath(el)));
    for (const inner of nested) {
      const innerState = ownState(inner);
      if (innerState === null) continue;
      if (state === null) state = innerState;
      else if (state !== innerState) return null;
    }
    return state;
  }

  /** aria-disabled/disabled on the control, or an aria-disabled item it sits in (Meta greys whole rows). */
  isDisabled(control: Element, item: Element | null): boolean {
    for (let el: Element | null = control; el; el = el.parentElement) {
      if ((el.getAttribute('aria-disabled') ?? '').toLowerCase() === 'true') return true;
      if (el.hasAttribute('disabled') && /^(input|button|select|fieldset|option|textarea)$/.test(el.localName)) return true;
      if (el === item || el === this.scope) break;
    }
    return false;
  }

  /**
   * The item a control belongs to: its nearest row-like ancestor by role (row, listitem, option) or
   * <label>/<li>/<tr>; without one, the highest ancestor that holds no other toggle and no heading
   * (structure built on roles, not positions). An item holds at most one `stopAt` element (e.g. one
   * permission label), so two permissions never share an item.
   */
  itemOf(control: Element, others: readonly Element[], stopAt: readonly Element[] = []): Element {
    // `el` is always an ancestor of the control here, so it holds another member exactly when it
    // holds more members than the control's own subtree does (counted once per family, per view).
    const counts = this.familyCounts(others);
    const own = counts.get(control) ?? 0;
    const holdsOther = (el: Element) => (counts.get(el) ?? 0) > own;
    // Headings and stop elements are a handful per screen: checked directly.
    const holdsTwoStops = (el: Element) => stopAt.filter((s) => el.contains(s)).length > 1;
    // The outermost row-like ancestor that is still this control's alone (a row, not its cell).
    let rowLike: Element | null = null;
    let next: Element | null = control.parentElement?.closest(this.aria.items) ?? null;
    while (next && next !== this.scope && this.isInScope(next) && !holdsOther(next)) {
      const candidate: Element = next;
      if (holdsTwoStops(candidate)) break;
      rowLike = candidate;
      next = candidate.parentElement?.closest(this.aria.items) ?? null;
    }
    if (rowLike && this.linesOf(rowLike).length > 0) return rowLike;
    let item: Element = control;
    for (let parent = control.parentElement; parent && this.isInScope(parent) && parent !== this.scope; parent = parent.parentElement) {
      if (holdsOther(parent)) break;
      if (holdsTwoStops(parent)) break;
      if (this.query(this.aria.headings).some((h) => parent.contains(h) && !control.contains(h))) break;
      if (this.textOf(parent) === null) break;
      item = parent;
    }
    return item;
  }

  /**
   * For a family of elements: how many of its members each node contains (inclusive, as
   * Node.contains is), for the nodes that contain at least one. One walk up from each member.
   */
  private familyCounts(family: readonly Element[]): Map<Node, number> {
    // Per family list (the readers never change a list they pass).
    let counts = this.familyCache.get(family);
    if (counts) return counts;
    counts = new Map<Node, number>();
    for (const member of family) {
      for (let up: Node | null = member; up; up = up.parentNode) counts.set(up, (counts.get(up) ?? 0) + 1);
    }
    this.familyCache.set(family, counts);
    return counts;
  }
  private readonly familyCache = new WeakMap<readonly Element[], Map<Node, number>>();

  private isInScope(el: Element): boolean {
    return this.visible.has(el);
  }
}

/**
 * The items whose element contains no other item's element (what `items.filter(a => !items.some(b =>
 * b !== a && a.el.contains(b.el)))` keeps), in one walk up from each element instead of a contains()
 * per pair: a 1,500-row list was 2 million contains() calls. An element listed twice contains itself
 * as the other item, so, as with the pairwise filter, both copies are dropped.
 */
export function innermost<T>(items: readonly T[], elOf: (item: T) => Node): T[] {
  if (items.length < 2) return items.slice();
  const members = new Set<Node>();
  const outer = new Set<Node>();
  for (const item of items) {
    const el = elOf(item);
    if (members.has(el)) outer.add(el);
    members.add(el);
  }
  // Each ancestor is visited once: above a node already walked, every member was already marked.
  const walked = new Set<Node>();
  for (const el of members) {
    for (let up = el.parentNode; up && !walked.has(up); up = up.parentNode) {
      walked.add(up);
      if (members.has(up)) outer.add(up);
    }
  }
  return items.filter((item) => !outer.has(elOf(item)));
}

/** An element's raw text (PageView.collectRaw). */
interface Raw {
  parts: string[] | null;
  lines: string[] | null;
  chars: number;
  nodes: number;
}
/** A block boundary: the text after it starts a new line. */
const BREAK = ['', ''] as const;

function pushChildren(stack: Element[], node: ParentNode): void {
  // Last child first, so the stack pops them in document order (sibling links: no live collection indexed).
  for (let child = node.lastElementChild; child; child = child.previousElementSibling) stack.push(child);
}

function ownState(el: Element): ToggleState {
  const tag = el.localName;
  if (tag === 'input') {
    const type = (el.getAttribute('type') ?? '').toLowerCase();
    if (type === 'checkbox' || type === 'radio') {
      const input = el as HTMLInputElement;
      if (input.indeterminate) return null;
      return typeof input.checked === 'boolean' ? input.checked : el.hasAttribute('checked');
    }
  }
  if (tag === 'option') return (el as HTMLOptionElement).selected === true;
  const checked = (el.getAttribute('aria-checked') ?? '').trim().toLowerCase();
  if (checked === 'true') return true;
  if (checked === 'false') return false;
  if (checked === 'mixed') return null;
  const pressed = (el.getAttribute('aria-pressed') ?? '').trim().toLowerCase();
  if (pressed === 'true') return true;
  if (pressed === 'false') return false;
  const selected = (el.getAttribute('aria-selected') ?? '').trim().toLowerCase();
  if (selected === 'true') return true;
  if (selected === 'false') return false;
  return null;
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

