/**
 * axe on the extension's surfaces other than the popup, in light and in dark
 * (`prefers-color-scheme`, emulated): the options and onboarding pages, and each in-page panel on
 * hand-made Meta pages served at their real URLs. A panel lives in a closed shadow root, which axe
 * cannot enter: its rendered DOM is copied into an open root on the same page (copyShadowForAxe) and
 * axe checks that copy, with the panel's own styles. Zero serious or critical violations.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { connection, statusDoc, workspace } from '../support/status-fixtures';
import { expect, test } from './fixtures';
import { copyShadowForAxe } from './support/checklist';
import { fixture, loadStatus, PANEL_ATTR, waitForPanel } from './support/content';
import { startStatusServer, type StatusServer } from './support/status-server';

const BID = '200000000000001';
const WABA = '100000000000001';
const BM = 'https://business.facebook.com/latest/settings';
const PEOPLE_URL = `${BM}/business_users?business_id=${BID}`;
const WABA_URL = `${BM}/whatsapp_account?business_id=${BID}&selected_asset_id=${WABA}&selected_asset_type=whatsapp-business-account`;
const APPS_URL = `${BM}/connected_apps?business_id=${BID}`;
const DIALOG_URL =
  'https://www.facebook.com/v21.0/dialog/oauth?client_id=100000000000009&config_id=300000000000001&redirect_uri=https%3A%2F%2Fapp.example%2Fmeta%2Fcallback&state=st-abc123&response_type=code';

const wabas = [{ id: WABA, name: 'Support line', expected: true, management: true, messaging: true, reachable: true, health: 'available' as const }];
const healthy = statusDoc([workspace([connection('healthy', { wabas, authorizingUser: { id: '900000000000001', name: 'Pat Example', role: 'employee' } })])]);
const revoked = { ...statusDoc([workspace([connection('revoked', { wabas })])]), generatedAt: '2026-11-21T11:00:00Z' };

async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const results = await (include ? builder.include(include) : builder).analyze();
  expect(results.passes.length, 'axe checked something').toBeGreaterThan(0);
  // Colour contrast left "undetermined" would hide exactly what a theme can break.
  expect(results.passes.map((p) => p.id), 'axe could compute colour contrast').toContain('color-contrast');
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function panelViolations(page: Page): Promise<string[]> {
  await copyShadowForAxe(page, PANEL_ATTR, 'axe-copy');
  return seriousViolations(page, '#axe-copy');
}

let server: StatusServer;
test.beforeEach(async () => {
  server = await startStatusServer({ status: 503, body: '{}' });
});
test.afterEach(async () => server.close());

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test('options and onboarding pages', async ({ context, extensionId }) => {
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme });
      for (const name of ['options', 'onboarding']) {
        await page.goto(`chrome-extension://${extensionId}/${name}.html`);
        await expect(page.getByRole('heading').first()).toBeVisible();
        expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');
        expect(await seriousViolations(page), name).toEqual([]);
      }
    });

    test('Business Manager panels: WABA status (working and revoked), admin access, app removal', async ({ context, extensionId, serveMeta }) => {
      await loadStatus(context, extensionId, server, healthy);
      await serveMeta('https://business.facebook.com/**', fixture('bm/business-settings-spa.html'));
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme });
      await page.goto(WABA_URL);
      await waitForPanel(page, 'waba-status', 'ok');
      expect(await panelViolations(page), 'waba-status ok').toEqual([]);

      await page.goto(PEOPLE_URL);
      await waitForPanel(page, 'admin-access', 'danger');
      expect(await panelViolations(page), 'admin-access').toEqual([]);

      await page.goto(APPS_URL);
      await waitForPanel(page, 'app-removal', 'warning');
      expect(await panelViolations(page), 'app-removal').toEqual([]);

      await loadStatus(context, extensionId, server, revoked);
      await page.goto(WABA_URL);
      await waitForPanel(page, 'waba-status', 'danger');
      expect(await panelViolations(page), 'waba-status danger').toEqual([]);
    });

    test('the login dialog’s reading panel, as information and as an error', async ({ context, extensionId, serveMeta }) => {
      await loadStatus(context, extensionId, server, healthy);
      await serveMeta('https://www.facebook.com/v21.0/dialog/oauth?**', fixture('bm/oauth-dialog-flow.html'));
      const dialog = await context.newPage();
      await dialog.emulateMedia({ colorScheme });
      await dialog.goto(DIALOG_URL);
      await waitForPanel(dialog, 'dialog-reading', 'info');
      expect(await panelViolations(dialog), 'dialog-reading info').toEqual([]);
      await dialog.locator('#continue').click();
      await waitForPanel(dialog, 'dialog-reading', 'danger');
      expect(await panelViolations(dialog), 'dialog-reading danger').toEqual([]);
    });
  });
}
