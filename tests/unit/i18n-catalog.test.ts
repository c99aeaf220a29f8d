/**
 * The locale files agree: every message of English is in every language and no other, with the
 * same `{name}` values; each plural group has exactly the categories Intl.PluralRules has for the
 * file's language; no message holds a `$` (the browser reads it as a substitution); the manifest's
 * texts fit the stores' limits; and every key is used somewhere in the extension's code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseMessagesFile } from '@wxt-dev/i18n/build';
import { describe, expect, it } from 'vitest';
import { LOCALES_DIR } from '../support/i18n';

const ROOT = join(LOCALES_DIR, '..');
/** The UI languages, which are also the store listings' (docs/store/). */
const EXPECTED = ['de', 'en', 'es', 'fr', 'it', 'pt_BR'];
const PREDEFINED = /^@@/;

interface Catalog {
  folder: string;
  messages: Map<string, string>;
}

async function load(folder: string): Promise<Catalog> {
  const parsed = await parseMessagesFile(join(LOCALES_DIR, `${folder}.yml`));
  const messages = new Map<string, string>();
  for (const entry of parsed) {
    const key = entry.key.join('.');
    if (PREDEFINED.test(key)) continue;
    if (entry.type !== 'simple') throw new Error(`${folder}.yml ${key}: not a plain message (${entry.type})`);
    messages.set(key, entry.message);
  }
  return { folder, messages };
}

const folders = readdirSync(LOCALES_DIR)
  .filter((f) => f.endsWith('.yml'))
  .map((f) => f.slice(0, -4))
  .sort();
const catalogs = await Promise.all(folders.map(load));
const en = catalogs.find((c) => c.folder === 'en')!;
const tagOf = (folder: string) => folder.replace('_', '-');
const CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);

/** Plural groups are the paths with an `.other` message in English. */
const pluralGroups = [...en.messages.keys()].filter((k) => k.endsWith('.other')).map((k) => k.slice(0, -'.other'.length));
const groupOf = (key: string) => {
  const dot = key.lastIndexOf('.');
  const base = key.slice(0, dot);
  return dot > 0 && CATEGORIES.has(key.slice(dot + 1)) && pluralGroups.includes(base) ? base : null;
};
const names = (message: string) => new Set([...message.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]));
/** A message's keys with plural categories folded into their group. */
const plainKeys = (c: Catalog) => new Set([...c.messages.keys()].map((k) => groupOf(k) ?? k));

describe('the locale files', () => {
  it('are the six UI languages', () => {
    expect(folders).toEqual(EXPECTED);
  });

  it.each(catalogs.map((c) => [c.folder, c] as const))('%s: the same messages as English', (_, catalog) => {
    expect([...plainKeys(catalog)].sort()).toEqual([...plainKeys(en)].sort());
  });

  it.each(catalogs.map((c) => [c.folder, c] as const))('%s: the file names its own language', (folder, catalog) => {
    expect(catalog.messages.get('locale')).toBe(tagOf(folder));
    expect(() => new Intl.PluralRules(tagOf(folder))).not.toThrow();
  });

  it.each(catalogs.map((c) => [c.folder, c] as const))('%s: each plural group has exactly its language’s categories', (folder, catalog) => {
    const expected = [...new Intl.PluralRules(tagOf(folder)).resolvedOptions().pluralCategories].sort();
    for (const group of pluralGroups) {
      const present = [...catalog.messages.keys()].filter((k) => groupOf(k) === group).map((k) => k.slice(group.length + 1));
      expect({ group, categories: present.sort() }).toEqual({ group, categories: expected });
    }
  });

  it.each(catalogs.map((c) => [c.folder, c] as const))('%s: the same {names} as English, and no $', (folder, catalog) => {
    for (const [key, message] of catalog.messages) {
      expect(message.trim(), `${folder} ${key}`).not.toBe('');
      expect(message, `${folder} ${key}`).not.toContain('$');
      const group = groupOf(key);
      const english = group ? en.messages.get(`${group}.other`)! : en.messages.get(key)!;
      const mine = names(message);
      const theirs = names(english);
      if (group) {
        // A singular may spell the number out ("one connection"): {count} is optional there only.
        mine.delete('count');
        theirs.delete('count');
      }
      expect({ key, names: [...mine].sort() }).toEqual({ key, names: [...theirs].sort() });
    }
  });

  it.each(catalogs.map((c) => [c.folder, c] as const))('%s: the manifest’s name and description fit the stores’ limits', (_, catalog) => {
    expect(catalog.messages.get('manifest.name')!.length).toBeLessThanOrEqual(45);
    expect(catalog.messages.get('manifest.description')!.length).toBeLessThanOrEqual(132);
  });
});

describe('the English messages', () => {
  it('are each used by the extension (a key literal in the code, or __MSG_…__ in the manifest)', () => {
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) sources.push(readFileSync(path, 'utf8'));
      }
    };
    for (const dir of ['lib', 'components', 'entrypoints']) walk(join(ROOT, dir));
    sources.push(readFileSync(join(ROOT, 'wxt.config.ts'), 'utf8'));
    const code = sources.join('\n');
    const unused = [...plainKeys(en)].filter((key) => key !== 'locale' && !code.includes(`'${key}'`) && !code.includes(`__MSG_${key.replaceAll('.', '_')}__`));
    expect(unused, `unused keys in locales/en.yml (${relative(ROOT, LOCALES_DIR)})`).toEqual([]);
  });
});

describe('the store listings (docs/store/<lang>/)', () => {
  const STORE = join(ROOT, 'docs', 'store');
  it('are in the same languages as the extension', () => {
    const languages = readdirSync(STORE).filter((name) => statSync(join(STORE, name)).isDirectory());
    expect(languages.sort()).toEqual(folders);
  });

  it.each(folders)('%s: a short description within the Chrome Web Store’s 132 characters, and a long one', (folder) => {
    const short = readFileSync(join(STORE, folder, 'short.txt'), 'utf8').trim();
    const long = readFileSync(join(STORE, folder, 'long.txt'), 'utf8').trim();
    expect(short.length).toBeGreaterThan(40);
    expect([...short].length).toBeLessThanOrEqual(132);
    expect(short).not.toContain('\n');
    expect(long.length).toBeGreaterThan(short.length * 5);
  });
});
