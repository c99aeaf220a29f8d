/**
 * The content scripts in the built extension, on hand-made Meta pages served at real Meta URLs:
 * the right panel per page kind, the right kind reported to the background, SPA navigation followed
 * (pushState and the Navigation API), keyboard dismissal remembered for the session, hostile text
 * shown as text, and the dialog's readings reported per tab.
 */
import { connection, statusDoc, workspace } from '../support/status-fixtures';
import { expect, test } from './fixtures';
import { fixture, loadStatus, readPanel, recordedKinds, sessionValue, waitForPanel } from './support/content';
import { startStatusServer, type StatusServer } from './support/status-server';

const BID = '200000000000001';
const WABA = '100000000000001';
const PEOPLE_URL = `https://business.facebook.com/latest/settings/business_users?business_id=${BID}`;
const WABA_URL = `https://business.facebook.com/latest/settings/whatsapp_account?business_id=${BID}&selected_asset_id=${WABA}&selected_asset_type=whatsapp-business-account`;
const APPS_URL = `https://business.facebook.com/latest/settings/connected_apps?business_id=${BID}`;
const HOME_URL = `https://business.facebook.com/latest/home?business_id=${BID}`;
const DIALOG_URL =
  'https://www.facebook.com/v21.0/dialog/oauth?client_id=100000000000009&config_id=300000000000001&redirect_uri=https%3A%2F%2Fapp.example%2Fmeta%2Fcallback&state=st-abc123&response_type=code&override_default_response_type=true';
const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">Support line';

const status = statusDoc([
  workspace([
    connection('healthy', {
      wabas: [{ id: WABA, name: HOSTILE_NAME, expected: true, management: true, messaging: true, reachable: true, health: 'available' }],
      authorizingUser: { id: '900000000000001', name: 'Pat Example', role: 'employee' },
    }),
  ]),
]);

let server: StatusServer;
test.beforeEach(async () => {
  server = await startStatusServer({ status: 503, body: '{}' });
});
test.afterEach(async () => server.close());

test('a WABA page shows that WABA’s status from the backend, with hostile names as text', async ({ context, extensionId, serveMeta }) => {
  await loadStatus(context, extensionId, server, status);
  await serveMeta('https://business.facebook.com/**', fixture('bm/business-settings-spa.html'));
  const page = await context.newPage();
  await page.goto(WABA_URL);
  const panel = await waitForPanel(page, 'waba-status', 'ok');
  expect(panel.shadowRootType).toBe('closed');
  expect(panel.role).toBe('complementary');
  expect(panel.label).toBe('Reconnect Assistant: Connected and working');
  expect(panel.text).toContain(`“${HOSTILE_NAME}” in Acme Support`);
  expect(panel.tags).not.toContain('img');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect.poll(() => recordedKinds(context)).toEqual(['bm-whatsapp-accounts']);

  // The backend's answer changes while the page is open: the background tells the tab, the panel follows.
  const revoked = { ...statusDoc([workspace([connection('revoked', { wabas: status.workspaces[0]?.connections[0]?.wabas ?? [] })])]), generatedAt: '2026-11-21T11:00:00Z' };
  await loadStatus(context, extensionId, server, revoked);
  const broken = await waitForPanel(page, 'waba-status', 'danger');
  expect(broken.text).toContain('Not working: access was revoked.');

  // A WABA the product does not use.
  await page.goto(WABA_URL.replace(WABA, '100000000000777'));
  const other = await waitForPanel(page, 'waba-status', 'info');
  expect(other.text).toContain('None of the product’s 1 workspace uses this WhatsApp account (ID 100000000000777).');
});

test('without any backend status the WABA panel says unknown, never green', async ({ context, serveMeta }) => {
  await serveMeta('https://business.facebook.com/**', fixture('bm/business-settings-spa.html'));
  const page = await context.newPage();
  await page.goto(WABA_URL);
  const panel = await waitForPanel(page, 'waba-status', 'unknown');
  expect(panel.text).toContain('Connection status unknown');
});

test('SPA navigation between Business Settings pages is followed, by pushState and by the Navigation API', async ({ context, extensionId, serveMeta }) => {
  await loadStatus(context, extensionId, server, status);
  await serveMeta('https://business.facebook.com/**', fixture('bm/business-settings-spa.html'));
  const page = await context.newPage();
  await page.goto(PEOPLE_URL);

  // People: the page marks Ana Example as "You" with Partial access; the backend says the person who
  // authorized the connection is an employee. Both signals fire, each named.
  const people = await waitForPanel(page, 'admin-access', 'danger');
  expect(people.text).toContain('Flagged by this People page and the product’s backend');
  expect(people.text).toContain('Your row (“Ana Example”) shows Partial access to this business portfolio, not Full control.');
  expect(people.text).toContain('Acme Support: authorized by Pat Example, who has Partial access (Employee).');
  await expect.poll(() => recordedKinds(context)).toEqual(['bm-people']);

  await page.evaluate((url) => (window as unknown as { go: (u: string) => void }).go(url), WABA_URL);
  await waitForPanel(page, 'waba-status', 'ok');
  await expect.poll(() => recordedKinds(context)).toEqual(['bm-whatsapp-accounts']);

  await page.evaluate((url) => (window as unknown as { go: (u: string, how: string) => Promise<void> }).go(url, 'navigate'), APPS_URL);
  const apps = await waitForPanel(page, 'app-removal', 'warning');
  expect(apps.text).toContain('Removing the product’s app from Connected apps immediately revokes its access');
  expect(apps.text).toContain(`${HOSTILE_NAME} — ID ${WABA} · workspace Acme Support`);
  expect(apps.tags).not.toContain('img');
  await expect.poll(() => recordedKinds(context)).toEqual(['bm-connected-apps']);

  // Leaving for a page that is not ours: the panel goes, and the tab's record says so.
  await page.evaluate((url) => (window as unknown as { go: (u: string) => void }).go(url), HOME_URL);
  await expect.poll(() => readPanel(page)).toBeNull();
  await expect.poll(() => recordedKinds(context)).toEqual(['other']);

  // Clicking the app's own link (pushState through its router) brings People back.
  await page.getByRole('link', { name: 'People' }).click();
  await waitForPanel(page, 'admin-access', 'danger');
  await expect.poll(() => recordedKinds(context)).toEqual(['bm-people']);
});

