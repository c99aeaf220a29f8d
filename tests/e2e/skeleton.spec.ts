/**
 * The walking skeleton, end to end on the built extension: backend status → badge → popup, the
 * failure states, and the Business Manager content script reporting its page.
 */
import { connection, statusDoc, workspace } from '../support/status-fixtures';
import { badgeText, configureBackend, expect, serviceWorker, test } from './fixtures';
import { startStatusServer, type StatusServer } from './support/status-server';
import { openDetails, workspaceCard } from './support/popup';

let server: StatusServer;
test.beforeEach(async () => {
  server = await startStatusServer({ status: 200, body: JSON.stringify(statusDoc([workspace([connection('expired')])])) });
});
test.afterEach(async () => server.close());

test('the badge and popup reflect the backend status', async ({ context, extensionId }) => {
  await configureBackend(context, server.url, 'e2e-token');
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(workspaceCard(popup, 'Acme Support').locator('[data-status="expired"]')).toHaveText('Token expired');
  const card = await openDetails(popup, 'Acme Support');
  await expect(card.locator('[data-connection="conn-expired"] [data-status="expired"]')).toHaveText('Token expired');
  await expect.poll(() => badgeText(context)).toBe('!');
  expect(server.requests.at(-1)).toEqual({ path: '/v1/status', auth: 'Bearer e2e-token' });

  server.reply({ status: 200, body: JSON.stringify(statusDoc([workspace([connection('healthy')])])) });
  await popup.reload();
  await expect(popup.getByRole('button', { name: 'Healthy (1)' })).toBeVisible(); // healthy workspaces: one collapsed group
  await expect.poll(() => badgeText(context)).toBe('');
});

test('an unreachable backend, a 500 and a schema violation each show their own state', async ({ context, extensionId }) => {
  await configureBackend(context, server.url, 'e2e-token');
  const popup = await context.newPage();
  const cases = [
    { reply: { drop: true } as const, title: 'Backend unreachable' },
    { reply: { status: 500, body: '{"error":"boom"}' }, title: 'Backend error' },
    { reply: { status: 200, body: JSON.stringify({ apiVersion: 'v1', workspaces: [{ id: 1 }] }) }, title: 'Invalid response' },
  ];
  // Reopening the popup during a failure waits out the back-off, so each case is asked for with the
  // Refresh button, the admin's explicit request.
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  for (const { reply, title } of cases) {
    server.reply(reply);
    await popup.getByRole('button', { name: 'Refresh' }).click();
    await expect(popup.getByRole('alert')).toContainText(title);
  }
  // The background survived all three and recovers on the next good answer.
  server.reply({ status: 200, body: JSON.stringify(statusDoc([workspace([connection('healthy')])])) });
  await popup.getByRole('button', { name: 'Refresh' }).click();
  await expect(popup.getByRole('button', { name: 'Healthy (1)' })).toBeVisible(); // healthy workspaces: one collapsed group
  await expect(popup.getByRole('alert')).toHaveCount(0);
});

test('the popup says when nothing is configured', async ({ context, extensionId }) => {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByRole('alert')).toContainText('Not configured');
});

test('the content script classifies a Business Manager page and reports it', async ({ context, serveMeta }) => {
  const url = 'https://business.facebook.com/latest/settings/whatsapp_account?business_id=200000000000001&selected_asset_id=100000000000001&selected_asset_type=whatsapp-business-account';
  await serveMeta('https://business.facebook.com/**', '<!doctype html><html lang="en"><title>Business settings</title><body><div role="main">WhatsApp accounts</div></body></html>');
  const page = await context.newPage();
  await page.goto(url);
  await expect
    .poll(async () => {
      const sw = await serviceWorker(context);
      return sw.evaluate(async () => Object.values((await chrome.storage.session.get('pagesByTab')).pagesByTab ?? {}));
    })
    .toEqual([expect.objectContaining({ kind: 'bm-whatsapp-accounts', businessId: '200000000000001', wabaId: '100000000000001' })]);
});
