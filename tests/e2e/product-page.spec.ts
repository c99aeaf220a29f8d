/**
 * The product-page content script on the built extension, with the reference backend playing the
 * product (its reconnect page and its callback at http://127.0.0.1:PORT) and the simulator playing
 * Meta's dialog (the backend's dialog link points at the simulator's stand-in, which redirects back
 * as Meta would).
 *
 * The grant: the script runs under an optional host permission that the admin grants with a click
 * (permissions.request). Headless Chromium shows that prompt and nobody can answer it (it stays
 * pending; chrome://extensions' site-access controls do not grant optional hosts either), so this
 * spec builds the extension once more with the build-time preset that a product team's own build
 * would use, WXT_PRODUCT_PAGE_HOSTS=http://127.0.0.1 (→ host_permissions, granted at install), into
 * its own folder (.output/chrome-mv3-product-page-preset, `wxt build --mode`). The published build
 * (`npm run build`, .output/chrome-mv3) is not changed by it and keeps no host permission at all
 * (tests/built/manifest-permissions.test.ts). Everything after the grant is the production path:
 * which origins are registered is the background's own decision from the stored reconnect start.
 *
 * Embedded Signup session events come from popups at https URLs served through routing (real
 * facebook.com and look-alike hosts), which post to their opener, the product's page.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { startStack, type Stack } from '../support/backend-harness';
import { buildProductPagePreset, expect, PRODUCT_PAGE_PRESET_DIR, serviceWorker, test as publishedTest } from './fixtures';
import { readPanel, sessionValue, waitForPanel } from './support/content';

const WORKSPACE = 'acme-support';

let stack: Stack;

publishedTest.beforeAll(async () => {
  publishedTest.setTimeout(180_000);
  buildProductPagePreset();
  stack = await startStack();
});

publishedTest.afterAll(async () => {
  await stack?.stop();
});

/** The published fixtures (network guard included) on the preset build. */
const test = publishedTest.extend({ extensionDir: PRODUCT_PAGE_PRESET_DIR });


interface Link {
  url: string;
}

/**
 * What the popup's Reconnect does with the backend's reconnect link: record the start (its URL is
 * the product's page), then the background registers the product-page script for that origin.
 */
