/**
 * Loads the hand-made Meta screen fixtures (tests/fixtures/meta/*.html) as parsed documents. Parsing
 * uses the environment's DOMParser (happy-dom in unit tests), which never runs the page's scripts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const META_FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'meta');

/** Every top-level fixture file name (the e2e helper's subfolders are not screen fixtures). */
export function metaFixtureNames(): string[] {
  return readdirSync(META_FIXTURES_DIR)
    .filter((name) => name.endsWith('.html'))
    .sort();
}

export function metaFixtureHtml(name: string): string {
  return readFileSync(join(META_FIXTURES_DIR, name), 'utf8');
}

export function loadMetaFixture(name: string): Document {
  return new DOMParser().parseFromString(metaFixtureHtml(name), 'text/html');
}
