/**
 * The store packages (`npm run zip`, WXT's `zip`): the Chrome/Edge and Firefox packages carry the
 * manifest with its name and description in every UI language, and the sources archive Firefox's
 * review asks for rebuilds the Firefox package byte for byte. Built here into a temporary folder,
 * from a clean environment (no build-time presets), so the packages under test are the published
 * kind and `.output/` is left alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from './support/zip';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LANGUAGES = ['de', 'en', 'es', 'fr', 'it', 'pt_BR'];
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
// Vitest's NODE_ENV=test would make the React plugin emit its development JSX (with this machine's
// absolute paths in it): the packages are built as `npm run zip` builds them, outside any test runner.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WXT_') && !name.startsWith('VITEST') && name !== 'NODE_ENV' && name !== 'TEST'));

let work: string;
const zipPath = (kind: 'chrome' | 'firefox' | 'sources') => join(work, 'out', `reconnect-assistant-${version}-${kind}.zip`);

function run(cwd: string, script: string, env: Record<string, string>): void {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, env: { ...cleanEnv, ...env }, encoding: 'utf8', timeout: 240_000 });
  if (child.status !== 0) throw new Error(`${script} failed (${child.status ?? child.signal}):\n${(child.stdout + child.stderr).slice(-3000)}`);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ra-store-'));
  // What `npm run zip` runs (`wxt zip`, then `wxt zip -b firefox --mv3`), into our own folder.
  run(ROOT, "const { zip } = await import('wxt'); await zip({ outDir: process.env.RA_OUT });", { RA_OUT: join(work, 'out') });
  run(ROOT, "const { zip } = await import('wxt'); await zip({ outDir: process.env.RA_OUT, browser: 'firefox', manifestVersion: 3 });", { RA_OUT: join(work, 'out') });
}, 240_000);

afterAll(() => {
  if (work && !process.env.KEEP_STORE_TMP) rmSync(work, { recursive: true, force: true });
});

describe.each(['chrome', 'firefox'] as const)('the %s package', (kind) => {
  it('has the manifest with its name and description in each UI language', () => {
    const files = readZip(zipPath(kind));
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({ default_locale: 'en', name: '__MSG_manifest_name__', description: '__MSG_manifest_description__' });
    const locales = [...files.keys()].filter((name) => name.startsWith('_locales/')).sort();
    expect(locales).toEqual(LANGUAGES.map((lang) => `_locales/${lang}/messages.json`));
    for (const name of locales) {
      const messages = JSON.parse(files.get(name)!.toString('utf8')) as Record<string, { message: string }>;
      expect(messages.manifest_name?.message, name).toBe('Reconnect Assistant');
      expect(messages.manifest_description?.message.length, name).toBeGreaterThan(40);
      expect(messages.manifest_description!.message.length, name).toBeLessThanOrEqual(132);
    }
  });

  it('holds nothing of the machine that built it (a development build carries absolute paths)', () => {
    for (const [name, content] of readZip(zipPath(kind))) expect(content.includes(Buffer.from(ROOT)), name).toBe(false);
  });
});

describe('the sources archive', () => {
  it('holds what a reviewer needs and nothing local', () => {
    const names = [...readZip(zipPath('sources')).keys()];
    for (const needed of ['package.json', 'package-lock.json', 'wxt.config.ts', 'tsconfig.json', 'README.md', ...LANGUAGES.map((lang) => `locales/${lang}.yml`)]) {
      expect(names, needed).toContain(needed);
    }
    expect(names.filter((name) => /(^|\/)(node_modules|\.output|\.wxt|\.data|\.git|\.reports)\/|\.sqlite|(^|\/)\.env/.test(name))).toEqual([]);
  });

  it('rebuilds the Firefox package byte for byte (README: npm ci, then npm run build:firefox)', () => {
    const src = join(work, 'src');
    for (const [name, content] of readZip(zipPath('sources'))) {
      mkdirSync(dirname(join(src, name)), { recursive: true });
      writeFileSync(join(src, name), content);
    }
    // The archive's package-lock.json is the repository's, so its installed packages are these.
    expect(readFileSync(join(src, 'package-lock.json'), 'utf8')).toBe(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');
    run(src, "const { build } = await import('wxt'); await build({ browser: 'firefox', manifestVersion: 3 });", {});
    const built = join(src, '.output', 'firefox-mv3');
    const rebuilt = new Map<string, Buffer>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else rebuilt.set(relative(built, path).replaceAll('\\', '/'), readFileSync(path));
      }
    };
    walk(built);
    const packaged = readZip(zipPath('firefox'));
    expect([...rebuilt.keys()].sort()).toEqual([...packaged.keys()].sort());
    const differing = [...packaged].filter(([name, content]) => !rebuilt.get(name)!.equals(content)).map(([name]) => name);
    expect(differing).toEqual([]);
  }, 240_000);
});
