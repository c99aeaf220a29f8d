/**
 * Business Settings > People (docs/meta-platform.md §6/§7: /latest/settings/business_users). Each row shows a person
 * and their "Business portfolio access": "Full control (Everything)" or "Partial access (Basic)"
 * (new names) or Admin / Employee (legacy). What the extension needs is the access level of the
 * *signed-in* person, and Graph offers no documented way to get it (docs/meta-platform.md §8), so this reader
 * reports it only when the page itself identifies that person: a "You" marker on exactly one row, or
 * the caller's `selfName` (e.g. the backend's authorizing-user name) matching exactly one row.
 */
import { declaredLang } from './page-lang';
import { innermost, PageView } from './page-view';
import { normalizeLang, packsFor } from './rules/index';
import type { RulePack } from './rules/types';
import { matchText, normalizeText } from './text';
import type { AccessLevel, PeopleReading, PersonEntry, ReadOptions } from './types';

export interface PeopleReadOptions extends ReadOptions {
  /** The signed-in person's display name, when known from elsewhere; matched exactly (case-insensitive). */
  selfName?: string;
}

export const peopleQueries = {
  /** The page title "People", as a heading (a bare word "People" elsewhere is not an anchor). */
  title: (view: PageView, pack: RulePack) => view.textAnchors(pack.people.titles, 'exact').filter((h) => h.el.closest(pack.aria.headings) !== null),
  /** The access column header ("Business portfolio access"). */
  columnHeader: (view: PageView, pack: RulePack) => view.textAnchors(pack.people.columnHeaders, 'exact'),
  /**
   * Person rows (the pack's `personRows`: row/listitem/option roles, tr/li) holding an access-level line and a name line;
   * the innermost such element, so a list wrapper or the header row never counts as a person.
   */
  rows: (view: PageView, pack: RulePack) => {
    const lineOf = lineReader(view, pack);
    const candidates = view.query(pack.aria.personRows).filter((row) => {
      const lines = view.linesOf(row);
      return lines.some((l) => lineOf(l).access !== null) && lines.some((l) => lineOf(l).access === null && !lineOf(l).self);
    });
    return innermost(candidates, (row) => row);
  },
};

interface LineKind {
  access: AccessLevel | null;
  /** The whole line is a self marker ("You"). */
  self: boolean;
}

/**
 * What one line of a row is, remembered per line text for one read (one PageView) and pack: a
 * 1,500-row list repeats a handful of access-level lines, and each line was matched against the
 * pack's patterns several times per read (row test, then row reading). Pure in (pack, line), so
 * memoising changes no reading; keyed on the view, so no page text outlives the read.
 */
const lineKinds = new WeakMap<PageView, Map<RulePack, Map<string, LineKind>>>();

function lineReader(view: PageView, pack: RulePack): (line: string) => LineKind {
  let perPack = lineKinds.get(view);
  if (!perPack) lineKinds.set(view, (perPack = new Map()));
  let memo = perPack.get(pack);
  if (!memo) perPack.set(pack, (memo = new Map()));
  const known = memo;
  return (line) => {
    let kind = known.get(line);
    if (!kind) {
      kind = { access: accessOf(line, pack), self: matchText(line, pack.people.self, 'exact') !== null };
      known.set(line, kind);
    }
    return kind;
  };
}

function accessOf(line: string, pack: RulePack): AccessLevel | null {
  if (matchText(line, pack.people.fullControl, 'exact')) return 'full-control';
  if (matchText(line, pack.people.partialAccess, 'exact')) return 'partial-access';
  return null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function readRow(view: PageView, row: Element, pack: RulePack, selfName: string | null): PersonEntry | null {
  let name: string | null = null;
  let accessLevel: AccessLevel | null = null;
  let conflicting = false;
  let marked = false;
  const lineOf = lineReader(view, pack);
  for (const line of view.linesOf(row)) {
    const kind = lineOf(line);
    if (kind.self) {
      marked = true;
      continue;
    }
    const access = kind.access;
    if (access) {
      if (accessLevel && accessLevel !== access) conflicting = true;
      accessLevel = access;
      continue;
    }
    if (name === null && !EMAIL.test(line)) {
      // "Ana Example (You)": the marker can be a suffix of the name line.
      const suffixed = pack.people.self.map((s) => ` ${normalizeText(s)}`).find((s) => line.toLowerCase().endsWith(s.toLowerCase()));
      if (suffixed) {
        marked = true;
        name = line.slice(0, line.length - suffixed.length).trim();
      } else name = line;
    }
  }
  if (name === null || name === '') return null;
  const isSelf = marked || (selfName !== null && name.toLowerCase() === selfName.toLowerCase());
  return { name: name.slice(0, 200), accessLevel: conflicting ? null : accessLevel, isSelf };
}

function readWith(view: PageView, pack: RulePack, lang: string | null, options: PeopleReadOptions): PeopleReading {
  const title = peopleQueries.title(view, pack);
  const header = peopleQueries.columnHeader(view, pack);
  const evidence: string[] = [];
  if (title.length > 0) evidence.push('people:title');
  if (header.length > 0) evidence.push('people:access-column');
  // Rows alone (text lines that look like access levels) do not make a People page; so a pack that
  // finds neither anchor (the other languages, on the all-packs fallback) never reads the rows.
  if (evidence.length === 0) return unknownPeople(lang);
  const rows = peopleQueries.rows(view, pack);
  const selfName = options.selfName ? normalizeText(options.selfName) : null;
  const people = rows.map((row) => readRow(view, row, pack, selfName)).filter((p): p is PersonEntry => p !== null);
  if (people.length > 0) evidence.push(`people:rows:${people.length}`);
  const selves = people.filter((p) => p.isSelf);
  if (selves.length > 1) evidence.push('people:ambiguous-self');
  if (selves.length === 0) evidence.push('people:self-not-identified');
  const self = selves.length === 1 ? { name: (selves[0] as PersonEntry).name, accessLevel: (selves[0] as PersonEntry).accessLevel } : null;
  const confidence = evidence.includes('people:title') && evidence.includes('people:access-column') && people.length > 0 ? 'high' : 'low';
  return { kind: 'people', locale: pack.locale, lang, confidence, evidence, people, self };
}

const unknownPeople = (lang: string | null, evidence: string[] = []): PeopleReading => ({
  kind: 'unknown',
  locale: null,
  lang,
  confidence: 'none',
  evidence,
  people: [],
  self: null,
});

export function readPeoplePage(root: ParentNode, options: PeopleReadOptions = {}): PeopleReading {
  let lang: string | null = null;
  try {
    lang = normalizeLang(options.lang ?? declaredLang(root));
    let best: PeopleReading | null = null;
    // The walk depends only on the root, the ARIA rules and the visibility test, and the packs share
    // their ARIA rules: one PageView (and its text caches) serves every pack tried.
    const views = new Map<RulePack['aria'], PageView>();
    for (const pack of packsFor(lang).packs) {
      let view = views.get(pack.aria);
      if (!view) views.set(pack.aria, (view = new PageView(root, pack.aria, options)));
      const reading = readWith(view, pack, lang, options);
      if (reading.kind !== 'unknown' && (best === null || best.kind === 'unknown' || reading.evidence.length > best.evidence.length)) best = reading;
    }
    return best ?? unknownPeople(lang);
  } catch (error) {
    return unknownPeople(lang, [`reader-error:${error instanceof Error ? error.name : 'unknown'}`]);
  }
}