async function startReconnect(context: BrowserContext): Promise<{ link: Link; origin: string }> {
  const response = await fetch(`${stack.backendUrl}/v1/workspaces/${WORKSPACE}/reconnect-link`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.adminToken}` },
  });
  expect(response.status).toBe(201);
  const link = (await response.json()) as Link;
  const sw = await serviceWorker(context);
  await sw.evaluate(
    async ([url, workspaceId, backendUrl, token]) => {
      const settings = (await chrome.storage.local.get('settings')).settings ?? {};
      await chrome.storage.local.set({ settings: { ...settings, backendUrl, accessToken: token } });
      await chrome.storage.local.set({
        reconnectStarts: { [workspaceId]: { workspaceId, startedAt: new Date().toISOString(), source: 'popup', url, plan: null, before: null } },
      });
    },
    [link.url, WORKSPACE, stack.backendUrl, stack.adminToken] as const,
  );
  const origin = new URL(link.url).origin;
  await expect
    .poll(async () => (await serviceWorker(context)).evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s) => ({ id: s.id, matches: s.matches }))))
    .toEqual([{ id: 'product-page', matches: [`${origin}/*`] }]);
  return { link, origin };
}

/** Serves `html` at an https URL (a popup of Meta's, or of a look-alike host). */
async function servePopup(context: BrowserContext, url: string, html: string) {
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
}

/** A popup page that posts one Embedded Signup session event to its opener, as Meta's does. */
const postingPage = (payload: unknown) =>
  `<!doctype html><html><body><p>popup</p><script>window.opener.postMessage(${JSON.stringify(JSON.stringify(payload))}, '*');</script></body></html>`;

async function openPopup(page: Page, url: string) {
  const popup = page.waitForEvent('popup');
  await page.evaluate((u) => void window.open(u, '_blank', 'popup,width=400,height=400'), url);
  const opened = await popup;
  await opened.waitForLoadState('load');
  await opened.close();
}

async function outcomesRecorded(context: BrowserContext): Promise<unknown[]> {
  const byTab = (await sessionValue<Record<string, { outcomes: unknown[] }>>(context, 'flowOutcomesByTab')) ?? {};
  return Object.values(byTab).flatMap((r) => r.outcomes);
}

/** Goes through the backend's reconnect page and the stand-in dialog to the callback. */
async function passDialog(page: Page, link: Link): Promise<string> {
  await page.goto(link.url);
  const callback = page.waitForURL(/\/reconnect\/callback\?/);
  await page.getByRole('link').first().click();
  await callback;
  return page.url();
}

test('a redirect with error=access_denied&error_reason=user_denied is explained on the product’s page', async ({ context }) => {
  const { link } = await startReconnect(context);
  await stack.setDialogOutcome({ result: 'access_denied' });
  const page = await context.newPage();
  const url = await passDialog(page, link);
  expect(new URL(url).searchParams.get('error')).toBe('access_denied');
  const panel = await waitForPanel(page, 'flow-outcome', 'warning');
  expect(panel.shadowRootType).toBe('closed');
  expect(panel.text).toContain('Meta says the request was declined; nothing changed');
  expect(panel.text).toContain('Meta returned access_denied, user_denied, code 200 (“Permissions error”).');
  expect(panel.text).toContain('Development mode');
  expect(await outcomesRecorded(context)).toEqual([
    { kind: 'redirect-error', error: 'access_denied', reason: 'user_denied', description: 'Permissions error', code: '200', grantedScopes: null, deniedScopes: null },
  ]);
});

test('a WA_EMBEDDED_SIGNUP message from a look-alike origin is ignored; CANCEL at PERMISSIONS from Meta says where it stopped', async ({ context }) => {
  const { link } = await startReconnect(context);
  const page = await context.newPage();
  await page.goto(link.url);
  const finish = { type: 'WA_EMBEDDED_SIGNUP', event: 'FINISH', data: { phone_number_id: '106540352242922', waba_id: '524126980791429', business_id: '2729063490586005' } };
  for (const lookAlike of ['https://evilfacebook.com/es-popup', 'https://www.facebook.com.evil.test/es-popup', 'https://facebook.co/es-popup']) {
    await servePopup(context, lookAlike, postingPage(finish));
    await openPopup(page, lookAlike);
  }
  // The page's own origin posting the same message is no more Meta than the look-alikes.
  await page.evaluate((m) => window.postMessage(JSON.stringify(m), '*'), finish);
  await page.waitForTimeout(1_000);
  expect(await outcomesRecorded(context)).toEqual([]);
  expect(await readPanel(page)).toBeNull();

  const cancel = { type: 'WA_EMBEDDED_SIGNUP', event: 'CANCEL', data: { current_step: 'PERMISSIONS' }, version: 3 };
  await servePopup(context, 'https://www.facebook.com/es-popup', postingPage(cancel));
  await openPopup(page, 'https://www.facebook.com/es-popup');
  const panel = await waitForPanel(page, 'flow-outcome', 'warning');
  expect(panel.text).toContain('You stopped at the permissions step; nothing changed');
  expect(panel.text).toContain('You left at the permissions step.');
  expect(await outcomesRecorded(context)).toEqual([{ kind: 'es-cancel', step: 'PERMISSIONS', stepRaw: null, errorMessage: null }]);
});

test('the authorization code’s value is found nowhere: extension storage, messages, history', async ({ context }) => {
  const { link } = await startReconnect(context);
  // Every message the background receives, as it receives it.
  await (await serviceWorker(context)).evaluate(() => {
    const seen: string[] = [];
    (self as unknown as { seenMessages: string[] }).seenMessages = seen;
    chrome.runtime.onMessage.addListener((message) => {
      seen.push(JSON.stringify(message));
    });
  });
  await stack.setDialogOutcome({ result: 'code', accessToken: 'demo-token-acme-whatsapp' });
  const page = await context.newPage();
  const url = await passDialog(page, link);
  const code = new URL(url).searchParams.get('code') ?? '';
  expect(code.length).toBeGreaterThan(8);
  const panel = await waitForPanel(page, 'flow-outcome', 'info');
  expect(panel.text).toContain('Meta returned to the product with a new authorization');
  expect(await outcomesRecorded(context)).toEqual([{ kind: 'redirect-code', statePresent: true, grantedScopes: null, deniedScopes: null }]);

  const sw = await serviceWorker(context);
  const dump = await sw.evaluate(async () => ({
    local: JSON.stringify(await chrome.storage.local.get(null)),
    session: JSON.stringify(await chrome.storage.session.get(null)),
    sync: JSON.stringify(await chrome.storage.sync.get(null)),
    messages: (self as unknown as { seenMessages?: string[] }).seenMessages ?? null,
  }));
  expect(dump.messages?.some((m) => m.includes('flow-outcome'))).toBe(true);
  // IndexedDB (the history) as an extension page reads it: every database, every store, every record.
  const extensionId = new URL(sw.url()).host;
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const history = await options.evaluate(async () => {
    const out: unknown[] = [];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(info.name as string);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(name).objectStore(name).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        out.push({ db: info.name, store: name, rows });
      }
      db.close();
    }
    return JSON.stringify(out);
  });
  const places = { ...dump, messages: JSON.stringify(dump.messages), history, backendLog: stack.backendLog() };
  for (const [place, text] of Object.entries(places)) {
    for (let i = 0; i + 8 <= code.length; i += 4) expect(text, `${place} holds part of the code`).not.toContain(code.slice(i, i + 8));
  }
});

