/**
 * Business Settings > Accounts > WhatsApp accounts (docs/meta-platform.md §7: /settings/whatsapp-business-accounts,
 * /latest/settings/whatsapp_account). The open WABA's details show its name as a heading and its id
 * as an "ID: …" line; the list may print ids too. This reader reports the open WABA's name and id,
 * so the in-page panel can show the product's status for exactly that WABA.
 *
 * The id is only ever read from the page; `wabaId` (from the URL, lib/meta/pages.ts) is used to pick
 * which details block is the open one and as a second anchor when the page prints the same id.
 */
import { declaredLang } from './page-lang';
import { PageView } from './page-view';
import { normalizeLang, packsFor } from './rules/index';
import type { RulePack } from './rules/types';
import { matchText } from './text';
import type { ReadOptions, WabaAccountEntry, WabaPageReading } from './types';

export interface WabaPageReadOptions extends ReadOptions {
  /** The WABA id from the URL (classifyPage().wabaId), to pick the open WABA's details. */
  wabaId?: string | null;
}

/** Navigation (the settings side menu has a "WhatsApp accounts" entry marked aria-current) is not content. */
const inNavigation = (el: Element, pack: RulePack) => el.closest(pack.aria.navigation) !== null;

export const wabaPageQueries = {
  /** The page title "WhatsApp accounts" as a heading outside the navigation menu. */
  title: (view: PageView, pack: RulePack) =>
    view.textAnchors(pack.wabaPage.titles, 'exact').filter((h) => h.el.closest(pack.aria.headings) !== null && !inNavigation(h.el, pack)),
  /** Lines printing an asset id ("ID: 1234…"), outside navigation. */
  idLines: (view: PageView, pack: RulePack) => view.textAnchors(pack.idLabels, 'exact').filter((h) => !inNavigation(h.el, pack)),
  /** List rows (the pack's `accountRows`) that print an id: the WABA list, innermost rows only. */
  accountRows: (view: PageView, pack: RulePack) => {
    const rows = view
      .query(pack.aria.accountRows)
      .filter((row) => !inNavigation(row, pack) && view.linesOf(row).some((l) => matchText(l, pack.idLabels, 'exact')));
    return rows.filter((row) => !rows.some((other) => other !== row && row.contains(other)));
  },
};

function readWith(root: ParentNode, pack: RulePack, lang: string | null, options: WabaPageReadOptions): WabaPageReading {
  const view = new PageView(root, pack.aria, options);
  const title = wabaPageQueries.title(view, pack);
  const titleEls = title.map((t) => t.el.closest(pack.aria.headings) ?? t.el);
  const rows = wabaPageQueries.accountRows(view, pack);
  const evidence: string[] = [];
  if (title.length > 0) evidence.push('waba-page:title');

  const accounts: WabaAccountEntry[] = rows.map((row) => {
    const lines = view.linesOf(row);
    const idLine = lines.map((l) => matchText(l, pack.idLabels, 'exact')).find((m) => m !== null);
    const name = lines.find((l) => !matchText(l, pack.idLabels, 'exact')) ?? '';
    return { name: name.slice(0, 200), id: idLine?.captures.id ?? null, selected: view.stateOf(row) };
  });

  // Details blocks: an id line outside the list, and the one heading of its nearest section.
  const headings = view.query(pack.aria.headings).filter((h) => !titleEls.includes(h) && !rows.some((r) => r.contains(h)) && !inNavigation(h, pack));
  const details: { name: string; id: string }[] = [];
  for (const hit of wabaPageQueries.idLines(view, pack)) {
    if (rows.some((r) => r.contains(hit.el))) continue;
    const id = hit.match.captures.id;
    if (!id) continue;
    let name: string | null = null;
    let section: Element | null = hit.el.parentElement;
    for (let depth = 0; section && depth < 8 && section !== root; depth++, section = section.parentElement) {
      const inside = headings.filter((h) => section?.contains(h));
      if (inside.length === 1) {
        name = view.textOf(inside[0] as Element);
        break;
      }
      if (inside.length > 1) break;
    }
    if (name) details.push({ name: name.slice(0, 200), id });
  }

  const wanted = options.wabaId ?? null;
  let open: { name: string; id: string | null } | null = null;
  if (wanted) {
    open = details.find((d) => d.id === wanted) ?? accounts.find((a) => a.id === wanted && a.selected === true) ?? null;
    if (open) evidence.push('waba-page:url-id-on-page');
    else if (details.length > 0 || accounts.length > 0) evidence.push('waba-page:url-id-not-on-page');
  } else if (details.length === 1) {
    open = details[0] as { name: string; id: string };
  } else if (details.length === 0) {
    const selected = accounts.filter((a) => a.selected === true);
    if (selected.length === 1) open = selected[0] as WabaAccountEntry;
  } else {
    evidence.push('waba-page:ambiguous-details');
  }
  if (details.length > 0) evidence.push('waba-page:details');
  if (accounts.length > 0) evidence.push(`waba-page:accounts:${accounts.length}`);

  const identified = title.length > 0 || evidence.includes('waba-page:url-id-on-page');
  if (!identified) return unknownWabaPage(lang);
  const strong = [title.length > 0, open !== null, evidence.includes('waba-page:url-id-on-page')].filter(Boolean).length;
  return {
    kind: 'waba-page',
    locale: pack.locale,
    lang,
    confidence: strong >= 2 ? 'high' : 'low',
    evidence,
    name: open?.name ?? null,
    id: open?.id ?? null,
    accounts,
  };
}

const unknownWabaPage = (lang: string | null, evidence: string[] = []): WabaPageReading => ({
  kind: 'unknown',
  locale: null,
  lang,
  confidence: 'none',
  evidence,
  name: null,
  id: null,
  accounts: [],
});

export function readWabaPage(root: ParentNode, options: WabaPageReadOptions = {}): WabaPageReading {
  let lang: string | null = null;
  try {
    lang = normalizeLang(options.lang ?? declaredLang(root));
    let best: WabaPageReading | null = null;
    for (const pack of packsFor(lang).packs) {
      const reading = readWith(root, pack, lang, options);
      if (reading.kind !== 'unknown' && (best === null || reading.evidence.length > best.evidence.length)) best = reading;
    }
    return best ?? unknownWabaPage(lang);
  } catch (error) {
    return unknownWabaPage(lang, [`reader-error:${error instanceof Error ? error.name : 'unknown'}`]);
  }
}
