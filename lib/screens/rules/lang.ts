/**
 * How a page's language picks rule packs, over any list of packs (./index.ts gives the full list).
 * The page's `<html lang>` (es-ES, es-LA, pt-BR, pt_BR...) decides: its primary subtag selects the
 * one pack written for it, because Meta renders text in the *account's* language, not the browser's
 * (docs/meta-platform.md §2.4). A page without a usable lang, or in a language we have no pack for,
 * is tried against every pack.
 */
import type { RulePack } from './types';

/** Lower-case, `_` → `-`, trimmed: `pt_BR` → `pt-br`. Empty → null. */
export function normalizeLang(lang: string | null | undefined): string | null {
  const value = (lang ?? '').trim().toLowerCase().replace(/_/g, '-');
  return /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/.test(value) ? value : null;
}

/** The pack written for the language's primary subtag, if there is one among `packs`. */
export function ownPack(lang: string | null | undefined, packs: readonly RulePack[]): RulePack | undefined {
  const primary = normalizeLang(lang)?.split('-')[0];
  return primary ? packs.find((p) => p.langs.includes(primary)) : undefined;
}

/** The packs to try, in order: the page language's own pack alone, or all of them as a fallback. */
export function packsAmong(lang: string | null | undefined, packs: readonly RulePack[]): { packs: readonly RulePack[]; fallback: boolean } {
  const own = ownPack(lang, packs);
  return own ? { packs: [own], fallback: false } : { packs, fallback: true };
}