test('the product page’s “Unable to connect WhatsApp phone numbers” alert is explained from what the attempt saw', async ({ context }) => {
  const { origin } = await startReconnect(context);
  // The product's own UI (the reference backend renders none): a settings page at the product's
  // origin that shows the alert after the reconnect, as a toast added by its scripts.
  const pageUrl = `${origin}/app/settings/whatsapp`;
  await context.route(pageUrl, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="en"><body><main><h1>WhatsApp</h1><p>Your numbers</p></main>
<script>setTimeout(() => { const d = document.createElement('div'); d.setAttribute('role', 'alert');
d.textContent = 'Unable to connect WhatsApp phone numbers. Please try again or contact support.'; document.querySelector('main').append(d); }, 400);</script></body></html>`,
    }),
  );
  const page = await context.newPage();
  // A page of the product's first (its health check), to learn the tab's id.
  await page.goto(`${origin}/healthz`);
  // This tab's reconnect attempt, as the live checklist records it: Meta's permissions screen with
  // the messaging permission switched off.
  const sw = await serviceWorker(context);
  const tabId = await sw.evaluate(async (url) => (await chrome.tabs.query({ url })).map((t) => t.id).find((id) => id !== undefined) ?? -1, `${origin}/healthz`);
  expect(tabId).toBeGreaterThan(0);
  await sw.evaluate(
    async ([id, appId]) => {
      const now = Date.now();
      const screen = {
        kind: 'permissions-review', confidence: 'high', evidence: [], editPreviousSettings: null, businesses: [], wabaMode: null, wabas: [],
        permissions: [{ scope: 'whatsapp_business_management', granted: true }, { scope: 'whatsapp_business_messaging', granted: false }], alerts: [], busy: false,
      };
      const attempt = {
        version: 1, tabId: id, tabs: [id], origin: 'reconnect-click', flow: 'dialog', appId, startedAt: now - 60_000, lastActivityAt: now,
        workspace: { kind: 'chosen', workspaceId: 'acme-support', why: 'started-here' }, plan: null, before: null,
        readings: [{ source: 'dialog', at: now - 30_000, tabId: id, screen }], ended: null,
      };
      await chrome.storage.session.set({ attempts: { [String(id)]: attempt } });
    },
    [tabId, stack.seed.meta.appId] as const,
  );
  await page.goto(pageUrl);
  const panel = await waitForPanel(page, 'flow-outcome', 'danger');
  expect(panel.text).toContain('The product could not connect your WhatsApp phone numbers');
  expect(panel.text).toContain('A WhatsApp permission was not granted: whatsapp_business_messaging');
  expect(panel.text).toContain('Also possible: the business’s verification');
  expect(await outcomesRecorded(context)).toEqual([
    { kind: 'product-alert', alert: 'unable-to-connect-numbers', text: 'Unable to connect WhatsApp phone numbers. Please try again or contact support.' },
  ]);
});

/** Counts, from the page's own world, each start of a product-page script copy in it (WXT posts one per start). */
async function countScriptStarts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __starts: number };
    w.__starts = 0;
    window.addEventListener('message', (event) => {
      const data = event.data as { type?: unknown; contentScriptName?: unknown } | null;
      if (typeof data?.type === 'string' && data.type.endsWith('wxt:content-script-started') && data.contentScriptName === 'product-page') w.__starts += 1;
    });
  });
}
const scriptStarts = (page: Page) => page.evaluate(() => (window as unknown as { __starts: number }).__starts);

test('product pages already open when the origin is first learned get the script: the redirect on one is seen, Embedded Signup’s events on another, and no page runs it twice', async ({ context }) => {
  const response = await fetch(`${stack.backendUrl}/v1/workspaces/${WORKSPACE}/reconnect-link`, { method: 'POST', headers: { Authorization: `Bearer ${stack.adminToken}` } });
  const early = (await response.json()) as Link;
  const origin = new URL(early.url).origin;
  // Before the extension knows this origin: Meta's redirect lands on one tab, the reconnect page stays open in another.
  await stack.setDialogOutcome({ result: 'access_denied' });
  const redirected = await context.newPage();
  await countScriptStarts(redirected);
  await passDialog(redirected, early);
  const reconnectPage = await context.newPage();
  await countScriptStarts(reconnectPage);
  await reconnectPage.goto(`${origin}/healthz`);
  expect(await (await serviceWorker(context)).evaluate(() => chrome.scripting.getRegisteredContentScripts())).toEqual([]);
  expect(await scriptStarts(redirected)).toBe(0);

  // The origin is learned (a Reconnect recorded its start): registered, and the open pages covered at once.
  await startReconnect(context);
  const panel = await waitForPanel(redirected, 'flow-outcome', 'warning');
  expect(panel.text).toContain('Meta says the request was declined; nothing changed');
  await expect.poll(() => scriptStarts(reconnectPage)).toBe(1);
  const cancel = { type: 'WA_EMBEDDED_SIGNUP', event: 'CANCEL', data: { current_step: 'PERMISSIONS' }, version: 3 };
  await servePopup(context, 'https://www.facebook.com/es-popup', postingPage(cancel));
  await openPopup(reconnectPage, 'https://www.facebook.com/es-popup');
  expect((await waitForPanel(reconnectPage, 'flow-outcome', 'warning')).text).toContain('You stopped at the permissions step; nothing changed');
  expect((await outcomesRecorded(context)).map((o) => (o as { kind: string }).kind).sort()).toEqual(['es-cancel', 'redirect-error']);

  // Another origin is learned (another port on this machine, also granted): registered again, and
  // the pages whose copy runs are left alone.
  await (await serviceWorker(context)).evaluate(async () => {
    const starts = (await chrome.storage.local.get('reconnectStarts')).reconnectStarts as Record<string, unknown>;
    const other = { workspaceId: 'harbor-shop', startedAt: new Date().toISOString(), source: 'popup', url: 'http://127.0.0.1:9/reconnect/start', plan: null, before: null };
    await chrome.storage.local.set({ reconnectStarts: { ...starts, 'harbor-shop': other } });
  });
  await expect
    .poll(async () => ((await (await serviceWorker(context)).evaluate(() => chrome.scripting.getRegisteredContentScripts()))[0]?.matches ?? []).sort())
    .toEqual([`${origin}/*`, 'http://127.0.0.1:9/*'].sort());
  await redirected.waitForTimeout(500);
  expect(await scriptStarts(redirected)).toBe(1);
  expect(await scriptStarts(reconnectPage)).toBe(1);
  expect(await readPanel(redirected)).not.toBeNull();
});

// The published build: no grant up front, so nothing is registered and the product's page is left
// alone; the options page offers the one-click grant for the product's origin.
publishedTest('without the grant nothing runs on the product’s page, and the options page offers “Allow on <host>”', async ({ context, extensionId }) => {
  const { link } = await startReconnectWithoutGrant(context);
  const host = new URL(link.url).host;
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole('button', { name: `Allow on ${host}` })).toBeVisible();
  expect(await (await serviceWorker(context)).evaluate(() => chrome.scripting.getRegisteredContentScripts())).toEqual([]);
  await stack.setDialogOutcome({ result: 'access_denied' });
  const page = await context.newPage();
  await passDialog(page, link);
  await page.waitForTimeout(1_000);
  expect(await readPanel(page)).toBeNull();
  expect(await outcomesRecorded(context)).toEqual([]);
});

async function startReconnectWithoutGrant(context: BrowserContext): Promise<{ link: Link }> {
  const response = await fetch(`${stack.backendUrl}/v1/workspaces/${WORKSPACE}/reconnect-link`, { method: 'POST', headers: { Authorization: `Bearer ${stack.adminToken}` } });
  expect(response.status).toBe(201);
  const link = (await response.json()) as Link;
  await (await serviceWorker(context)).evaluate(
    async ([url, workspaceId]) => {
      await chrome.storage.local.set({ reconnectStarts: { [workspaceId]: { workspaceId, startedAt: new Date().toISOString(), source: 'popup', url, plan: null, before: null } } });
    },
    [link.url, WORKSPACE] as const,
  );
  return { link };
}
