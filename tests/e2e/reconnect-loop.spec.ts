/**
 * The whole reconnect loop, joined, on the built extension with the reference backend and the Graph
 * simulator as real processes: the popup's Reconnect → the backend's single-use reconnect page →
 * Meta's Business Login dialog at its REAL URL (the simulator's interactive stand-in, served through
 * tests/e2e/support/meta-dialog-route.ts) → the admin's choices → Meta's redirect to the backend's
 * callback on the product's origin, where the product-page content script captures how the flow
 * ended (the presence of `code`, never its value) → the verification → the popup's "Last reconnect"
 * and one notification.
 *
 * The product-page script runs under an optional host permission that headless Chromium cannot
 * grant (its prompt stays pending), so this spec uses the build-time preset a product team's own
 * build would use (WXT_PRODUCT_PAGE_HOSTS, `wxt build --mode product-page-preset`, into
 * .output/chrome-mv3-product-page-preset), as tests/e2e/product-page.spec.ts does. Everything after
 * the grant is the production path. The replayed state and the expired code are proven on the server
 * (server/reconnect.test.ts); here, what the product's page says and that no token was stored.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { DialogScript } from '../../server/simulator/dialog-page';
import type { Stack } from '../support/backend-harness';
import { buildProductPagePreset, expect, PRODUCT_PAGE_PRESET_DIR, serviceWorker, test as publishedTest } from './fixtures';
import { waitForItem } from './support/checklist';
import { sessionValue, waitForPanel } from './support/content';
import { startReconnectStack } from './support/live-stack';
import { META_DIALOG_URL, simulatorDialogUrl } from './support/meta-dialog-route';
import { workspaceAction } from './support/popup';

const WORKSPACE = 'acme-support';
const ACME_TOKEN = 'demo-token-acme-whatsapp';
/** The outcome, the token wait and the calls, with room on a loaded machine. */
const VERIFIED_WITHIN = 45_000;


publishedTest.beforeAll(() => {
  publishedTest.setTimeout(120_000);
  buildProductPagePreset();
});

let stack: Stack | null = null;
publishedTest.afterEach(async () => {
  await stack?.stop();
  stack = null;
});

/** The published fixtures (network guard; Meta's dialog routed later, so matched first) on the preset build. */
const test = publishedTest.extend({ extensionDir: PRODUCT_PAGE_PRESET_DIR });


/** Acme Support as the admin's only workspace; the backend's dialog link at Meta's real host. */
async function setUp(context: BrowserContext): Promise<Stack> {
  stack = await startReconnectStack(context, [WORKSPACE]);
  return stack;
}

const notifications = async (page: Page) => page.evaluate(async () => Object.keys(await chrome.notifications.getAll()).sort());

async function openPopup(context: BrowserContext, extensionId: string): Promise<Page> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html#ws=${WORKSPACE}`);
  await expect(popup.locator('main')).toHaveAttribute('data-checking', 'false');
  await expect(popup.getByRole('article').first()).toBeVisible();
  // The first poll's own notifications are not what these tests count.
  for (const id of await notifications(popup)) await popup.evaluate((n) => chrome.notifications.clear(n), id);
  return popup;
}

/** Popup → Reconnect → the backend's reconnect page (the product's origin, where the script is registered). */
async function reconnect(context: BrowserContext, popup: Page, codes: string[]): Promise<Page> {
  const button = await workspaceAction(popup, 'Acme Support', 'Reconnect');
  const opened = context.waitForEvent('page');
  await button.click();
  const tab = await opened;
  tab.on('request', (request) => {
    const code = new URL(request.url()).searchParams.get('code');
    if (code) codes.push(code);
  });
  await tab.waitForLoadState();
  expect(new URL(tab.url()).pathname).toBe('/reconnect/start');
  const origin = new URL(tab.url()).origin;
  await expect
    .poll(async () => (await serviceWorker(context)).evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s) => ({ id: s.id, matches: s.matches }))))
    .toEqual([{ id: 'product-page', matches: [`${origin}/*`] }]);
  return tab;
}

/** The popup's Reconnect, then the backend's page's "Continue to Facebook": Meta's dialog at its real URL. */
async function toMetaDialog(context: BrowserContext, popup: Page, codes: string[]): Promise<Page> {
  const tab = await reconnect(context, popup, codes);
  await tab.getByRole('link', { name: /Continue to Facebook/ }).click();
  await tab.waitForURL(/^https:\/\/www\.facebook\.com\/v\d+\.\d+\/dialog\/oauth\?/);
  return tab;
}

