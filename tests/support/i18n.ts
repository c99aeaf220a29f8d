/**
 * The browser's i18n for unit tests: `browser.i18n.getMessage` answering from `locales/<lang>.yml`
 * exactly as the build turns it into `_locales/<lang>/messages.json` (the same `@wxt-dev/i18n`
 * functions), with the browser's fallback to the default locale (English) for a missing message
 * and Chrome's `$1`…`$9` substitutions. Tests run in English unless they call `setUiLocale`.
 */
import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { fakeBrowser } from 'wxt/testing/fake-browser';

export const LOCALES_DIR = join(import.meta.dirname, '..', '..', 'locales');
export const DEFAULT_LOCALE = 'en';

type ChromeMessages = Record<string, { message: string }>;

/** Every locale file: its `_locales` folder name (`pt_BR`) → its messages as the build writes them. */
export async function loadCatalogs(): Promise<Map<string, ChromeMessages>> {
  const catalogs = new Map<string, ChromeMessages>();
  for (const file of readdirSync(LOCALES_DIR).filter((name) => name.endsWith('.yml')).sort()) {
    catalogs.set(basename(file, extname(file)), generateChromeMessages(await parseMessagesFile(join(LOCALES_DIR, file))) as ChromeMessages);
  }
  return catalogs;
}

const catalogs = await loadCatalogs();

function substitute(text: string, substitutions: string | string[] | undefined): string {
  const values = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return text.replace(/\$(\$|[1-9])/g, (_, what: string) => (what === '$' ? '$' : (values[Number(what) - 1] ?? '')));
}

/** Answers as a browser whose UI language is `locale` (a `_locales` folder name). */
export function setUiLocale(locale: string): void {
  const own = catalogs.get(locale);
  const fallback = catalogs.get(DEFAULT_LOCALE)!;
  if (!own) throw new Error(`No locales/${locale}.yml`);
  fakeBrowser.i18n.getMessage = ((name: string, substitutions?: string | string[]) => {
    const entry = own[name] ?? fallback[name];
    return entry ? substitute(entry.message, substitutions) : '';
  }) as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => locale.replace('_', '-');
}
