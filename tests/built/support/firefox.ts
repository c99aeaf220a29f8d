/**
 * Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi, with the built Firefox
 * extension (.output/firefox-mv3) installed as a temporary add-on. Playwright cannot drive a stock
 * Firefox, so this is its own small harness:
 *   - the extension's moz-extension:// uuid is fixed in advance (pref extensions.webextensions.uuids),
 *     since Puppeteer cannot list extensions under BiDi;
 *   - extension pages are opened with browsingContext.navigate (wait: none) and polled until loaded
 *     (Firefox sends no BiDi navigation events for them);
 *   - Meta pages are served from fixtures at their real https URLs by request interception; every
 *     other request leaves the machine never (aborted and recorded).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const FIREFOX_DIR = path.resolve('.output/firefox-mv3');
export const EXTENSION_UUID = '5b0f6b55-3c5e-4d7a-9a43-6d1f0f6c2a11';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

export function firefoxPath(): string | null {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].filter(Boolean) as string[];
  return candidates.find((p) => existsSync(p)) ?? null;
}

export function geckoId(): string {
  const manifest = JSON.parse(readFileSync(path.join(FIREFOX_DIR, 'manifest.json'), 'utf8'));
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (typeof id !== 'string') throw new Error('The Firefox build has no fixed gecko id');
  return id;
}

export interface Firefox {
  browser: Browser;
  unexpected: string[];
  served: [string, string][];
  /** Serves `html` for every https URL starting with `prefix`. */
  serve(prefix: string, html: string): void;
  close(): Promise<void>;
}

const ALLOWED = [/^moz-extension:\/\//, /^data:/, /^blob:/, /^about:/, /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//];

export async function launchFirefox(prefs: Record<string, unknown> = {}): Promise<Firefox> {
  const executablePath = firefoxPath();
  if (!executablePath) throw new Error('firefox-esr not found (set FIREFOX_PATH or apt-get install firefox-esr)');
  if (!existsSync(path.join(FIREFOX_DIR, 'manifest.json'))) throw new Error(`No Firefox build at ${FIREFOX_DIR}: run \`npm run build:firefox\``);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId()]: EXTENSION_UUID }),
      ...prefs,
    },
  });
  await browser.installExtension(FIREFOX_DIR);
  const served: [string, string][] = [];
  const unexpected: string[] = [];
  return {
    browser,
    unexpected,
    served,
    serve: (prefix, html) => served.push([prefix, html]),
    close: () => browser.close(),
  };
}

/** Intercepts a page's requests: fixtures for served prefixes, local and extension URLs through, the rest aborted. */
export async function guardPage(ff: Firefox, page: Page): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    const hit = ff.served.find(([prefix]) => url.startsWith(prefix));
    // A request can vanish before it is answered: every respond/continue/abort promise is caught.
    if (hit) return void Promise.resolve(request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: hit[1] })).catch(() => {});
    if (ALLOWED.some((re) => re.test(url))) return void Promise.resolve(request.continue()).catch(() => {});
    ff.unexpected.push(url);
    return void Promise.resolve(request.abort('blockedbyclient')).catch(() => {});
  });
}

type Bidi = { send(method: string, params: object): Promise<{ result: unknown }> };
const bidi = (browser: Browser) => (browser as unknown as { connection: Bidi }).connection;
const contextOf = (page: Page) => (page.mainFrame() as unknown as { _id: string })._id;

/** Navigates without waiting (extension pages send no BiDi load events), then polls until loaded. */
export async function navigate(ff: Firefox, page: Page, url: string, timeoutMs = 15_000): Promise<void> {
  await bidi(ff.browser).send('browsingContext.navigate', { context: contextOf(page), url, wait: 'none' });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const state = await page.evaluate(() => ({ href: location.href, ready: document.readyState }));
      if (state.href.startsWith(url.split('#')[0]!) && state.ready === 'complete') return;
    } catch {
      // the realm is being replaced; try again
    }
    if (Date.now() > deadline) throw new Error(`${url} did not load within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms${lastError ? ` (${String(lastError)})` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface RemoteNode { type: string; sharedId?: string; value?: { localName?: string; shadowRoot?: RemoteNode | null; mode?: string } }

/**
 * The panel's closed shadow root, read through BiDi serialization (includeShadowTree: 'all'):
 * its mode, and the aside's role, topic, tone and text. Null when the page has no panel.
 */
export async function readPanel(ff: Firefox, page: Page): Promise<{ mode: string; role: string | null; topic: string | null; tone: string | null; text: string } | null> {
  const target = { context: contextOf(page) };
  const { result } = (await bidi(ff.browser).send('script.callFunction', {
    functionDeclaration: "() => document.querySelector('div[data-ra-panel]')",
    target,
    awaitPromise: false,
    serializationOptions: { maxDomDepth: 0, includeShadowTree: 'all' },
  })) as { result: { result: RemoteNode } };
  const root = result.result.value?.shadowRoot;
  if (result.result.type !== 'node' || !root?.sharedId) return null;
  const read = (await bidi(ff.browser).send('script.callFunction', {
    functionDeclaration: `(root) => { const a = root.querySelector('aside'); return JSON.stringify({ role: a && a.getAttribute('role'), topic: a && a.getAttribute('data-topic'), tone: a && a.getAttribute('data-tone'), text: ((a && a.textContent) || '').replace(/\\s+/g, ' ').trim() }); }`,
    target,
    awaitPromise: false,
    arguments: [{ sharedId: root.sharedId }],
  })) as { result: { result: { value: string } } };
  return { mode: root.value?.mode ?? '', ...JSON.parse(read.result.result.value) };
}
