/**
 * The popup, scanned by axe (@axe-core/playwright) on the built extension at its real size
 * (400 × 600), in light and dark (prefers-color-scheme): all healthy, with problems (one card's
 * details and the healthy group open, so the tables and every tone are on screen), and each failure
 * screen: backend unreachable, not configured, refused token. Zero serious or critical violations.
 * Each case also checks it is the screen it claims to be and that the colour scheme took effect.
 */
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { connection, statusDoc, workspace } from '../support/status-fixtures';
import { configureBackend, expect, test } from './fixtures';
import { openDetails, waitForPopupIdle } from './support/popup';
import { startStatusServer, type StatusServer } from './support/status-server';

const WABAS = (n: number, health: 'available' | 'limited' = 'available') =>
  Array.from({ length: n }, (_, i) => ({ id: `10000000000010${i}`, name: `Customer support line number ${i + 1}`, expected: true, management: i !== 1, messaging: i !== 1, reachable: i === 1 ? null : true, health }));

const problems = statusDoc([
  workspace(
    [
      connection('expired', {
        id: 'exp',
        wabas: WABAS(3),
        problems: [{ code: 'token-expired', message: 'The token has expired (190/463).', hint: 'Reconnect WhatsApp from the product.', wabaId: null, scope: null }],
        lastError: { code: 190, subcode: 463, category: 'credential', message: 'Session has expired', fbtraceId: 'AbCdEfGhIjKlMnOp', at: '2026-11-21T09:00:00Z' },
      }),
      connection('expiring', { id: 'cat', kind: 'catalog', expiresAt: '2099-01-01T00:00:00Z' }),
    ],
    { id: 'w-exp', name: 'Juniper Dental' },
  ),
  workspace([connection('degraded', { id: 'deg', wabas: WABAS(1, 'limited') })], { id: 'w-deg', name: 'Pine Legal' }),
  workspace([connection('unknown', { id: 'unk', lastCheckedAt: null })], { id: 'w-unk', name: 'Quartz Studio' }),
  workspace([connection('healthy', { id: 'ok' })], { id: 'w-ok', name: 'Acme Support' }),
]);
const healthy = statusDoc([workspace([connection('healthy', { id: 'ok1' })], { id: 'w1', name: 'Acme Support' }), workspace([connection('healthy', { id: 'ok2' })], { id: 'w2', name: 'Harbor Shop' })]);

let server: StatusServer;
test.beforeEach(async () => {
  server = await startStatusServer({ status: 200, body: JSON.stringify(healthy) });
});
test.afterEach(async () => server.close());

async function open(context: BrowserContext, extensionId: string, scheme: 'light' | 'dark'): Promise<Page> {
  const popup = await context.newPage();
  await popup.emulateMedia({ colorScheme: scheme });
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await waitForPopupIdle(popup);
  const background = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe(scheme === 'dark' ? 'rgb(24, 25, 26)' : 'rgb(255, 255, 255)');
  return popup;
}

async function expectNoSeriousViolations(popup: Page): Promise<void> {
  const results = await new AxeBuilder({ page: popup }).analyze();
  expect(results.passes.length).toBeGreaterThan(0);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`)).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme}`, () => {
    test('healthy', async ({ context, extensionId }) => {
      await configureBackend(context, server.url, 'e2e-token');
      const popup = await open(context, extensionId, scheme);
      await popup.getByRole('button', { name: 'Healthy (2)' }).click();
      await expect(popup.getByRole('article')).toHaveCount(2);
      await expectNoSeriousViolations(popup);
    });

    test('with problems, details and the healthy group open', async ({ context, extensionId }) => {
      server.reply({ status: 200, body: JSON.stringify(problems) });
      await configureBackend(context, server.url, 'e2e-token');
      const popup = await open(context, extensionId, scheme);
      await expect(popup.getByRole('heading', { name: 'Needs attention (3)' })).toBeVisible();
      const card = await openDetails(popup, 'Juniper Dental');
      await expect(card.getByRole('table', { name: /WhatsApp Business Accounts: 3 expected/ })).toBeVisible();
      await popup.getByRole('button', { name: 'Healthy (1)' }).click();
      for (const status of ['expired', 'expiring', 'degraded', 'unknown', 'healthy']) await expect(popup.locator(`[data-status="${status}"]`).first()).toBeVisible();
      await expectNoSeriousViolations(popup);
    });

    test('backend unreachable', async ({ context, extensionId }) => {
      await configureBackend(context, server.url, 'e2e-token');
      const popup = await open(context, extensionId, scheme);
      server.reply({ drop: true });
      await popup.getByRole('button', { name: 'Refresh' }).click();
      await expect(popup.getByRole('alert')).toContainText('Backend unreachable');
      await waitForPopupIdle(popup);
      await expectNoSeriousViolations(popup);
    });

    test('not configured', async ({ context, extensionId }) => {
      const popup = await open(context, extensionId, scheme);
      await expect(popup.getByRole('alert')).toContainText('Not configured');
      await expectNoSeriousViolations(popup);
    });

    test('refused token', async ({ context, extensionId }) => {
      server.reply({ status: 401, body: JSON.stringify({ error: { code: 'unauthorized', message: 'bad token' } }) });
      await configureBackend(context, server.url, 'e2e-token');
      const popup = await open(context, extensionId, scheme);
      await expect(popup.getByRole('alert')).toContainText('Access token refused');
      await expectNoSeriousViolations(popup);
    });
  });
}
