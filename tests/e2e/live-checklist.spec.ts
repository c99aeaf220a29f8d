/**
 * The live reconnect checklist, end to end: the built extension, the reference backend and the Graph
 * simulator as real processes (tests/support/backend-harness.ts), and Meta's dialog served at its
 * REAL URL from the simulator's interactive stand-in (tests/e2e/support/meta-dialog-route.ts). The
 * checklist is read the way assistive technology reads it (tests/e2e/support/checklist.ts), the tab
 * badge from the extension's own action API, the attempt from storage.session.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { META_FIXTURES_DIR } from '../support/meta-fixtures';
import { demoScenarios, type Stack, type StackOptions } from '../support/backend-harness';
import type { DialogScript } from '../../server/simulator/dialog-page';
import { expect, serviceWorker, test } from './fixtures';
import { clickInChecklist, copyChecklistForAxe, readChecklist, waitForItem, type ChecklistReading } from './support/checklist';
import { readPanel } from './support/content';
import { everythingHeld, recordMessages, slicesOf } from './support/holdings';
import { simulatorDialogUrl } from './support/meta-dialog-route';
import { acmeScript, ACME_TOKEN, APP_ID, CONFIG_ID, PORTFOLIO, SALES, snapshotApps, startLiveStack, SUPPORT } from './support/live-stack';

let stack: Stack | null = null;
test.afterEach(async () => {
  await stack?.stop();
  stack = null;
});

/** The stack with Acme Support as the admin's only workspace, polled once, its app known to the extension. */
async function setUp(context: BrowserContext, extensionId: string, options: StackOptions = {}): Promise<Stack> {
  stack = await startLiveStack(context, extensionId, ['acme-support'], options);
  // The app's dialogs are recognised from the cached status (each workspace's metaApp).
  await expect.poll(async () => (await snapshotApps(context)).join(',')).toBe(APP_ID);
  return stack;
}

const script = acmeScript;

const dialogUrl = (clientId = APP_ID) =>
  `https://www.facebook.com/v24.0/dialog/oauth?${new URLSearchParams({ client_id: clientId, config_id: CONFIG_ID, redirect_uri: `${stack!.backendUrl}/reconnect/callback`, state: 'e2e-state', response_type: 'code' })}`;

async function openDialog(context: BrowserContext, over: Partial<DialogScript> = {}): Promise<Page> {
  await stack!.setDialogOutcome({ result: 'interactive', script: script(over), baseToken: ACME_TOKEN, previousToken: ACME_TOKEN });
  const page = await context.newPage();
  await page.goto(dialogUrl());
  return page;
}

/** Stored attempts (storage.session), by tab id. */
async function attempts(context: BrowserContext): Promise<Record<string, { tabs: number[]; readings: unknown[]; workspace: { kind: string; workspaceId?: string } }>> {
  const sw = await serviceWorker(context);
  return sw.evaluate(async () => ((await chrome.storage.session.get('attempts')) as { attempts?: Record<string, never> }).attempts ?? {});
}

async function theTab(context: BrowserContext): Promise<number> {
  await expect.poll(async () => Object.keys(await attempts(context)).length, { message: 'one attempt stored' }).toBe(1);
  return Number(Object.keys(await attempts(context))[0]);
}

async function tabBadge(context: BrowserContext, tabId: number): Promise<{ text: string; title: string }> {
  const sw = await serviceWorker(context);
  return sw.evaluate(async (id) => ({ text: await chrome.action.getBadgeText({ tabId: id }), title: await chrome.action.getTitle({ tabId: id }) }), tabId);
}

const click = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click();
const states = (c: ChecklistReading | null) => (c?.items ?? []).map((i) => i.split(':')[0]);

