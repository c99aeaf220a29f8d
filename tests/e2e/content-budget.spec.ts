/**
 * Size budget of the built content scripts (deterministic, so it may be asserted; timings are only
 * measured in `npm run bench`). Content scripts load into every matching Meta tab, next to one of the
 * heaviest single-page apps there is: they must stay small (no zod, no React: lib/content/*). The
 * limits, and the figures last measured (`npm run bench content-size`), are in
 * bench/content-budget.json; every script the build runs in a page must have one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { gzipBytes, pageScripts, readBudget } from '../../bench/content-sizes';

const DIR = path.resolve('.output/chrome-mv3');
const budget = readBudget();

test('every script the extension runs in a page has a budget', () => {
  const scripts = pageScripts(DIR);
  expect(scripts).toEqual(expect.arrayContaining(['content-scripts/business-manager.js', 'content-scripts/facebook-dialog.js', 'business-manager-readers.js', 'facebook-dialog-on-demand.js']));
  expect(scripts.filter((file) => !budget.scripts.some((s) => s.file === file)), 'scripts without a budget').toEqual([]);
});

test('each script, and each script with the chunk it loads, stays within its gzip limit', () => {
  for (const entry of budget.scripts) {
    const size = gzipBytes(DIR, entry.file);
    console.log(`${entry.file}: ${size} B gzip (limit ${entry.limitGzip}, last measured ${entry.measuredGzip})`);
    expect(size, `${entry.file} (${entry.runs})`).toBeLessThanOrEqual(entry.limitGzip);
  }
  for (const entry of budget.together) {
    const size = entry.files.reduce((sum, file) => sum + gzipBytes(DIR, file), 0);
    expect(size, `${entry.files.join(' + ')} (${entry.runs})`).toBeLessThanOrEqual(entry.limitGzip);
  }
});

test('what runs on every Business Suite page is within 15 KB, and the readers are not in it', () => {
  const base = 'content-scripts/business-manager.js';
  expect(budget.scripts.find((s) => s.file === base)?.limitGzip).toBeLessThanOrEqual(15 * 1024);
  const code = readFileSync(path.join(DIR, base), 'utf8');
  // Rule-pack texts of the dialog, People and token-dialog readers, and the checklist overlay's own words.
  for (const text of ['Edit previous settings', 'Business portfolio access', 'Generate new token', 'Copy screen outline']) expect(code, text).not.toContain(text);
});

test('the login-dialog script is within 20 KB; the checklist drawer, the screen outline and the non-English packs are in its chunk', () => {
  const base = 'content-scripts/facebook-dialog.js';
  expect(budget.scripts.find((s) => s.file === base)?.limitGzip).toBeLessThanOrEqual(20 * 1024);
  const code = readFileSync(path.join(DIR, base), 'utf8');
  const chunk = readFileSync(path.join(DIR, 'facebook-dialog-on-demand.js'), 'utf8');
  // The overlay's own words, its host attribute, the outline's format name, a Spanish and a
  // Portuguese step title: in the chunk only.
  for (const text of ['Copy screen outline', 'Reconnect checklist', 'data-ra-checklist', 'reconnect-assistant/screen-outline', 'Selecciona un portfolio comercial', 'Reconectar-se ao {app}?']) {
    expect(code, text).not.toContain(text);
    expect(chunk, text).toContain(text);
  }
  // The English pack stays in the script: it reads every English dialog, attempt or not.
  expect(code).toContain('Edit previous settings');
});

test('no page script bundles zod or React', () => {
  for (const file of pageScripts(DIR)) {
    const code = readFileSync(path.join(DIR, file), 'utf8');
    expect(code, file).not.toMatch(/ZodError|\$ZodType|react\.element|react\.transitional\.element|__SECRET_INTERNALS|ReactCurrentDispatcher/);
  }
});
