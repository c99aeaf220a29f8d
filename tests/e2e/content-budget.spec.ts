/**
 * Size budget of the built content scripts (deterministic, so it may be asserted; timings are only
 * measured in `npm run bench`). Content scripts load into every matching Meta tab, next to one of the
 * heaviest single-page apps there is: they must stay small (no zod, no React: lib/content/*).
 * Measured when the budget was set (wxt 0.21 production build, gzip -9): business-manager.js and
 * facebook-dialog.js 20,421 and 20,425 bytes (68 KB raw), of which the webextension-polyfill is ~3 KB and the
 * screen readers with their three rule packs most of the rest.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

const DIR = path.resolve('.output/chrome-mv3/content-scripts');
const BUDGET_GZIP_BYTES = 25 * 1024;

test('every content script stays under 25 KB gzipped', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.js')).sort();
  expect(files).toEqual(expect.arrayContaining(['business-manager.js', 'facebook-dialog.js']));
  const sizes = Object.fromEntries(files.map((f) => [f, gzipSync(readFileSync(path.join(DIR, f)), { level: 9 }).length]));
  console.log('content-script gzip bytes:', sizes);
  for (const [file, size] of Object.entries(sizes)) expect(size, file).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
});

test('no content script bundles zod or React', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(path.join(DIR, file), 'utf8');
    expect(code, file).not.toMatch(/ZodError|\$ZodType|react\.element|react\.transitional\.element|__SECRET_INTERNALS|ReactCurrentDispatcher/);
  }
});