test('happy path: every item Passed and the tab badge a green mark, the global badge back when the tab closes', async ({ context, extensionId }) => {
  await setUp(context, extensionId);
  const page = await openDialog(context, { previousGrant: true });
  await waitForItem(page, 'Not checked yet', 'WhatsApp accounts');
  const tabId = await theTab(context);
  expect((await attempts(context))[tabId]?.workspace).toEqual({ kind: 'chosen', workspaceId: 'acme-support', why: 'only-one' });

  await page.getByRole('link', { name: 'Edit previous settings' }).click();
  await waitForItem(page, 'Passed', 'Business portfolio');
  await click(page, 'Next');
  await waitForItem(page, 'Passed', 'WhatsApp accounts');
  await click(page, 'Continue');
  const done = await waitForItem(page, 'Passed', 'WhatsApp permissions');
  expect(states(done)).toEqual(['Passed — Admin access', 'Passed — Business portfolio', 'Passed — WhatsApp accounts', 'Passed — WhatsApp permissions', 'Passed — Previous settings']);
  expect(done.items).toContain('Passed — Previous settings: editing the previous settings');
  expect(done.alerts).toEqual([]);
  expect(done.name).toBe('Reconnect checklist: Passed');
  // One panel at a time: the checklist replaces the dialog's reading panel (they would overlap).
  expect(await readPanel(page)).toBeNull();
  await expect.poll(async () => (await tabBadge(context, tabId)).text).toBe('✓');
  expect((await tabBadge(context, tabId)).title).toMatch(/^Reconnect checklist: everything read so far matches/);

  const globalBadge = await (await serviceWorker(context)).evaluate(() => chrome.action.getBadgeText({}));
  await page.close();
  await expect.poll(async () => Object.keys(await attempts(context)).length).toBe(0);
  // The closed tab's own badge is gone with it; what the toolbar shows is the global badge again.
  const sw = await serviceWorker(context);
  expect(await sw.evaluate(() => chrome.action.getBadgeText({}))).toBe(globalBadge);
});

test('a WhatsApp permission switched off fails live, and passes again when switched back on', async ({ context, extensionId }) => {
  await setUp(context, extensionId);
  const page = await openDialog(context);
  const tabId = await theTab(context);
  await click(page, 'Next');
  await click(page, 'Continue');
  await waitForItem(page, 'Passed', 'WhatsApp permissions');
  const messaging = page.getByRole('switch', { name: 'Manage and access conversations in WhatsApp' });
  await messaging.click();
  const failed = await waitForItem(page, 'Failed', 'WhatsApp permissions');
  expect(failed.items).toContain('Failed — WhatsApp permissions: whatsapp_business_messaging is off. Switch whatsapp_business_messaging on.');
  expect(failed.name).toBe('Reconnect checklist: Failed');
  await expect.poll(async () => (await tabBadge(context, tabId)).text).toBe('!');
  expect((await tabBadge(context, tabId)).title).toContain('Failed — WhatsApp permissions');
  await messaging.click();
  await waitForItem(page, 'Passed', 'WhatsApp permissions');
  await expect.poll(async () => (await tabBadge(context, tabId)).text).not.toBe('!');
});

test('an expected, currently covered WABA unticked: Failed and a revocation alert, cleared when ticked again', async ({ context, extensionId }) => {
  await setUp(context, extensionId);
  const page = await openDialog(context);
  const tabId = await theTab(context);
  await click(page, 'Next');
  await waitForItem(page, 'Passed', 'WhatsApp accounts');
  const sales = page.getByRole('checkbox', { name: SALES.name });
  await sales.click();
  const failed = await waitForItem(page, 'Failed', 'WhatsApp accounts');
  expect(failed.items.find((i) => i.startsWith('Failed — WhatsApp accounts'))).toContain(`${SALES.name} is not selected`);
  expect(failed.alerts).toHaveLength(1);
  expect(failed.alerts[0]).toContain(SALES.name);
  expect(failed.alerts[0]).toMatch(/revoke/i);
  await expect.poll(async () => (await tabBadge(context, tabId)).text).toBe('!');
  await sales.click();
  const cleared = await waitForItem(page, 'Passed', 'WhatsApp accounts');
  expect(cleared.alerts).toEqual([]);
});

test('not an admin: Admin access Failed with Meta’s message and the fix', async ({ context, extensionId }) => {
  await setUp(context, extensionId);
  const page = await openDialog(context, { adminError: { portfolioName: PORTFOLIO.name } });
  const tabId = await theTab(context);
  await click(page, 'Next');
  await click(page, 'Continue');
  const failed = await waitForItem(page, 'Failed', 'Admin access');
  const admin = failed.items.find((i) => i.startsWith('Failed — Admin access')) ?? '';
  expect(admin).toContain("You don't have permission to edit these settings. Contact admin of the Business manager");
  expect(admin).toContain('Full control');
  await expect.poll(async () => (await tabBadge(context, tabId)).text).toBe('!');
});

