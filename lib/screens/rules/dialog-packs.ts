/**
 * The rule packs as the login-dialog script has them, in place of ./index.ts in that script's build
 * only (wxt.config.ts; the same exports). English is in the bundle; the other packs come from the
 * script's on-demand chunk (entrypoints/facebook-dialog-on-demand.ts), installed before the first
 * reading of a page that declares another language or none (which the reader tries against every
 * pack). Installed packs take the order of ./index.ts, so a reading is the same as in every other
 * bundle. A pack that did not load leaves that page read with English alone: unknown, never a guess.
 */
import { en } from './en';
import { normalizeLang, ownPack, packsAmong } from './lang';
import type { RulePack } from './types';

const installed: RulePack[] = [en];

/** The packs installed so far (this array grows in place: readers that hold it see new packs). */
export const PACKS: readonly RulePack[] = installed;

export { normalizeLang };

export function packsFor(lang: string | null | undefined, packs: readonly RulePack[] = PACKS): { packs: readonly RulePack[]; fallback: boolean } {
  return packsAmong(lang, packs);
}

/** Whether a page in this language is read with what is installed: its own pack is. */
export const hasOwnPack = (lang: string | null | undefined): boolean => ownPack(lang, installed) !== undefined;

/**
 * Installs the chunk's packs: it gives ./index.ts's whole list, whose order becomes the order here
 * (the packs already installed stay, in their place in that list; any it lacks go last).
 */
export function installPacks(packs: readonly RulePack[]): void {
  const next = packs.map((pack) => installed.find((p) => p.locale === pack.locale) ?? pack);
  for (const pack of installed) if (!next.includes(pack)) next.push(pack);
  installed.splice(0, installed.length, ...next);
}

export type { RulePack } from './types';
