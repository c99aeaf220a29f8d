/**
 * The login-dialog script's on-demand chunk (lib/content/on-demand.ts,
 * entrypoints/facebook-dialog-on-demand.ts) in the built extension: an English dialog of another
 * app, which has no reconnect attempt, is read but never asks for the chunk; our app's dialog in the
 * same tab does, once, and draws the checklist; a Spanish dialog loads it for its rule pack before
 * the first reading and reads as it does everywhere else (lib/screens/rules/dialog-packs.ts); and the
 * page sees nothing of the chunk (no fixed-id URL, no entry in its resource timing;
 * docs/permissions.json).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import type { Stack } from '../support/backend-harness';
import { META_FIXTURES_DIR } from '../support/meta-fixtures';
import { expect, serviceWorker, test } from './fixtures';
import { readChecklist, waitForItem } from './support/checklist';
import { simulatorDialogUrl } from './support/meta-dialog-route';
import { acmeScript, ACME_TOKEN, APP_ID, CONFIG_ID, snapshotApps, startLiveStack } from './support/live-stack';

const CHUNK = 'facebook-dialog-on-demand';

let stack: Stack | null = null;
test.afterEach(async () => {
  await stack?.stop();
  stack = null;
});

const dialogUrl = (clientId: string) =>
  `https://www.facebook.com/v24.0/dialog/oauth?${new URLSearchParams({ client_id: clientId, config_id: CONFIG_ID, redirect_uri: `${stack!.backendUrl}/reconnect/callback`, state: 'e2e-state', response_type: 'code' })}`;

/**
 * Every request the page's network stack was asked for, the content script's dynamic imports
 * included, by request id: Chromium serves a dynamic extension URL through an internal redirect to
 * the fixed one, the same request seen twice.
 */
async function watchRequests(page: Page): Promise<{ cdp: CDPSession; chunkRequests: () => string[] }> {
  const cdp = await page.context().newCDPSession(page);
  const requested = new Map<string, string>();
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (event: { requestId: string; request: { url: string } }) => {
    if (!requested.has(event.requestId)) requested.set(event.requestId, event.request.url);
  });
  return { cdp, chunkRequests: () => [...requested.values()].filter((u) => u.includes(CHUNK)) };
}

async function sessionText(context: BrowserContext): Promise<string> {
  const sw = await serviceWorker(context);
  return JSON.stringify(await sw.evaluate(async () => chrome.storage.session.get(null)));
}

test('a dialog of another app never loads the checklist chunk; our app’s dialog in the same tab loads it once and draws the checklist', async ({ context, extensionId }) => {
  stack = await startLiveStack(context, extensionId, ['acme-support']);
  await expect.poll(async () => (await snapshotApps(context)).join(',')).toBe(APP_ID);
  await stack.setDialogOutcome({ result: 'interactive', script: acmeScript(), baseToken: ACME_TOKEN, previousToken: ACME_TOKEN });
  // Meta-shaped screens at a dialog URL whose client_id is another app's: read, but no attempt.
  const other = dialogUrl('700000000000999');
  const html = await (await fetch(simulatorDialogUrl(dialogUrl(APP_ID), stack.simulatorUrl))).text();
  await context.route(other, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  const page = await context.newPage();
  const { cdp, chunkRequests } = await watchRequests(page);
  await page.goto(other);
  await expect(page.getByRole('heading', { name: 'Select a business portfolio' })).toBeVisible();
  // The script ran and reported this dialog's screen (the background keeps it per tab)...
  await expect.poll(() => sessionText(context)).toContain('"kind":"oauth-dialog"');
  await expect.poll(() => sessionText(context)).toContain('business-selection');
  // ...and had its attempt-checklist answered (null) well within this wait; no chunk was asked for.
  await page.waitForTimeout(1500);
  expect(await readChecklist(page)).toBeNull();
  expect(chunkRequests()).toEqual([]);

  // The control: our app's dialog in the same tab starts an attempt, asks for the chunk once, draws.
  await page.goto(dialogUrl(APP_ID));
  await waitForItem(page, 'Passed', 'Business portfolio');
  expect(chunkRequests()).toHaveLength(1);
  // Asked for at the per-session dynamic URL (use_dynamic_url), not the fixed id.
  expect(chunkRequests()[0]).not.toContain(extensionId);
  // The page cannot fetch the chunk at the extension's fixed id, nor see it in its resource timing.
  const seen = await page.evaluate(async (id) => {
    const entries = performance.getEntriesByType('resource').map((e) => e.name);
    const probe = await fetch(`chrome-extension://${id}/facebook-dialog-on-demand.js`).then(
      (r) => `status ${r.status}`,
      () => 'refused',
    );
    return { extensionEntries: entries.filter((n) => !n.startsWith('http')), probe };
  }, extensionId);
  expect(seen.probe).toBe('refused');
  expect(seen.extensionEntries).toEqual([]);
  await cdp.detach();
});

test('a Spanish dialog of another app loads the chunk for its rule pack before reading, and reads the step', async ({ context, extensionId }) => {
  stack = await startLiveStack(context, extensionId, ['acme-support']);
  await expect.poll(async () => (await snapshotApps(context)).join(',')).toBe(APP_ID);
  const other = dialogUrl('700000000000999');
  const html = readFileSync(path.join(META_FIXTURES_DIR, 'business-selection.es.html'), 'utf8');
  await context.route(other, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  const page = await context.newPage();
  const { cdp, chunkRequests } = await watchRequests(page);
  await page.goto(other);
  // Read with the Spanish pack (English alone would read this screen as unknown).
  await expect.poll(() => sessionText(context)).toContain('"locale":"es"');
  expect(await sessionText(context)).toContain('"kind":"business-selection"');
  expect(chunkRequests()).toHaveLength(1);
  // No attempt: nothing drawn, though the chunk that draws is in.
  expect(await readChecklist(page)).toBeNull();
  await cdp.detach();
});
