/**
 * From the screen readers (lib/screens) to what the content scripts report (lib/messaging.ts).
 *
 * Two jobs:
 *  1. A cheap *text gate* before each full read. A full read walks the whole root (lib/screens
 *     PageView): ~100 ms on a 20,000-element Business Suite region, too much to repeat while a heavy
 *     app keeps mutating. Every identifying anchor of the readers is a rule-pack text that must appear
 *     in the root's text, so if not one pack word of those anchors occurs in `root.textContent`
 *     (~0.2 ms for the same region: one native string, no layout), the full reader could only answer
 *     "unknown" and is skipped. The gate only ever skips reads that would find nothing; it never
 *     decides a reading. (Blind spots, stated: a page that hides letters inside words with invisible
 *     spans would fail the gate while the readers, which skip hidden nodes, could match; and on a page
 *     with no pack word at all, a role=alert in wording no pack knows is not reported.)
 *  2. Clip page text and cap lists to the message schema's bounds here, in the page, so a hostile or
 *     huge page cannot make a reading fail validation (and be lost) on the other side.
 * No zod: this runs in content scripts.
 */
import type { ScreenReadingReport } from '../messaging';
import { PEOPLE_EVIDENCE_MAX, SCREEN_REPORT_LIMITS as L, type PeopleAccess } from '../protocol/shapes';
import { readPeoplePage } from '../screens/people-page';
import { emptyReading, readScreen } from '../screens/read-screen';
import { normalizeLang, PACKS, type RulePack } from '../screens/rules/index';
import { clip } from '../screens/text';
import { metaIdOrNull } from '../meta/ids';

export interface PeopleRead {
  access: PeopleAccess;
  /** The page was recognised as People and its rows were read: only new rows or the user can change it. */
  complete: boolean;
  /** Nothing on the page is a People list (no title, no access column). */
  absent: boolean;
}

/**
 * A small set of lower-case words such that every pattern contains at least one of them (greedy set
 * cover over each pattern's plain ASCII words of 4+ letters, placeholders removed): "whatsapp" alone
 * covers most of the WABA and permission texts, so the gate searches ~15 words, not ~80.
 * A pattern without such a word cannot be gated: `null` makes the gate always pass.
 */
export function gateWords(patterns: readonly string[]): string[] | null {
  const wordSets: Set<string>[] = [];
  for (const pattern of patterns) {
    const words = pattern
      .replace(/\{[a-z]+\}/g, ' ')
      .split(/[^A-Za-z]+/)
      .filter((w) => w.length >= 4)
      .map((w) => w.toLowerCase());
    if (words.length === 0) return null;
    wordSets.push(new Set(words));
  }
  const chosen: string[] = [];
  let open = wordSets;
  while (open.length > 0) {
    const counts = new Map<string, number>();
    for (const set of open) for (const word of set) counts.set(word, (counts.get(word) ?? 0) + 1);
    // Most patterns covered first; on a tie the longer (rarer) word.
    const best = [...counts].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))[0]?.[0] as string;
    chosen.push(best);
    open = open.filter((set) => !set.has(best));
  }
  return chosen;
}

const packWords = (select: (pack: RulePack) => readonly string[]): string[] | null => gateWords(PACKS.flatMap((pack) => select(pack)));

let peopleWords: string[] | null | undefined;
let screenWords: string[] | null | undefined;

/** readPeoplePage needs the page title or the access column header (lib/screens/people-page.ts). */
function mayBePeoplePage(root: Element): boolean {
  peopleWords ??= packWords((p) => [...p.people.titles, ...p.people.columnHeaders]);
  return passes(root, peopleWords);
}

/** readScreen's identifying anchors: every step's titles and labels, and the alert texts (lib/screens/read-screen.ts). */
function mayBeDialogScreen(root: Element): boolean {
  screenWords ??= packWords((p) => [
    ...p.reconnect.titles,
    ...p.reconnect.body,
    ...p.businessSelection.titles,
    ...p.businessSelection.fieldLabels,
    ...p.wabaSelection.titles,
    ...p.wabaSelection.modeAll,
    ...p.wabaSelection.modeSelected,
    ...p.permissionsReview.titles,
    ...p.permissionsReview.scopes.flatMap((s) => s.labels),
    ...p.success.texts,
    ...p.alerts.flatMap((a) => a.texts),
  ]);
  return passes(root, screenWords);
}

/** Elements whose text content is not page text (inline scripts carry large JSON on Meta's pages). */
const NOT_PAGE_TEXT = ['script', 'style', 'noscript'] as const;

/**
 * The root's textContent, leaving out its own script/style children: on a <body> root those are
 * where Meta's inline JSON lives (megabytes), and they are never page text.
 */
function pageTextOf(root: Element): string {
  let text = '';
  for (let child = root.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1 && (NOT_PAGE_TEXT as readonly string[]).includes((child as Element).localName)) continue;
    text += child.textContent ?? '';
  }
  return text;
}

