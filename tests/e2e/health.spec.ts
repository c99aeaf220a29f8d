/**
 * Token health end to end: the BUILT extension in Chromium against the reference backend and the
 * Graph API simulator (real child processes, tests/support/backend-harness.ts). Each test seeds
 * the backend with the demo workspaces it needs (server/demo/seed.json + scenarios.json):
 *   juniper-dental  expired user token (190/463)
 *   harbor-shop     user token expiring in 3 days
 *   acme-support    healthy WhatsApp + catalog
 */
import type { BrowserContext, Page } from '@playwright/test';
import { demoScenarios, demoSeed, startStack, type Stack, type StackOptions } from '../support/backend-harness';
import { badgeText, badgeTitle, configureBackend, expect, serviceWorker, test } from './fixtures';
import { startStatusServer } from './support/status-server';
import { announcer, cardNotice, recordAnnouncements, openDetails, openPopup as open, waitForPopupIdle, workspaceAction, workspaceCard } from './support/popup';

let stack: Stack | null = null;
test.afterEach(async () => {
  await stack?.stop();
  stack = null;
});

async function stackWith(workspaces: string[], options: StackOptions = {}): Promise<Stack> {
  const seed = demoSeed();
  seed.admins = [{ ...seed.admins[0]!, workspaces }];
  seed.workspaces = seed.workspaces.filter((w) => workspaces.includes(w.id));
  stack = await startStack({ seed, ...options });
  return stack;
}

// The popup asks for a fresh poll when it opens ("Checking…"); this waits until it is done.
const openPopup = (context: BrowserContext, extensionId: string, hash = ''): Promise<Page> => open(context, extensionId, hash);

async function notifications(context: BrowserContext): Promise<string[]> {
  const sw = await serviceWorker(context);
  return Object.keys(await sw.evaluate(() => chrome.notifications.getAll())).sort();
}

test('an expired token: red badge, one notification, and the right detail in the popup', async ({ context, extensionId }) => {
  const s = await stackWith(['juniper-dental', 'acme-support']);
  await configureBackend(context, s.backendUrl, s.adminToken);
  const popup = await openPopup(context, extensionId);

  await expect.poll(() => badgeText(context)).toBe('!');
  expect(await badgeTitle(context)).toBe('Reconnect Assistant: 1 connection needs attention: Juniper Dental (WhatsApp): token expired.');
  await expect.poll(() => notifications(context)).toEqual(['ra|worse|juniper-dental|juniper-wa|expired']);

  // At a popup's size, the compact card: status, cause and Reconnect, visible without scrolling or expanding.
  await popup.setViewportSize({ width: 400, height: 600 });
  const card = workspaceCard(popup, 'Juniper Dental');
  await expect(card.locator('[data-status="expired"]').first()).toHaveText('Token expired');
  await expect(card.getByTestId('cause')).toContainText('The token has expired');
  const reconnect = card.locator('[data-card-actions]').getByRole('button', { name: 'Reconnect for Juniper Dental' });
  await expect(reconnect).toBeInViewport({ ratio: 1 });
  await expect(card.getByRole('table')).toHaveCount(0);
  // Keyboard: from the filter box, Tab reaches the first problem's Reconnect, then its Details, with a visible focus ring.
  await popup.getByLabel('Filter workspaces').focus();
  await popup.keyboard.press('Tab');
  await expect(reconnect).toBeFocused();
  expect(await reconnect.evaluate((b) => getComputedStyle(b).outlineStyle)).not.toBe('none');
  await popup.keyboard.press('Tab');
  await expect(card.getByRole('button', { name: 'Details for Juniper Dental' })).toBeFocused();
  await popup.keyboard.press('Enter');
  await openDetails(popup, 'Juniper Dental');
  await expect(card).toContainText('User token');
  await expect(card).toContainText('The token has expired');
  await expect(card).toContainText('Reconnect WhatsApp from the product to issue a new token.');
  await expect(card.getByRole('table', { name: 'Permissions' })).toContainText('whatsapp_business_management');
  await expect(card.getByRole('table', { name: /WhatsApp Business Accounts: 1 expected/ })).toContainText('Juniper Appointments');
  await expect(card.getByRole('link', { name: 'Open Juniper Appointments in Business Settings' })).toHaveAttribute(
    'href',
    'https://business.facebook.com/latest/settings/whatsapp_account?business_id=800000000000003&selected_asset_id=900000000000031&selected_asset_type=whatsapp-business-account',
  );
  // The token's expiry is relative, with the exact date on hover.
  await expect(card.locator('time').first()).toHaveAttribute('title', /\d{4}-\d\d-\d\dT/);
  // Healthy workspaces are grouped and collapsed.
  await expect(popup.getByRole('button', { name: 'Healthy (1)' })).toHaveAttribute('aria-expanded', 'false');

  // Another poll with nothing new: still one notification, not a second one.
  await popup.getByRole('button', { name: 'Refresh' }).click();
  await waitForPopupIdle(popup);
  await expect(announcer(popup)).toHaveText(/^Check finished\./);
  expect(await notifications(context)).toEqual(['ra|worse|juniper-dental|juniper-wa|expired']);
});

