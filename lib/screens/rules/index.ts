/**
 * The rule packs and how a page's language picks them. The page's `<html lang>` (es-ES, es-LA, pt-BR,
 * pt_BR...) decides: its primary subtag selects the one pack written for it, because Meta renders text
 * in the *account's* language, not the browser's (docs/meta-platform.md §2.4). A page
 * without a usable lang, or in a language we have no pack for, is tried against every pack.
 */
import { en } from './en';
import { es } from './es';
import { ptBR } from './pt-BR';
import type { RulePack } from './types';

export const PACKS: readonly RulePack[] = [en, es, ptBR];

/** Lower-case, `_` → `-`, trimmed: `pt_BR` → `pt-br`. Empty → null. */
export function normalizeLang(lang: string | null | undefined): string | null {
  const value = (lang ?? '').trim().toLowerCase().replace(/_/g, '-');
  return /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/.test(value) ? value : null;
}

/** The packs to try, in order: the page language's own pack alone, or all of them as a fallback. */
export function packsFor(lang: string | null | undefined, packs: readonly RulePack[] = PACKS): { packs: readonly RulePack[]; fallback: boolean } {
  const normalized = normalizeLang(lang);
  const primary = normalized?.split('-')[0];
  const own = primary ? packs.find((p) => p.langs.includes(primary)) : undefined;
  return own ? { packs: [own], fallback: false } : { packs, fallback: true };
}

export type { RulePack } from './types';
