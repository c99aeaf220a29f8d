/**
 * Matching the names Meta prints (WhatsApp accounts, business portfolios, apps) with the names the
 * product expects. Meta renders names with bidi isolates and marks around them (`dir="auto"` spans),
 * zero-width joiners, full-width or compatibility characters and odd spacing, so both sides are
 * reduced to one key first:
 *
 *   NFKC ─▶ drop bidi controls and zero-width characters ─▶ collapse whitespace ─▶ case fold ─▶ NFKC
 *
 * Bidi controls removed: U+200E/U+200F (LRM/RLM), U+202A–U+202E (embeddings and overrides),
 * U+2066–U+2069 (isolates), U+061C (Arabic letter mark); zero-width: U+200B–U+200D and U+FEFF
 * (https://www.unicode.org/reports/tr9/#Directional_Formatting_Characters).
 * Case folding is approximated by upper- then lower-casing (so `ß` and `SS` meet), which JavaScript
 * offers without locale data; it is applied identically to both sides.
 *
 * An id beats a name: when the screen prints an account's id, the account is matched by id, and an
 * on-screen account with the same name but another id is a different account. Two on-screen accounts
 * that both match one expected name are ambiguous: the caller must say "Not verified", not guess.
 */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/g;

/** The comparison key of a name; '' for a name that is only invisible characters or spaces. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC');
}

/** Same name after normalisation; an empty name never matches anything. */
export function sameName(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a == null || b == null) return false;
  const key = nameKey(a);
  return key !== '' && key === nameKey(b);
}

export interface OnScreenAccount {
  name: string;
  id: string | null;
}

export type AccountMatch<T> =
  | { kind: 'found'; entry: T; by: 'id' | 'name' }
  | { kind: 'missing' }
  | { kind: 'ambiguous'; entries: T[] };

/**
 * Finds one expected account (id and/or name) among the accounts a screen shows.
 *   1. Entries printing the expected id: one → found by id; several → ambiguous.
 *   2. Otherwise entries whose name matches and that print no id (an entry printing another id is
 *      another account): one → found by name; several → ambiguous; none → missing.
 */
export function findAccount<T extends OnScreenAccount>(expected: { id: string | null; name: string | null }, onScreen: readonly T[]): AccountMatch<T> {
  if (expected.id !== null) {
    const byId = onScreen.filter((e) => e.id === expected.id);
    if (byId.length === 1) return { kind: 'found', entry: byId[0] as T, by: 'id' };
    if (byId.length > 1) return { kind: 'ambiguous', entries: byId };
  }
  if (expected.name === null) return { kind: 'missing' };
  const byName = onScreen.filter((e) => e.id === null && sameName(e.name, expected.name));
  if (byName.length === 1) return { kind: 'found', entry: byName[0] as T, by: 'name' };
  if (byName.length > 1) return { kind: 'ambiguous', entries: byName };
  return { kind: 'missing' };
}
