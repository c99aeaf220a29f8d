/**
 * The App Dashboard's WhatsApp API Setup page (developers.facebook.com/apps/{app-id}/whatsapp-business/…),
 * served at its real URL from a hand-made fixture: the temporary-token panel shows there and only
 * there (followed through the dashboard's in-page navigation), says whether the page is the product's
 * app, and the "Temporary access token" shown on the page reaches no message, storage area or history.
 */
import { connection, statusDoc, workspace } from '../support/status-fixtures';
import { expect, test } from './fixtures';
import { fixture, loadStatus, readPanel, recordedKinds, waitForPanel } from './support/content';
import { everythingHeld, recordMessages, slicesOf } from './support/holdings';
import { startStatusServer, type StatusServer } from './support/status-server';

const APP_ID = '100000000000009';
const SETUP_URL = `https://developers.facebook.com/apps/${APP_ID}/whatsapp-business/wa-dev-console/?business_id=200000000000001`;
const TOKEN = 'EAAGtemporaryFIXTUREtoken0123456789abcdefZZ';
const ours = statusDoc([workspace([connection('healthy')], { metaApp: { appId: APP_ID, configId: null, appName: 'Acme Helpdesk' } })]);

let server: StatusServer;
test.beforeEach(async () => {
  server = await startStatusServer({ status: 503, body: '{}' });
});
test.afterEach(async () => server.close());

test('API Setup of the product’s app: the temporary token lasts a day, use a system user; the token goes nowhere', async ({ context, extensionId, serveMeta }) => {
  await loadStatus(context, extensionId, server, ours);
  await recordMessages(context);
  await serveMeta('https://developers.facebook.com/apps/**', fixture('bm/app-dashboard-api-setup.html'));
  const page = await context.newPage();
  await page.goto(SETUP_URL);
  const panel = await waitForPanel(page, 'temporary-token', 'warning');
  expect(panel.text).toContain('The temporary access token lasts about a day');
  expect(panel.text).toContain('Business settings > Users > System users > Generate new token');
  expect(panel.text).not.toContain('may not be the product’s own Meta app');
  expect(panel.text).toContain('https://business.facebook.com/latest/settings/system_users?business_id=200000000000001');
  await expect.poll(() => recordedKinds(context)).toEqual(['app-dashboard-whatsapp']);

  // The dashboard's own navigation to another page of the app: the panel goes.
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect.poll(() => readPanel(page)).toBeNull();
  await expect.poll(() => recordedKinds(context)).toEqual(['other']);
  // …and back to API Setup: it returns.
  await page.getByRole('link', { name: 'API Setup' }).click();
  await waitForPanel(page, 'temporary-token', 'warning');

  const { json, messages } = await everythingHeld(context);
  expect(messages?.some((m) => m.includes('app-dashboard-whatsapp'))).toBe(true);
  expect(panel.text).not.toContain(TOKEN.slice(0, 12));
  for (const slice of slicesOf(TOKEN)) expect(json).not.toContain(slice);
});

test('another app’s API Setup says it may not be the product’s app; other dashboard pages get nothing', async ({ context, extensionId, serveMeta }) => {
  await loadStatus(context, extensionId, server, ours);
  await serveMeta('https://developers.facebook.com/apps/**', fixture('bm/app-dashboard-api-setup.html'));
  const page = await context.newPage();
  await page.goto(SETUP_URL.replace(APP_ID, '100000000000777'));
  const panel = await waitForPanel(page, 'temporary-token', 'warning');
  expect(panel.text).toContain('may not be the product’s own Meta app');

  await page.goto(`https://developers.facebook.com/apps/${APP_ID}/dashboard/`);
  // A new document on a page that is not ours reports nothing, and the earlier record goes with it.
  await expect.poll(() => recordedKinds(context)).not.toContain('app-dashboard-whatsapp');
  // A negative check needs a wait: the panel above appeared well within this time.
  await page.waitForTimeout(1500);
  expect(await readPanel(page)).toBeNull();
});