const dialogScript: Partial<DialogScript> & { appName: string } = {
  appName: 'Reconnect Demo App',
  previousGrant: false,
  businesses: [{ id: '800000000000001', name: 'Acme Trading Co. (demo)', selected: true }],
  wabas: [
    { id: '900000000000011', name: 'Acme Support Line', selected: true },
    { id: '900000000000012', name: 'Acme Sales Line', selected: true },
  ],
};

async function outcomesRecorded(context: BrowserContext): Promise<unknown[]> {
  const byTab = (await sessionValue<Record<string, { outcomes: unknown[] }>>(context, 'flowOutcomesByTab')) ?? {};
  return Object.values(byTab).flatMap((r) => r.outcomes);
}

test('a WhatsApp permission unticked in Meta’s dialog: captured on the product’s page, verified missing-scope, the lost permission named, one notification', async ({ context, extensionId }) => {
  const s = await setUp(context);
  await s.setDialogOutcome({ result: 'interactive', script: dialogScript, baseToken: ACME_TOKEN, previousToken: ACME_TOKEN });
  const popup = await openPopup(context, extensionId);
  const codes: string[] = [];
  const tab = await toMetaDialog(context, popup, codes);
  await tab.getByRole('button', { name: 'Next', exact: true }).click();
  await tab.getByRole('button', { name: 'Continue', exact: true }).click();
  const messaging = tab.getByRole('switch', { name: 'Manage and access conversations in WhatsApp' });
  await expect(messaging).toHaveAttribute('aria-checked', 'true');
  await messaging.click();
  await expect(messaging).toHaveAttribute('aria-checked', 'false');
  await tab.getByRole('button', { name: 'Save', exact: true }).click();

  await tab.waitForURL(/\/reconnect\/callback\?/);
  expect(codes).toHaveLength(1);
  // The product's page: the script saw Meta's redirect (that a code came back, not the code).
  const panel = await waitForPanel(tab, 'flow-outcome', 'info');
  expect(panel.text).toContain('Meta returned to the product with a new authorization');
  expect(await outcomesRecorded(context)).toEqual([{ kind: 'redirect-code', statePresent: true, grantedScopes: null, deniedScopes: null }]);

  // The tab stays open: the verification starts from the captured outcome, not from a closed tab.
  const part = popup.getByRole('region', { name: 'Last reconnect' });
  await expect(part.getByRole('alert')).toHaveText('Verified: The reconnect ran but access was reduced.', { timeout: VERIFIED_WITHIN });
  await expect(part.getByRole('list', { name: 'What changed' })).toContainText('permission lost: whatsapp_business_messaging');
  // The check that followed the new token: the WhatsApp connection is verified missing-scope.
  expect(await verifiedConnection(popup, 'acme-wa')).toEqual({ kind: 'verified', status: 'missing-scope', replacedAfterStart: true });
  await expect.poll(() => notifications(popup)).toEqual(['ra|reconnect|acme-support|acme-wa']);
  // The next poll repeats nothing.
  expect(await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'refresh' }))).toEqual({ ok: true });
  expect(await notifications(popup)).toEqual(['ra|reconnect|acme-support|acme-wa']);

  const stored = await popup.evaluate(async () => JSON.stringify({ local: await chrome.storage.local.get(null), session: await chrome.storage.session.get(null) }));
  for (const code of codes) {
    expect(stored).not.toContain(code);
    expect(s.backendLog()).not.toContain(code);
  }
});