test('the panel is keyboard accessible, and a dismissal holds for that page kind for the session', async ({ context, serveMeta }) => {
  await serveMeta('https://business.facebook.com/**', fixture('bm/business-settings-spa.html'));
  const page = await context.newPage();
  await page.goto(APPS_URL);
  const panel = await waitForPanel(page, 'app-removal');
  expect(panel.buttons).toEqual(['Dismiss Reconnect Assistant panel']);

  // Tab from the page's last control moves into the panel (its only control: the Dismiss button).
  await page.getByRole('button', { name: 'Remove' }).focus();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.matches('div[data-ra-panel]') ?? false)).toBe(true);
  await page.keyboard.press('Escape');
  await expect.poll(() => readPanel(page)).toBeNull();
  await expect.poll(() => sessionValue<string[]>(context, 'dismissedPanels')).toEqual(['bm-connected-apps']);

  // Another kind still gets its panel; coming back to the dismissed kind (SPA or reload) does not.
  await page.evaluate((url) => (window as unknown as { go: (u: string) => void }).go(url), WABA_URL);
  await waitForPanel(page, 'waba-status');
  for (const back of ['spa', 'reload'] as const) {
    if (back === 'spa') await page.evaluate((url) => (window as unknown as { go: (u: string) => void }).go(url), APPS_URL);
    else await page.reload();
    await expect.poll(() => recordedKinds(context)).toEqual(['bm-connected-apps']);
    // A negative check needs a wait: the WABA panel above appeared well within this time.
    await page.waitForTimeout(1500);
    expect(await readPanel(page)).toBeNull();
  }
});

test('the dialog script reports each new screen reading per tab, and a not-admin error reaches the People page', async ({ context, extensionId, serveMeta }) => {
  await loadStatus(context, extensionId, server, statusDoc([workspace([connection('healthy')])]));
  await serveMeta('https://www.facebook.com/v21.0/dialog/oauth?**', fixture('bm/oauth-dialog-flow.html'));
  await serveMeta('https://business.facebook.com/**', fixture('bm/business-settings-spa.html'));
  const dialog = await context.newPage();
  await dialog.goto(DIALOG_URL);
  type Stored = Record<string, { page: { kind: string; appId: string; state: string | null }; screen: { kind: string; wabas: { name: string; selected: boolean | null }[]; selectedCount: number | null; alerts: { kind: string; text: string }[] } }>;
  const screens = async () => Object.values((await sessionValue<Stored>(context, 'dialogScreensByTab')) ?? {});

  await expect.poll(async () => (await screens())[0]?.screen.kind).toBe('waba-selection');
  const first = (await screens())[0];
  expect(first?.page).toMatchObject({ kind: 'oauth-dialog', appId: '100000000000009', state: null });
  expect(first?.screen.wabas).toEqual([
    { name: 'Support line', selected: true, id: null, disabled: false },
    { name: 'Sales line', selected: false, id: null, disabled: false },
  ]);
  const reading = await waitForPanel(dialog, 'dialog-reading', 'info');
  expect(reading.text).toContain('Reading: WhatsApp account selection');

  // The admin ticks the second account: a new reading, with the page's own counter.
  await dialog.locator('#waba-2').click();
  await expect.poll(async () => (await screens())[0]?.screen.wabas.map((w) => w.selected)).toEqual([true, true]);
  expect((await screens())[0]?.screen.selectedCount).toBe(2);

  await dialog.locator('#continue').click();
  await expect.poll(async () => (await screens())[0]?.screen.kind).toBe('error');
  const alert = (await screens())[0]?.screen.alerts[0];
  expect(alert?.kind).toBe('not-admin');
  const danger = await waitForPanel(dialog, 'dialog-reading', 'danger');
  expect(danger.text).toContain('Contact admin of the Business manager "<img src=x onerror=window.__pwned=1>" to gain access.');
  expect(danger.tags).not.toContain('img');

  // On the People page, the dialog is named as the signal that fired (this page itself cannot tell).
  const people = await context.newPage();
  await people.goto(PEOPLE_URL);
  const flag = await waitForPanel(people, 'admin-access', 'danger');
  expect(flag.text).toMatch(/Meta’s login dialog — At \d{4}-\d\d-\d\d \d\d:\d\d UTC it said: “Admin permission required/);
});
