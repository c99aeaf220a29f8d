/**
 * Visible-text matching for the screen readers: normalisation and the tiny pattern language the rule
 * packs are written in.
 *
 * Why normalise: Meta renders the same sentence with NBSPs, curly apostrophes ("Review Acme’s access
 * request"), zero-width and bidi marks around names, and split across spans. Matching is on the
 * normalised text, case-insensitively, so a pack can quote Meta's strings (docs/meta-platform.md §2.2) as they are.
 *
 * Pattern language (rule packs are data, so no regex there): literal text with placeholders
 *   {app} {name} {business}  → a captured name (1-200 chars)
 *   {n}                      → a captured count (digits)
 *   {id}                     → a captured Meta id (5-32 digits)
 * Modes: `exact` (the whole text, trailing . : ! … optional), `prefix` (the text starts with it, then
 * ends or continues after a space/punctuation), `contains` (anywhere, on word boundaries).
 */
import { PAGE_ID_DIGITS } from '../meta/ids';

// Zero-width characters, bidi marks, embeddings, overrides and isolates (U+2066–U+2069), and the
// Arabic letter mark (U+061C): invisible, and able to reorder what an admin reads.
const ZERO_WIDTH = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201a\u201b\u2032\u02bc]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g;

/** Collapses whitespace, straightens quotes, drops invisible marks; case is kept (matching is case-insensitive). */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(ZERO_WIDTH, '')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(/\s+/g, ' ')
    .replace(/ (?=[?!.,:;)])/g, '')
    // "Review <span>Acme</span>'s access request": element boundaries become spaces, possessives rejoin.
    .replace(/ (?='s\b)/g, '')
    .replace(/(?<=[¿¡(]) /g, '')
    .trim();
}

export type MatchMode = 'exact' | 'prefix' | 'contains';

export interface TextMatch {
  /** The pack pattern that matched (for evidence). */
  pattern: string;
  /** Placeholder captures, e.g. `{ app: 'Acme Helpdesk' }`. */
  captures: Record<string, string>;
}

const PLACEHOLDER = /\{(app|name|business|n|id)\}/g;
const CAPTURE: Record<string, string> = {
  app: '(.{1,200}?)',
  name: '(.{1,200}?)',
  business: '(.{1,200}?)',
  n: '(\\d{1,6})',
  id: `(${PAGE_ID_DIGITS})`,
};
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Per mode, then per pattern: no key string is built per lookup (readers match thousands of texts per read).
const cache: Record<MatchMode, Map<string, { re: RegExp; names: string[] }>> = { exact: new Map(), prefix: new Map(), contains: new Map() };

function compile(pattern: string, mode: MatchMode): { re: RegExp; names: string[] } {
  const hit = cache[mode].get(pattern);
  if (hit) return hit;
  let body = normalizeText(pattern);
  if (mode === 'exact') body = body.replace(/[.:!…]+$/, '');
  const names: string[] = [];
  let source = '';
  let last = 0;
  for (const m of body.matchAll(PLACEHOLDER)) {
    source += escapeRegExp(body.slice(last, m.index));
    source += CAPTURE[m[1] as string];
    names.push(m[1] as string);
    last = m.index + m[0].length;
  }
  source += escapeRegExp(body.slice(last));
  const wrapped =
    mode === 'exact'
      ? `^${source}[.:!…]*$`
      : mode === 'prefix'
        ? `^${source}(?=$|[\\s.,:;!?()\\-–—·|])`
        : `(?:^|[^\\p{L}\\p{N}])${source}(?=$|[^\\p{L}\\p{N}])`;
  const compiled = { re: new RegExp(wrapped, 'iu'), names };
  cache[mode].set(pattern, compiled);
  return compiled;
}

/** First pattern (in pack order) that matches `text`, with its captures; null when none does. */
export function matchText(text: string, patterns: readonly string[], mode: MatchMode): TextMatch | null {
  return matchNormalized(normalizeText(text), patterns, mode);
}

/**
 * matchText for a text that is already `normalizeText(x)` output, so callers that match one text
 * against many pattern lists (PageView.textAnchors) normalise it once: matchNormalized(normalizeText(t))
 * is matchText(t) by definition.
 */
export function matchNormalized(normalized: string, patterns: readonly string[], mode: MatchMode): TextMatch | null {
  if (normalized === '') return null;
  for (const pattern of patterns) {
    const match = matchOne(normalized, pattern, compile(pattern, mode));
    if (match) return match;
  }
  return null;
}

/** matchNormalized with the patterns compiled once, for matching many texts against one list. */
export function matcherFor(patterns: readonly string[], mode: MatchMode): (normalized: string) => TextMatch | null {
  const compiled = patterns.map((pattern) => ({ pattern, regex: compile(pattern, mode) }));
  return (normalized) => {
    if (normalized === '') return null;
    for (const { pattern, regex } of compiled) {
      const match = matchOne(normalized, pattern, regex);
      if (match) return match;
    }
    return null;
  };
}

function matchOne(normalized: string, pattern: string, { re, names }: { re: RegExp; names: string[] }): TextMatch | null {
  const m = re.exec(normalized);
  if (!m) return null;
  const captures: Record<string, string> = {};
  names.forEach((name, i) => {
    const value = m[i + 1];
    if (value !== undefined) captures[name] = value.trim();
  });
  return { pattern, captures };
}

/** Trims page text for output: normalised and bounded, so a hostile page cannot flood a report. */
export function clip(text: string, max = 200): string {
  const normalized = normalizeText(text);
  if (normalized.length <= max) return normalized;
  let cut = normalized.slice(0, max - 1);
  // Never end on the first half of a surrogate pair: that would be a broken character.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