/** Whether a working copy of the product-page script runs in the tab at `url` (asked in the extension's own world). */
async function productPageScriptRuns(context: BrowserContext, url: string): Promise<boolean> {
  return (await serviceWorker(context)).evaluate(async (u) => {
    const [tab] = await chrome.tabs.query({ url: u.replace(/#.*$/, '') });
    if (tab?.id === undefined) return false;
    const [frame] = await chrome.scripting.executeScript({
      target: { tabId: tab.id },
      func: () => {
        const probe = (globalThis as unknown as Record<string, unknown>).__reconnectAssistantProductPage;
        return typeof probe === 'function' && (probe as () => unknown)() === true;
      },
    });
    return frame?.result === true;
  }, url);
}

/** The connection's state in the verification's "after" check, and whether its token was replaced after the attempt began. */
async function verifiedConnection(popup: Page, connectionId: string) {
  return popup.evaluate(async (id) => {
    type V = { result: { kind: string; after?: { connections: { id: string; status: string; tokenUpdatedAt: string | null }[] } } | null; startedAt: number };
    const v = ((await chrome.storage.session.get('verifications')).verifications as Record<string, V>)['acme-support']!;
    const c = v.result?.after?.connections.find((x) => x.id === id);
    return { kind: v.result?.kind, status: c?.status, replacedAfterStart: c?.tokenUpdatedAt ? Date.parse(c.tokenUpdatedAt) > v.startedAt : false };
  }, connectionId);
}

test('an expected WABA unticked in Meta’s dialog: Failed and the revocation alert before Save, then verified missing-waba naming it, one notification', async ({ context, extensionId }) => {
  const s = await setUp(context);
  await s.setDialogOutcome({ result: 'interactive', script: dialogScript, baseToken: ACME_TOKEN, previousToken: ACME_TOKEN });
  const popup = await openPopup(context, extensionId);
  const codes: string[] = [];
  const tab = await toMetaDialog(context, popup, codes);
  await tab.getByRole('button', { name: 'Next', exact: true }).click();
  await waitForItem(tab, 'Passed', 'WhatsApp accounts');
  const sales = tab.getByRole('checkbox', { name: 'Acme Sales Line' });
  await sales.click();
  await expect(sales).toHaveAttribute('aria-checked', 'false');
  // Before anything is submitted, the live checklist says it.
  const failed = await waitForItem(tab, 'Failed', 'WhatsApp accounts');
  expect(failed.items.find((i) => i.startsWith('Failed — WhatsApp accounts'))).toContain('Acme Sales Line is not selected');
  expect(failed.alerts).toHaveLength(1);
  expect(failed.alerts[0]).toContain('Acme Sales Line');
  expect(failed.alerts[0]).toMatch(/revoke/i);
  await tab.getByRole('button', { name: 'Continue', exact: true }).click();
  await tab.getByRole('button', { name: 'Save', exact: true }).click();

  await tab.waitForURL(/\/reconnect\/callback\?/);
  expect(codes).toHaveLength(1);
  const part = popup.getByRole('region', { name: 'Last reconnect' });
  await expect(part.getByRole('alert')).toHaveText('Verified: The reconnect ran but access was reduced.', { timeout: VERIFIED_WITHIN });
  await expect(part.getByRole('list', { name: 'What changed' })).toContainText('WhatsApp account lost: Acme Sales Line (900000000000012)');
  expect(await verifiedConnection(popup, 'acme-wa')).toEqual({ kind: 'verified', status: 'missing-waba', replacedAfterStart: true });
  await expect.poll(() => notifications(popup)).toEqual(['ra|reconnect|acme-support|acme-wa']);
  expect(await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'refresh' }))).toEqual({ ok: true });
  expect(await notifications(popup)).toEqual(['ra|reconnect|acme-support|acme-wa']);
});

test('“Continue” on “Reconnect to <App>?” when Meta kept a reduced selection: the new token re-applies it, verified access reduced, the lost WABA named, one notification', async ({ context, extensionId }) => {
  const s = await setUp(context);
  // Meta's previous settings for this app cover only the support line, though today's token covers both.
  await s.setDialogOutcome({ result: 'interactive', script: { ...dialogScript, previousGrant: { wabas: ['900000000000011'] } }, baseToken: ACME_TOKEN });
  const popup = await openPopup(context, extensionId);
  const codes: string[] = [];
  const tab = await toMetaDialog(context, popup, codes);
  await expect(tab.getByRole('heading', { name: 'Reconnect to Reconnect Demo App?' })).toBeVisible();
  // The checklist reads the screen; what Meta kept is not on it, so only the outcome can tell.
  await waitForItem(tab, 'Passed', 'Previous settings');
  await tab.getByRole('button', { name: 'Continue', exact: true }).click();

  await tab.waitForURL(/\/reconnect\/callback\?/);
  expect(codes).toHaveLength(1);
  const part = popup.getByRole('region', { name: 'Last reconnect' });
  await expect(part.getByRole('alert')).toHaveText('Verified: The reconnect ran but access was reduced.', { timeout: VERIFIED_WITHIN });
  await expect(part.getByRole('list', { name: 'What changed' })).toContainText('WhatsApp account lost: Acme Sales Line (900000000000012)');
  expect(await verifiedConnection(popup, 'acme-wa')).toEqual({ kind: 'verified', status: 'missing-waba', replacedAfterStart: true });
  // The token checked is the one the simulator issued for the kept selection, not today's.
  const checked = new Set((await s.simulatorCalls()).filter((c) => c.path === '/debug_token').map((c) => c.token));
  expect([...checked].some((t) => t?.startsWith(`${ACME_TOKEN}~previous-`))).toBe(true);
  await expect.poll(() => notifications(popup)).toEqual(['ra|reconnect|acme-support|acme-wa']);
  expect(await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'refresh' }))).toEqual({ ok: true });
  expect(await notifications(popup)).toEqual(['ra|reconnect|acme-support|acme-wa']);
});

