/**
 * Meta object ids (apps, businesses, WABAs, users, phone numbers) are decimal digit strings
 * (docs/meta-platform.md). This is the one check: the contract's zod schema, the page readers, the
 * deep links, the server and the CLI all use it. Content-script safe: no zod here.
 */

/** The digits of a Meta id, for building other patterns (`/dialog/(<id>)`). */
export const META_ID_DIGITS = '\\d{1,32}';

/** A whole string that is a Meta id. */
export const META_ID = new RegExp(`^${META_ID_DIGITS}$`);

export function isMetaId(value: unknown): value is string {
  return typeof value === 'string' && META_ID.test(value);
}

/**
 * Where a page shows an id among other text or in a form value, a short number is far more likely a
 * count or an index ("1 asset selected", `value="1"`) than an id: there, an id has at least 5
 * digits. Real Meta ids are 15-17 digits long, so nothing real is lost.
 */
export const MIN_ID_DIGITS_ON_PAGE = 5;
/** The digits of an id read from page text (`ID: <id>`), for the screen readers' text patterns. */
export const PAGE_ID_DIGITS = `\\d{${MIN_ID_DIGITS_ON_PAGE},32}`;

/** The value when it is a Meta id (surrounding white space ignored), else null. */
export function metaIdOrNull(value: string | null | undefined, minDigits = 1): string | null {
  const v = (value ?? '').trim();
  return META_ID.test(v) && v.length >= minDigits ? v : null;
}
