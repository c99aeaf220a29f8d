/**
 * The extension's own words, in the browser's language (docs/i18n.md). The messages live in
 * `locales/<lang>.yml`; the build (the `@wxt-dev/i18n` module) turns them into `_locales/` and the
 * browser picks the file for its UI language, falling back to English.
 *
 * - `t(key, { name })`: a message with its `{name}` values filled in; the keys and their names are
 *   typed from `locales/en.yml`.
 * - `plural(key, n, { name })`: the form of the group `key` for `n`, chosen by `Intl.PluralRules`
 *   of the language the messages are in (`locale` in each file, not the browser's language: a
 *   browser in a language without a file of its own reads English, with English plural rules);
 *   `{count}` is `n` formatted for that language.
 *
 * Everything here is synchronous and reads `browser.i18n.getMessage`, which every extension
 * context has (pages, service worker, content scripts).
 */
import { createI18n } from '@wxt-dev/i18n';
import { browser } from 'wxt/browser';
import type { GeneratedI18nStructure } from '#i18n';

type Structure = GeneratedI18nStructure;
type Value = string | number;

/** A plural group is a `<key>.other` message (and its other categories). */
export type PluralKey = { [K in keyof Structure]: K extends `${infer Base}.other` ? Base : never }[keyof Structure];
type NamesOf<K extends keyof Structure> = Structure[K] extends { namedSubstitutions: readonly (infer N extends string)[] } ? N : never;
type PluralValues<B extends PluralKey> = Record<Exclude<NamesOf<`${B}.other` & keyof Structure>, 'count'>, Value>;

export const { t } = createI18n<Structure>();

const NAMED = /\{([A-Za-z0-9_]+)\}/g;

function fill(message: string, values: Record<string, Value>): string {
  return message.replace(NAMED, (match, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : match));
}

function message(key: string): string {
  const i18n = browser?.i18n as { getMessage(name: string): string } | undefined;
  if (!i18n) throw new Error(`The browser's i18n API is not available here (message ${key}).`);
  return i18n.getMessage(key.replaceAll('.', '_'));
}

/** The BCP 47 tag of the messages in use (`en`, `es`, `pt-BR`…): for Intl formats and `lang`. */
export function messageLocale(): string {
  return message('locale') || 'en';
}

let rulesFor: { locale: string; rules: Intl.PluralRules; numbers: Intl.NumberFormat } | null = null;
function rules() {
  const locale = messageLocale();
  if (rulesFor?.locale !== locale) rulesFor = { locale, rules: new Intl.PluralRules(locale), numbers: new Intl.NumberFormat(locale) };
  return rulesFor;
}

/** A number as the messages' language writes it ("1,500", "1.500", "1 500"). */
export function formatNumber(n: number): string {
  return rules().numbers.format(n);
}

/**
 * The form of a plural group for `n`. A category the file lacks (an ICU newer than the unit test's)
 * falls back to `other`, which every group has.
 */
export function plural<B extends PluralKey>(key: B, n: number, ...values: keyof PluralValues<B> extends never ? [] : [PluralValues<B>]): string {
  const { rules: select, numbers } = rules();
  const text = message(`${key}.${select.select(n)}`) || message(`${key}.other`);
  return fill(text, { ...(values[0] ?? {}), count: numbers.format(n) });
}

/** A message with its `{name}`s left in, for a sentence that holds elements (components/Rich.tsx). */
export function template(key: keyof Structure): string {
  return message(key);
}
