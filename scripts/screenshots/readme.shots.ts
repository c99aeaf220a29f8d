/**
 * The README's pictures, from real runs: the built extension in Debian's Chromium, the reference
 * backend and the Graph simulator (the demo's seed), and Meta's dialog at its real URL from the
 * simulator's stand-in. Each picture is the state a browser test also asserts, so a picture that no
 * longer matches the product fails here instead of going stale. Written to docs/screenshots/.
 */
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import type { ScenarioInput } from '../../server/simulator/scenario';
import type { Stack } from '../../tests/support/backend-harness';
import { expect, test } from '../../tests/e2e/fixtures';
import { waitForPopupIdle, workspaceAction, workspaceCard } from '../../tests/e2e/support/popup';
import { waitForItem } from '../../tests/e2e/support/checklist';
import { acmeScript, ACME_TOKEN, CONFIG_ID, APP_ID, SALES, snapshotApps, startLiveStack, startReconnectStack } from '../../tests/e2e/support/live-stack';

const OUT = path.resolve('docs/screenshots');
const POPUP = { width: 400, height: 600 };

let stack: Stack | null = null;
test.afterEach(async () => {
  await stack?.stop();
  stack = null;
});

const stackWith = startReconnectStack;

async function popup(context: BrowserContext, extensionId: string, colorScheme: 'light' | 'dark', hash = ''): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(POPUP);
  await page.emulateMedia({ colorScheme });
  await page.goto(`chrome-extension://${extensionId}/popup.html${hash}`);
  // The opening poll has answered: the popup shows the status, not "checking…".
  await waitForPopupIdle(page);
  return page;
}

const ALL = ['acme-support', 'harbor-shop', 'juniper-dental', 'lumen-travel', 'north-bakery', 'orbit-fitness', 'pine-legal', 'quartz-studio'];

for (const colorScheme of ['light', 'dark'] as const) {
  test(`popup with problems (${colorScheme})`, async ({ context, extensionId }) => {
    stack = await stackWith(context, ALL);
    const page = await popup(context, extensionId, colorScheme);
    await expect(workspaceCard(page, 'Juniper Dental')).toBeVisible();
    await page.screenshot({ path: path.join(OUT, `popup-problems-${colorScheme}.png`) });
  });

  test(`popup, all healthy (${colorScheme})`, async ({ context, extensionId }) => {
    stack = await stackWith(context, ['acme-support']);
    const page = await popup(context, extensionId, colorScheme);
    await page.screenshot({ path: path.join(OUT, `popup-healthy-${colorScheme}.png`) });
  });
}

test('the live checklist in Meta’s dialog: an expected, connected WABA unticked', async ({ context, extensionId }) => {
  stack = await startLiveStack(context, extensionId, ['acme-support']);
  await expect.poll(async () => (await snapshotApps(context)).join(',')).toBe(APP_ID);
  await stack.setDialogOutcome({ result: 'interactive', script: acmeScript({}), baseToken: ACME_TOKEN, previousToken: ACME_TOKEN });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1100, height: 720 });
  const url = `https://www.facebook.com/v24.0/dialog/oauth?${new URLSearchParams({ client_id: APP_ID, config_id: CONFIG_ID, redirect_uri: `${stack.backendUrl}/reconnect/callback`, state: 'shots', response_type: 'code' })}`;
  await page.goto(url);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('checkbox', { name: SALES.name }).click();
  await waitForItem(page, 'Failed', 'WhatsApp accounts');
  await page.screenshot({ path: path.join(OUT, 'checklist-dialog.png') });
});

test('the verified result after a reconnect that reduced access', async ({ context, extensionId }) => {
  stack = await stackWith(context, ['acme-support']);
  const acme = (await (await fetch(`${stack.simulatorUrl}/__sim/tokens/demo-token-acme-whatsapp`)).json()) as ScenarioInput;
  const only11 = acme.debugToken!.granularScopes!.map((g) => (g.scope.startsWith('whatsapp_') ? { ...g, targetIds: ['900000000000011'] } : g));
  await stack.setScenario('shots-acme-reduced', { ...acme, debugToken: { ...acme.debugToken!, granularScopes: only11 } } as ScenarioInput);
  await stack.setDialogOutcome({ result: 'code', accessToken: 'shots-acme-reduced' });
  const page = await popup(context, extensionId, 'light', '#ws=acme-support');
  const opened = context.waitForEvent('page');
  await (await workspaceAction(page, 'Acme Support', 'Reconnect')).click();
  const tab = await opened;
  await tab.waitForLoadState();
  await tab.getByRole('link', { name: /Continue to Facebook/ }).click();
  await tab.waitForURL(/\/reconnect\/callback/);
  await tab.close();
  const part = page.getByRole('region', { name: 'Last reconnect' });
  await expect(part.getByRole('alert')).toHaveText('Verified: The reconnect ran but access was reduced.', { timeout: 60_000 });
  await part.scrollIntoViewIfNeeded();
  await part.screenshot({ path: path.join(OUT, 'before-after.png') });
});

test('options', async ({ context, extensionId }) => {
  stack = await stackWith(context, ['acme-support']);
  const page = await context.newPage();
  await page.setViewportSize({ width: 900, height: 900 });
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(page.getByRole('heading').first()).toBeVisible();
  await page.screenshot({ path: path.join(OUT, 'options.png'), fullPage: true });
});
