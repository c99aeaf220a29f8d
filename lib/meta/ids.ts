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

/** The value when it is a Meta id (surrounding white space ignored), else null. */
export function metaIdOrNull(value: string | null | undefined): string | null {
  const v = (value ?? '').trim();
  return META_ID.test(v) ? v : null;
}