/** One pass over `text`: how often each word occurs (words are plain lower-case ASCII, no regex syntax). */
function countWords(text: string, pattern: RegExp): Map<string, number> {
  const counts = new Map<string, number>();
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return counts;
}

const patterns = new WeakMap<string[], RegExp>();

/**
 * Does any word occur in the root's page text? The root's text (native textContent, no layout)
 * searched in one pass; a word counts only if it occurs more often there than in the scripts and
 * styles inside it. (<template> contents are not in textContent at all.)
 */
function passes(root: Element, words: string[] | null): boolean {
  if (words === null) return true;
  let pattern = patterns.get(words);
  if (!pattern) {
    // Longest first, so a word that contains another is counted as itself.
    pattern = new RegExp([...words].sort((a, b) => b.length - a.length).join('|'), 'g');
    patterns.set(words, pattern);
  }
  const counts = countWords(pageTextOf(root).toLowerCase(), pattern);
  if (counts.size === 0) return false;
  // Scripts and styles deeper down are still in that text: a word must occur more often than in them.
  const hidden: string[] = [];
  for (const tag of NOT_PAGE_TEXT) {
    for (const el of Array.from(root.getElementsByTagName(tag))) if (el.parentNode !== root) hidden.push(el.textContent ?? '');
  }
  if (hidden.length === 0) return true;
  const inHidden = countWords(hidden.join('\n').toLowerCase(), pattern);
  for (const [word, count] of counts) if (count > (inHidden.get(word) ?? 0)) return true;
  return false;
}

/**
 * The signed-in person's access level on the People page. `evidence` is the name of the row the page
 * marks as theirs ("You"), so the panel can say whose row it read.
 */
export function readPeopleAccess(root: Element): PeopleRead {
  if (!mayBePeoplePage(root)) return { access: { access: 'unknown', evidence: null }, complete: false, absent: true };
  const reading = readPeoplePage(root);
  const level = reading.self?.accessLevel ?? null;
  return {
    access: {
      access: level === 'full-control' ? 'full-control' : level === 'partial-access' ? 'partial' : 'unknown',
      evidence: reading.self ? clip(reading.self.name, PEOPLE_EVIDENCE_MAX) : null,
    },
    complete: reading.kind === 'people' && reading.people.length > 0,
    absent: reading.kind !== 'people',
  };
}

/** Above this many elements, the per-element style check costs more than it is worth. */
const VISIBILITY_CHECK_MAX_ELEMENTS = 5000;

/**
 * The dialog screen as a report. On a dialog-sized page, `checkVisibility` drops stylesheet-hidden
 * steps (Meta keeps finished steps in the DOM); on a big page it is skipped (attributes and inline
 * styles still count, lib/screens/page-view.ts).
 */
export function readScreenReport(root: Element): ScreenReadingReport {
  if (!mayBeDialogScreen(root)) return unknownScreen(root, ['gate:no-anchor-text']);
  const small = root.getElementsByTagName('*').length <= VISIBILITY_CHECK_MAX_ELEMENTS;
  const reading = readScreen(root, small ? { isVisible: (el) => (typeof el.checkVisibility === 'function' ? el.checkVisibility() : true) } : {});
  return {
    kind: reading.kind,
    locale: reading.locale,
    lang: reading.lang === null ? null : reading.lang.slice(0, L.lang),
    confidence: reading.confidence,
    evidence: reading.evidence.slice(0, L.evidence).map((e) => e.slice(0, L.evidenceText)),
    appName: reading.appName === null ? null : clip(reading.appName, L.name),
    editPreviousSettings: reading.editPreviousSettings,
    businesses: reading.businesses.slice(0, L.businesses).map((b) => ({ name: clip(b.name, L.name), selected: b.selected, id: metaIdOrNull(b.id), disabled: b.disabled })),
    wabaMode: reading.wabaMode,
    wabas: reading.wabas.slice(0, L.wabas).map((w) => ({ name: clip(w.name, L.name), selected: w.selected, id: metaIdOrNull(w.id), disabled: w.disabled })),
    selectedCount: reading.selectedCount !== null && reading.selectedCount <= L.selectedCount ? reading.selectedCount : null,
    permissions: reading.permissions.slice(0, L.permissions).map((p) => ({ scope: p.scope, granted: p.granted })),
    alerts: reading.alerts.slice(0, L.alerts).map((a) => ({ kind: a.kind, rule: a.rule.slice(0, L.alertRule), text: clip(a.text, L.alertText), blocking: a.blocking })),
    busy: reading.busy,
  };
}

function unknownScreen(root: Element, evidence: string[]): ScreenReadingReport {
  const lang = normalizeLang(root.ownerDocument?.documentElement?.getAttribute('lang'));
  return emptyReading(lang === null ? null : lang.slice(0, L.lang), evidence);
}