test('“Reconnect to <App>?” when the connection misses an expected WABA: Previous settings Failed', async ({ context, extensionId }) => {
  const scenarios = demoScenarios();
  const acme = scenarios.tokens![ACME_TOKEN]!;
  // The token covers only the support line: the sales line is missing before the reconnect.
  acme.debugToken.granularScopes = acme.debugToken.granularScopes!.map((g) => (g.targetIds ? { ...g, targetIds: g.targetIds.filter((id) => id !== SALES.id) } : g));
  acme.wabas = acme.wabas!.filter((w) => w.id !== SALES.id);
  await setUp(context, extensionId, { scenarios });
  const page = await openDialog(context, { previousGrant: true });
  const tabId = await theTab(context);
  const failed = await waitForItem(page, 'Failed', 'Previous settings');
  expect(failed.items.find((i) => i.startsWith('Failed — Previous settings'))).toContain(`Continue re-applies the previous selection, which lacks ${SALES.name}; choose Edit previous settings`);
  await expect.poll(async () => (await tabBadge(context, tabId)).text).toBe('!');
});

test('a dialog of another app: no overlay, no attempt, no badge of its own', async ({ context, extensionId }) => {
  await setUp(context, extensionId);
  await stack!.setDialogOutcome({ result: 'interactive', script: script(), baseToken: ACME_TOKEN });
  // The same Meta-shaped screens, at a dialog URL whose client_id is another app's.
  const html = await (await fetch(simulatorDialogUrl(dialogUrl(), stack!.simulatorUrl))).text();
  const other = dialogUrl('700000000000999');
  await context.route(other, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  const page = await context.newPage();
  await page.goto(other);
  await expect(page.getByRole('heading', { name: 'Select a business portfolio' })).toBeVisible();
  await click(page, 'Next');
  await expect(page.getByRole('checkbox', { name: SALES.name })).toBeVisible();
  // Give the content script its time (its reading is reported within a few hundred ms).
  await page.waitForTimeout(1500);
  expect(await readChecklist(page)).toBeNull();
  expect(await attempts(context)).toEqual({});
  const sw = await serviceWorker(context);
  const tabIds = await sw.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id!));
  const own = await sw.evaluate(async (ids) => Promise.all(ids.map(async (id) => [await chrome.action.getBadgeText({ tabId: id }), await chrome.action.getBadgeText({})])), tabIds);
  for (const [tab, global] of own) expect(tab).toBe(global);
});

test('an unreadable screen of our dialog: Not verified, and the outline copies with names replaced', async ({ context, extensionId }) => {
  await setUp(context, extensionId);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: 'https://www.facebook.com' });
  // A screen no rule knows (Meta changed its UI), naming the business and an account.
  const html = `<!doctype html><html lang="en"><body><div role="dialog" aria-modal="true">
    <div role="heading" aria-level="2">Something new from Meta for ${PORTFOLIO.name}</div>
    <div role="list"><div role="listitem"><div role="checkbox" aria-checked="true" tabindex="0" aria-labelledby="n1"></div><span id="n1">${SUPPORT.name}</span></div></div>
    <input type="text" value="typed-by-the-admin" aria-label="Notes">
    <div role="button" tabindex="0">Continue</div></div></body></html>`;
  await context.route(dialogUrl(), (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  const page = await context.newPage();
  await page.goto(dialogUrl());
  const unverified = await waitForItem(page, 'Not verified', 'Admin access');
  expect(unverified.items).toContain('Not verified — Admin access: a screen of the dialog could not be read, so an admin-access error there would not have been seen');
  const tabId = await theTab(context);
  await expect.poll(async () => (await tabBadge(context, tabId)).text).toBe('?');

  await clickInChecklist(page, 'button', 'Copy screen outline for support');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('reconnect-assistant/screen-outline');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const outline = JSON.parse(copied) as { names: number; root: unknown };
  expect(copied).not.toContain(PORTFOLIO.name);
  expect(copied).not.toContain(SUPPORT.name);
  expect(copied).not.toContain('typed-by-the-admin');
  expect(copied).toContain('Name 1');
  expect(copied).toContain('"checked":"true"');
  expect(outline.names).toBeGreaterThanOrEqual(2);
});