test('a token expiring in 3 days shows 3d', async ({ context, extensionId }) => {
  const s = await stackWith(['harbor-shop', 'acme-support']);
  await configureBackend(context, s.backendUrl, s.adminToken);
  const popup = await openPopup(context, extensionId);
  await expect.poll(() => badgeText(context)).toBe('3d');
  expect(await badgeTitle(context)).toMatch(/^Reconnect Assistant: a token expires in 3 days: Harbor Shop \(WhatsApp\)/);
  const card = workspaceCard(popup, 'Harbor Shop');
  await expect(card.locator('[data-status="expiring"]')).toHaveText('Token expiring soon (3 days left)');
  // Renewing before it expires is a reconnect: the card's primary action.
  await expect(card.locator('[data-card-actions]').getByRole('button', { name: 'Reconnect for Harbor Shop' })).toBeVisible();
});

test('all healthy: no badge, no notification', async ({ context, extensionId }) => {
  const s = await stackWith(['acme-support']);
  await configureBackend(context, s.backendUrl, s.adminToken);
  const popup = await openPopup(context, extensionId);
  await expect(popup.getByRole('button', { name: 'Healthy (1)' })).toBeVisible();
  await expect.poll(() => badgeTitle(context)).toBe('Reconnect Assistant: all 2 connections healthy.');
  expect(await badgeText(context)).toBe('');
  expect(await notifications(context)).toEqual([]);
});

test('backend stopped: ? after one interval, with the last known data in the popup', async ({ context, extensionId }) => {
  const s = await stackWith(['juniper-dental']);
  await configureBackend(context, s.backendUrl, s.adminToken);
  let popup = await openPopup(context, extensionId);
  await expect.poll(() => badgeText(context)).toBe('!');
  await s.stop();
  stack = null;

  // First failed poll: within the interval the last known state stays on the badge.
  await popup.getByRole('button', { name: 'Refresh' }).click();
  await expect(popup.getByRole('alert')).toContainText('Backend unreachable');
  expect(await badgeText(context)).toBe('!');

  // The worker's clock moves past one interval (15 min), as if time had passed, then it polls again.
  const sw = await serviceWorker(context);
  await sw.evaluate(`(() => {
    const Real = Date;
    const offset = 16 * 60 * 1000;
    class Later extends Real {
      constructor(...args) { if (args.length === 0) super(Real.now() + offset); else super(...args); }
      static now() { return Real.now() + offset; }
    }
    globalThis.Date = Later;
  })()`);
  popup = await openPopup(context, extensionId);
  await expect.poll(() => badgeText(context)).toBe('?');
  expect(await badgeTitle(context)).toMatch(/^Reconnect Assistant: backend unreachable since .* Last known \(.*\): 1 connection needed attention\.$/);
  const alert = popup.getByRole('alert');
  await expect(alert).toContainText('Backend unreachable');
  await expect(alert.getByTestId('last-known')).toContainText('Showing the last known status, from');
  await expect(workspaceCard(popup, 'Juniper Dental').locator('[data-status="expired"]')).toHaveText('Token expired');
});

