/**
 * Browser-test fixtures: a persistent Chromium context with the built extension loaded, its id and
 * service worker, and a network guard. Meta pages are served from fixtures at their real URLs via
 * `route()`; every request the test did not expect is aborted and fails the test.
 * (The service worker's own requests bypass `context.route`, so the extension is pointed at local
 * servers instead.)
 */
import { test as base, chromium, expect, type BrowserContext, type Worker } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/process/chromium';

export const EXTENSION_DIR = path.resolve('.output/chrome-mv3');

/**
 * The extension built once more with the build-time product-page preset (WXT_PRODUCT_PAGE_HOSTS,
 * `wxt build --mode product-page-preset`, into its own folder): headless Chromium cannot answer
 * the optional host permission's prompt, so the specs of the product-page script use the grant a
 * product team's own build would preset. The published build (EXTENSION_DIR) is not changed by it.
 */
export const PRODUCT_PAGE_PRESET_DIR = path.resolve('.output/chrome-mv3-product-page-preset');

let presetBuilt = false;
/** Builds PRODUCT_PAGE_PRESET_DIR, once per test worker (every spec that needs it calls this). */
export function buildProductPagePreset(): void {
  if (presetBuilt) return;
  execFileSync('npx', ['wxt', 'build', '--mode', 'product-page-preset'], { env: { ...process.env, WXT_PRODUCT_PAGE_HOSTS: 'http://127.0.0.1' }, stdio: 'pipe' });
  presetBuilt = true;
}

const ALLOWED_ORIGINS = [/^chrome-extension:\/\//, /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//, /^data:/, /^blob:/];

interface Fixtures {
  /** The unpacked extension to load (default: the published build; override with `test.use`). */
  extensionDir: string;
  /** The browser's UI language (`--lang` plus `LANGUAGE`; Debian needs chromium-l10n); default the system's. */
  uiLanguage: string | null;
  context: BrowserContext;
  extensionId: string;
  /** Routes a real Meta URL (exact, or a glob) to fixture HTML. */
  serveMeta: (urlOrGlob: string, html: string) => Promise<void>;
  unexpectedRequests: string[];
}

export const test = base.extend<Fixtures>({
  extensionDir: [EXTENSION_DIR, { option: true }],
  uiLanguage: [null, { option: true }],
  unexpectedRequests: async ({}, use) => {
    await use([]);
  },
  context: async ({ unexpectedRequests, extensionDir, uiLanguage }, use) => {
    if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
      throw new Error(`No built extension at ${extensionDir}: run \`npm run build\` first.`);
    }
    const userDataDir = mkdtempSync(path.join(tmpdir(), 'ra-e2e-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...(uiLanguage ? [`--lang=${uiLanguage}`] : [])],
      ...(uiLanguage ? { env: { ...process.env, LANGUAGE: uiLanguage } } : {}),
    });
    // Lowest priority: routes added later by serveMeta() are matched first.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (ALLOWED_ORIGINS.some((re) => re.test(url))) return route.fallback();
      unexpectedRequests.push(url);
      return route.abort('blockedbyclient');
    });
    await use(context);
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
    expect(unexpectedRequests, 'requests the test did not expect').toEqual([]);
  },
  extensionId: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(new URL(worker.url()).host);
  },
  serveMeta: async ({ context }, use) => {
    await use(async (urlOrGlob, html) => {
      await context.route(urlOrGlob, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    });
  },
});

export { expect };

/** A fresh handle on the service worker (an MV3 worker idles out after ~30 s; never keep one). */
export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  const existing = context.serviceWorkers()[0];
  if (existing) return existing;
  return context.waitForEvent('serviceworker');
}

export async function badgeText(context: BrowserContext): Promise<string> {
  const sw = await serviceWorker(context);
  return sw.evaluate(() => chrome.action.getBadgeText({}));
}

export async function badgeTitle(context: BrowserContext): Promise<string> {
  const sw = await serviceWorker(context);
  return sw.evaluate(() => chrome.action.getTitle({}));
}

/** Points the extension at a backend (as the options page would) and polls once. */
export async function configureBackend(context: BrowserContext, backendUrl: string, accessToken: string): Promise<void> {
  const sw = await serviceWorker(context);
  await sw.evaluate(
    async ([url, token]) => {
      const stored = (await chrome.storage.local.get('settings')).settings ?? {};
      await chrome.storage.local.set({ settings: { ...stored, backendUrl: url, accessToken: token } });
    },
    [backendUrl, accessToken] as const,
  );
}
