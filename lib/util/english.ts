/**
 * The English word helpers of the extension's UI (the UI is English only for now): plurals by
 * Intl.PluralRules, numbers by Intl.NumberFormat, counts ("3 days", "5,000 workspaces") and the yes / no / unknown of a three-valued answer.
 * Content-script safe: no dependencies.
 */

const PLURAL = new Intl.PluralRules('en');
const NUMBER = new Intl.NumberFormat('en');

/** A number as English writes it: `number(5000)` → "5,000". */
export function number(n: number): string {
  return NUMBER.format(n);
}

/** The word for `n` of something: `plural(1, 'day')` → day, `plural(2, 'day')` → days. */
export function plural(n: number, one: string, other = `${one}s`): string {
  return PLURAL.select(n) === 'one' ? one : other;
}

/** `count(3, 'day')` → "3 days". */
export function count(n: number, one: string, other?: string): string {
  return `${number(n)} ${plural(n, one, other)}`;
}

/** A three-valued answer in words: null is "unknown", never a guess. */
export function yesNo(value: boolean | null, yes = 'yes', no = 'no', unknown = 'unknown'): string {
  return value === null ? unknown : value ? yes : no;
}

/** Names joined the English way: `andList(['a', 'b', 'c'])` → "a, b and c" (no serial comma). */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] as string}`;
}
