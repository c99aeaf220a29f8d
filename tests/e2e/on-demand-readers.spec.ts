/**
 * The Business Suite script's on-demand chunk (lib/content/on-demand.ts) in the built extension: the
 * pages that read (hosted Embedded Signup, the system-user token dialog) load it and offer the screen
 * outline for support when a screen reads as unknown, as the facebook.com dialog does; the pages
 * that do not read never load it; and what the chunk being web-accessible shows a page is only what
 * docs/permissions.json says (no fixed-id URL, no entry in the page's resource timing).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { META_FIXTURES_DIR } from '../support/meta-fixtures';
import type { Stack } from '../support/backend-harness';
import { expect, serviceWorker, test } from './fixtures';
import { clickInChecklist, readChecklist, waitForItem } from './support/checklist';
import { APP_ID, CONFIG_ID, PORTFOLIO, SUPPORT, snapshotApps, startLiveStack } from './support/live-stack';

let stack: Stack | null = null;
test.afterEach(async () => {
  await stack?.stop();
  stack = null;
});

async function setUp(context: BrowserContext, extensionId: string): Promise<void> {
  stack = await startLiveStack(context, extensionId, ['acme-support']);
  await expect.poll(async () => (await snapshotApps(context)).join(',')).toBe(APP_ID);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: 'https://business.facebook.com' });
}

/** A screen no rule knows (Meta changed its UI), naming the business and an account. */
const unknownScreen = `<!doctype html><html lang="en"><body><div role="dialog" aria-modal="true">
  <div role="heading" aria-level="2">Something new from Meta for ${PORTFOLIO.name}</div>
  <div role="list"><div role="listitem"><div role="checkbox" aria-checked="true" tabindex="0" aria-labelledby="n1"></div><span id="n1">${SUPPORT.name}</span></div></div>
  <input type="text" value="typed-by-the-admin" aria-label="Notes">
  <div role="button" tabindex="0">Continue</div></div></body></html>`;

async function serve(context: BrowserContext, url: string, body: string): Promise<Page> {
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** The outline was copied, and it names nothing. */
async function expectOutlineCopied(page: Page): Promise<void> {
  await clickInChecklist(page, 'button', 'Copy screen outline for support');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('reconnect-assistant/screen-outline');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).not.toContain(PORTFOLIO.name);
  expect(copied).not.toContain(SUPPORT.name);
  expect(copied).not.toContain('typed-by-the-admin');
  expect(copied).toContain('Name 1');
}

/** What the page's own scripts can see of the extension's resources. */
async function pageView(page: Page, extensionId: string) {
  return page.evaluate(async (id) => {
    const entries = performance.getEntriesByType('resource').map((e) => e.name);
    const probe = await fetch(`chrome-extension://${id}/business-manager-readers.js`).then(
      (r) => `status ${r.status}`,
      () => 'refused',
    );
    return { extensionEntries: entries.filter((n) => !n.startsWith('http')), probe };
  }, extensionId);
}

test('hosted Embedded Signup: the readers load on demand, an unreadable screen is Not verified and its outline copies', async ({ context, extensionId }) => {
  await setUp(context, extensionId);
  const url = `https://business.facebook.com/messaging/whatsapp/onboard/?app_id=${APP_ID}&config_id=${CONFIG_ID}`;
  const page = await serve(context, url, unknownScreen);
  await waitForItem(page, 'Not verified', 'Admin access');
  await expectOutlineCopied(page);
  // The page cannot fetch the chunk at the extension's fixed id, nor see it in its resource timing.
  const seen = await pageView(page, extensionId);
  expect(seen.probe).toBe('refused');
  expect(seen.extensionEntries).toEqual([]);
});

test('the system-user token dialog, then a wording no rule knows: the outline copies', async ({ context, extensionId }) => {
  await setUp(context, extensionId);
  const url = `https://business.facebook.com/latest/settings/system_users?business_id=${PORTFOLIO.id}&selected_user_id=610000000000001`;
  // The attempt starts with the dialog itself (lib/background/live-checklist.ts); then Meta's wording changes.
  let body = readFileSync(path.join(META_FIXTURES_DIR, 'token-dialog', 'generate-token.en.html'), 'utf8').replaceAll('Acme Helpdesk', 'Reconnect Demo App');
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
  const page = await context.newPage();
  await page.goto(url);
  await waitForItem(page, 'Passed', 'App');
  body = unknownScreen;
  await page.reload();
  await expect.poll(async () => (await readChecklist(page))?.text ?? '').toContain('Copy screen outline for support');
  await expectOutlineCopied(page);
});

test('a Business Suite page that reads nothing never loads the chunk', async ({ context, extensionId }) => {
  await setUp(context, extensionId);
  const sw = await serviceWorker(context);
  expect(sw.url()).toContain(extensionId);
  const url = `https://business.facebook.com/latest/settings/apps?business_id=${PORTFOLIO.id}`;
  const cdpPage = await context.newPage();
  const cdp = await context.newCDPSession(cdpPage);
  const requested: string[] = [];
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (event: { request: { url: string } }) => requested.push(event.request.url));
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><html lang="en"><body><div role="main">Apps</div></body></html>' }));
  await cdpPage.goto(url);
  // The page was ours (the script reported it), and no chunk was asked for.
  await expect.poll(async () => JSON.stringify(await sw.evaluate(async () => chrome.storage.session.get(null)))).toContain('"kind":"bm-settings-other"');
  expect(requested.filter((u) => u.includes('business-manager-readers'))).toEqual([]);
  // The control: the People page in the same tab does ask for it, and the request is seen here.
  const people = `https://business.facebook.com/latest/settings/business_users?business_id=${PORTFOLIO.id}`;
  await context.route(people, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><html lang="en"><body><div role="main"><h1>People</h1></div></body></html>' }));
  await cdpPage.goto(people);
  await expect.poll(() => requested.filter((u) => u.includes('business-manager-readers')).length).toBe(1);
  await cdp.detach();
});