/** A popup of Meta's at an https URL that posts one Embedded Signup session event to its opener. */
async function postFromMeta(context: BrowserContext, page: Page, url: string, payload: unknown) {
  await context.route(url, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><body><p>popup</p><script>window.opener.postMessage(${JSON.stringify(JSON.stringify(payload))}, '*');</script></body></html>`,
    }),
  );
  const popup = page.waitForEvent('popup');
  await page.evaluate((u) => void window.open(u, '_blank', 'popup,width=400,height=400'), url);
  const opened = await popup;
  await opened.waitForLoadState('load');
  await opened.close();
}

test('Embedded Signup CANCEL at PERMISSIONS on the product’s page: stopped at the permissions step, nothing changed, no Graph check', async ({ context, extensionId }) => {
  const s = await setUp(context);
  const popup = await openPopup(context, extensionId);
  const tab = await reconnect(context, popup, []);
  // The script is registered for the product's origin when the start is recorded, which can be just
  // after this tab loaded: the background then injects it into the open page. Wait until it runs
  // there (no reload: Embedded Signup runs on the page the admin is on).
  await expect.poll(() => productPageScriptRuns(context, tab.url())).toBe(true);
  await s.resetSimulatorCalls();

  await postFromMeta(context, tab, 'https://www.facebook.com/es-popup', { type: 'WA_EMBEDDED_SIGNUP', event: 'CANCEL', data: { current_step: 'PERMISSIONS' }, version: 3 });
  const panel = await waitForPanel(tab, 'flow-outcome', 'warning');
  expect(panel.text).toContain('You stopped at the permissions step; nothing changed');

  const part = popup.getByRole('region', { name: 'Last reconnect' });
  await expect(part.getByTestId('verification-headline')).toContainText('stopped at the permissions step', { timeout: VERIFIED_WITHIN });
  await expect(part.getByTestId('verification-headline')).toContainText('nothing changed');
  // Longer than the verification would take to ask the backend: still nothing reached Graph.
  await popup.waitForTimeout(3_000);
  expect((await s.callsBesidesThrottled()).filter((c) => c.path === '/debug_token')).toEqual([]);
  expect(await s.callsBesidesThrottled()).toEqual([]);
  expect(await notifications(popup)).toEqual([]);
});

test('a replayed state: the product’s page says so and stores nothing', async ({ context, extensionId }) => {
  const s = await setUp(context);
  await s.setDialogOutcome({ result: 'code', accessToken: ACME_TOKEN });
  const popup = await openPopup(context, extensionId);
  const tab = await reconnect(context, popup, []);
  const callbacks: string[] = [];
  tab.on('request', (request) => {
    if (new URL(request.url()).pathname === '/reconnect/callback') callbacks.push(request.url());
  });
  await tab.getByRole('link', { name: /Continue to Facebook/ }).click();
  await tab.waitForURL(/\/reconnect\/callback\?/);
  await expect(tab.locator('h1')).toHaveText('Connected');
  const before = await tokenStamps(s);

  // The same redirect again (a reload, or someone replaying the URL).
  expect(callbacks).toHaveLength(1);
  const again = await context.newPage();
  await again.goto(callbacks[0]!);
  await expect(again.locator('h1')).toHaveText('This sign-in was already used');
  await expect(again.locator('body')).toContainText('It was not exchanged again.');
  expect(await tokenStamps(s)).toBe(before);
});

test('an expired code: the product’s page says so and stores nothing', async ({ context, extensionId }) => {
  const s = await setUp(context);
  // Meta's codes last seconds: this one lasts one, and the redirect is held back for longer.
  await s.setDialogOutcome({ result: 'code', accessToken: ACME_TOKEN, validForSeconds: 1 });
  const popup = await openPopup(context, extensionId);
  const tab = await reconnect(context, popup, []);
  // The dialog's redirect (the code is minted when the stand-in answers) reaches the browser late.
  await context.route(META_DIALOG_URL, async (route) => {
    const response = await route.fetch({ url: simulatorDialogUrl(route.request().url(), s.simulatorUrl), maxRedirects: 0 });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await route.fulfill({ response });
  });
  const before = await tokenStamps(s);
  await tab.getByRole('link', { name: /Continue to Facebook/ }).click();
  await tab.waitForURL(/\/reconnect\/callback\?/);
  await expect(tab.locator('body')).toContainText('The authorization code expired before it could be exchanged');
  await expect(tab.locator('h1')).not.toHaveText('Connected');
  expect(await tokenStamps(s)).toBe(before);
});

async function tokenStamps(s: Stack): Promise<string> {
  const response = await fetch(`${s.backendUrl}/v1/status`, { headers: { Authorization: `Bearer ${s.adminToken}` } });
  const body = (await response.json()) as { workspaces: { connections: { tokenUpdatedAt: string | null }[] }[] };
  return JSON.stringify(body.workspaces.map((w) => w.connections.map((c) => c.tokenUpdatedAt)));
}