test('a refused access token has its own screen that leads to the settings', async ({ context, extensionId }) => {
  const s = await stackWith(['juniper-dental']);
  await configureBackend(context, s.backendUrl, 'not-the-admin-token');
  const popup = await openPopup(context, extensionId);
  const alert = popup.getByRole('alert');
  await expect(alert).toContainText('Access token refused');
  await expect(alert).toContainText('backend refused the access token (HTTP 401)');
  await expect(alert).toContainText('No status has been received yet.');
  await expect.poll(() => badgeText(context)).toBe('?');
  const optionsPage = context.waitForEvent('page', (p) => p.url().endsWith('/options.html'));
  await alert.getByRole('button', { name: 'Re-enter token' }).click();
  await expect((await optionsPage).getByLabel('Access token')).toBeVisible();
});

test('Check now re-checks one workspace through the backend and the popup, badge and notifications follow', async ({ context, extensionId }) => {
  const s = await stackWith(['acme-support']);
  await configureBackend(context, s.backendUrl, s.adminToken);
  const popup = await openPopup(context, extensionId);
  await expect.poll(() => badgeText(context)).toBe('');

  // Meta now says the token expired (the simulator's expired scenario for this token).
  const expiredScenario = demoScenarios().tokens?.['demo-token-juniper-whatsapp'];
  if (!expiredScenario) throw new Error('server/demo/scenarios.json no longer has the expired token scenario');
  await s.setScenario('demo-token-acme-whatsapp', expiredScenario);
  await s.resetSimulatorCalls();
  await popup.getByRole('button', { name: 'Healthy (1)' }).click();
  const said = await recordAnnouncements(popup);
  await (await workspaceAction(popup, 'Acme Support', 'Check now')).click();
  const card = workspaceCard(popup, 'Acme Support');
  await expect(card.locator('[data-connection="acme-wa"] [data-status]').first()).toHaveText('Token expired');
  await expect(cardNotice(popup, 'Acme Support')).toHaveText('Checked just now.');
  // The change and the result are said through the one live region too.
  await expect.poll(said).toEqual(expect.arrayContaining(['Acme Support: Token expired (was Healthy).', 'Checked just now.']));
  // Now a problem, its card leads with Reconnect.
  await expect(card.locator('[data-card-actions]').getByRole('button', { name: 'Reconnect for Acme Support' })).toBeVisible();
  expect((await s.simulatorCalls('demo-token-acme-whatsapp')).length).toBeGreaterThan(0);
  await expect.poll(() => badgeText(context)).toBe('!');
  await expect.poll(() => notifications(context)).toEqual(['ra|worse|acme-support|acme-wa|expired']);
});

test('Copy diagnostics puts a plain-text report without any token on the clipboard', async ({ context, extensionId }) => {
  const s = await stackWith(['juniper-dental']);
  await configureBackend(context, s.backendUrl, s.adminToken);
  const popup = await openPopup(context, extensionId);
  await expect(workspaceCard(popup, 'Juniper Dental')).toBeVisible();
  await popup.locator('footer').getByRole('button', { name: 'Copy diagnostics' }).click();
  await expect(popup.locator('[data-notice="*"]')).toHaveText('Diagnostics copied: paste them into your support ticket.');
  await expect(announcer(popup)).toHaveText('Diagnostics copied: paste them into your support ticket.');
  // Chromium grants no permissions to extension origins from here: read the browser's clipboard
  // from a page of the local backend's origin instead.
  const reader = await context.newPage();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.backendUrl });
  await reader.goto(`${s.backendUrl}/healthz`);
  const text = await reader.evaluate(() => navigator.clipboard.readText());
  expect(text).toMatch(/^Reconnect Assistant diagnostics\n/);
  expect(text).toContain('Extension version: 0.1.0');
  expect(text).toContain(`Backend: ${s.backendUrl}/`);
  expect(text).toContain('Connection juniper-wa (whatsapp): expired — Token expired');
  expect(text).toContain('Problem token-expired:');
  expect(text).toContain('Access token: set');
  expect(text).not.toContain(s.adminToken);
  expect(text).not.toContain('demo-token-');
});