test('the service worker stopped mid-attempt: the attempt and its checklist survive, and it goes on live', async ({ context, extensionId }) => {
  await setUp(context, extensionId);
  const page = await openDialog(context);
  const tabId = await theTab(context);
  await click(page, 'Next');
  await waitForItem(page, 'Passed', 'WhatsApp accounts');
  const before = await readChecklist(page);
  const stored = (await attempts(context))[tabId]!;

  const cdp = await context.newCDPSession(page);
  const script = `chrome-extension://${extensionId}/background.js`;
  const history: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: { scriptURL: string; runningStatus: string }[] }) => {
    for (const v of event.versions) if (v.scriptURL === script) history.push(v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect.poll(() => history.at(-1)).toBe('stopped');

  // The overlay stays drawn; the admin's next click wakes the worker, which finds the attempt.
  expect(await readChecklist(page)).toEqual(before);
  await page.getByRole('checkbox', { name: SALES.name }).click();
  const failed = await waitForItem(page, 'Failed', 'WhatsApp accounts');
  expect(failed.alerts).toHaveLength(1);
  expect(history).toContain('running');
  const after = (await attempts(context))[tabId]!;
  expect(after.readings.slice(0, stored.readings.length)).toEqual(stored.readings);
  expect(after.readings.length).toBeGreaterThan(stored.readings.length);
  await expect.poll(async () => (await tabBadge(context, tabId)).text).toBe('!');
  await cdp.detach();
});

test('the system-user token dialog: 60 days and a WhatsApp permission unticked fail, and the token reaches nothing', async ({ context, extensionId }) => {
  await setUp(context, extensionId);
  // Every message the background receives, as sent.
  await recordMessages(context);
  const url = `https://business.facebook.com/latest/settings/system_users?business_id=${PORTFOLIO.id}&selected_user_id=610000000000001`;
  const choosing = readFileSync(path.join(META_FIXTURES_DIR, 'token-dialog', 'generate-token.en.html'), 'utf8').replaceAll('Acme Helpdesk', 'Reconnect Demo App');
  const generated = readFileSync(path.join(META_FIXTURES_DIR, 'token-dialog', 'generated.en.html'), 'utf8');
  let body = choosing;
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
  const page = await context.newPage();
  await page.goto(url);
  const failed = await waitForItem(page, 'Failed', 'Token expiration');
  expect(failed.items[0]).toBe('Passed — App: Reconnect Demo App is chosen');
  expect(failed.items[1]).toMatch(/^Failed — Token expiration: 60 days: the token would stop working on \d{1,2} \w+ \d{4}\. Choose Never/);
  expect(failed.items[2]).toBe('Failed — Permissions: whatsapp_business_messaging is not ticked. Tick whatsapp_business_messaging.');
  const tabId = await theTab(context);
  await expect.poll(async () => (await tabBadge(context, tabId)).text).toBe('!');

  // The token is generated and shown: the overlay says where it goes, and the token goes nowhere.
  body = generated;
  await page.reload();
  await expect.poll(async () => (await readChecklist(page))?.text ?? '').toContain('paste it in the product at');
  const TOKEN = 'TESTTOKENxQ9vR2mK7pL4sT8wZ1yB6nC3dF5gH0jA2eU7iO9qW4rY6tP1aS3dF8gJ0kL5zX';
  const { json: everything, messages } = await everythingHeld(context);
  // The listener was installed in this worker; a restarted worker would have lost it (and this check).
  expect(messages?.some((m) => m.includes('"token-screen"'))).toBe(true);
  for (const slice of slicesOf(TOKEN)) expect(everything).not.toContain(slice);
});

test('axe finds no serious or critical violation in the overlay, light and dark', async ({ context, extensionId }) => {
  await setUp(context, extensionId);
  const page = await openDialog(context);
  await click(page, 'Next');
  await page.getByRole('checkbox', { name: SALES.name }).click();
  await waitForItem(page, 'Failed', 'WhatsApp accounts');
  // axe cannot enter a closed shadow root: the overlay's rendered DOM (read through CDP) is copied
  // into an open one on the same page, with its own styles, and axe checks that copy.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await copyChecklistForAxe(page, 'axe-copy');
    const results = await new AxeBuilder({ page }).include('#axe-copy').analyze();
    expect(results.passes.map((p) => p.id), `${colorScheme}: colour contrast computed`).toContain('color-contrast');
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${colorScheme}: ${v.id}: ${v.help}`)).toEqual([]);
  }
});
