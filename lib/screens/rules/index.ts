/**
 * The rule packs and how a page's language picks them (./lang.ts). Every bundle reads with all of
 * them, except the login-dialog script, whose build puts ./dialog-packs.ts in this module's place
 * (wxt.config.ts): English in its bundle, the others loaded on demand.
 */
import { en } from './en';
import { es } from './es';
import { packsAmong } from './lang';
import { ptBR } from './pt-BR';
import type { RulePack } from './types';

export const PACKS: readonly RulePack[] = [en, es, ptBR];

export { normalizeLang } from './lang';

/** The packs to try, in order: the page language's own pack alone, or all of them as a fallback. */
export function packsFor(lang: string | null | undefined, packs: readonly RulePack[] = PACKS): { packs: readonly RulePack[]; fallback: boolean } {
  return packsAmong(lang, packs);
}

export type { RulePack } from './types';