test('Reconnect opens the backend’s single-use reconnect link and records the start with the before-state', async ({ context, extensionId }) => {
  const s = await stackWith(['juniper-dental']);
  await configureBackend(context, s.backendUrl, s.adminToken);
  const popup = await openPopup(context, extensionId);
  await (await workspaceAction(popup, 'Juniper Dental', 'Reconnect')).click();
  // The reference backend offers the link (the fallback to the plan's page is in lib/reconnect/start.test.ts).
  await expect.poll(() => context.pages().map((p) => p.url()).find((u) => u.startsWith(`${s.backendUrl}/reconnect/start?ticket=`)) ?? null).not.toBeNull();
  const page = context.pages().find((p) => p.url().startsWith(`${s.backendUrl}/reconnect/start`))!;
  await expect(page.getByRole('link', { name: /Continue to Facebook/ })).toBeVisible();
  await expect(cardNotice(popup, 'Juniper Dental')).toHaveText('Reconnect page opened in a new tab.');
  const sw = await serviceWorker(context);
  const start = await sw.evaluate(async () => ((await chrome.storage.local.get('reconnectStarts')).reconnectStarts as Record<string, unknown>)['juniper-dental']);
  // Stored without the link's single-use ticket.
  expect(start).toMatchObject({ workspaceId: 'juniper-dental', source: 'popup', url: `${s.backendUrl}/reconnect/start`, connectionId: 'juniper-wa', plan: { workspaceId: 'juniper-dental', appId: '700000000000001' }, before: { connections: [{ status: 'expired' }] } });
});

test('the options page saves, tests and applies settings through its form', async ({ context, extensionId }) => {
  const s = await stackWith(['juniper-dental']);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const url = options.getByLabel('Backend URL');
  const token = options.getByLabel('Access token');
  const result = options.locator('[data-result]');

  // Something that answers HTTP with CORS, but not the contract.
  const other = await startStatusServer({ status: 200, body: JSON.stringify({ hello: 'world' }) });
  await url.fill(other.url);
  await token.fill(s.adminToken);
  await options.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toHaveAttribute('data-result', 'incompatible');
  await expect(result).toContainText('Not a compatible backend');
  await other.close();

  // A server that does not answer for the extension at all (the simulator has no CORS).
  await url.fill(s.simulatorUrl);
  await options.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toHaveAttribute('data-result', 'unreachable');

  await url.fill(s.backendUrl);
  await token.fill('not-the-right-token');
  await options.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toHaveAttribute('data-result', 'unauthorized');

  await token.fill(s.adminToken);
  await options.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toHaveAttribute('data-result', 'ok');
  await expect(result).toHaveText('Connected: contract v1, 1 workspace.');

  await options.getByLabel('Check every (minutes)').fill('30');
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.locator('#save-result')).toHaveText('Saved and applied: the backend answered.');
  // Applied: the badge reflects the backend, the poll alarm runs every 30 minutes.
  await expect.poll(() => badgeText(context)).toBe('!');
  const sw = await serviceWorker(context);
  expect(await sw.evaluate(async () => (await chrome.alarms.get('poll-backend'))?.periodInMinutes)).toBe(30);
  // The token is stored locally, never shown again in full.
  await expect(token).toHaveValue('');
  await expect(token).toHaveAttribute('placeholder', /^•••• .{4} \(saved; type to replace\)$/);
  expect(await sw.evaluate(async () => (await chrome.storage.sync.get(null)))).toEqual({});

  // Mute the workspace: saved with the rest of the form.
  await options.reload();
  await options.getByLabel('Mute Juniper Dental').check();
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.locator('#save-result')).toHaveText('Saved and applied: the backend answered.');
  expect(await sw.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { mutedWorkspaces: string[] }).mutedWorkspaces)).toEqual(['juniper-dental']);

  // Bad input: a clear error, nothing lost.
  await url.fill('http://backend.example.test');
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByText('Use https (plain http is allowed only for localhost).')).toBeVisible();
  expect(await sw.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { backendUrl: string }).backendUrl)).toBe(`${s.backendUrl}/`);
});

test('first run opens the onboarding page, which leads to the settings', async ({ context }) => {
  const onboarding = context.pages().find((p) => p.url().endsWith('/onboarding.html')) ?? (await context.waitForEvent('page', (p) => p.url().endsWith('/onboarding.html')));
  await expect(onboarding.getByRole('heading', { name: 'Welcome to Reconnect Assistant' })).toBeVisible();
  const optionsPage = context.waitForEvent('page', (p) => p.url().endsWith('/options.html'));
  await onboarding.getByRole('button', { name: 'Open settings' }).click();
  await expect((await optionsPage).getByLabel('Backend URL')).toBeVisible();
  expect(await badgeText(context)).toBe('?');
  expect(await badgeTitle(context)).toBe('Reconnect Assistant: not configured. Open the options to connect the backend.');
});
