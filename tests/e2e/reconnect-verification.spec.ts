/**
 * After Meta returns, on the built extension with the reference backend and the Graph simulator:
 * the popup's Reconnect opens the backend's single-use reconnect link; its page leads to Meta's
 * Business Login dialog at its REAL URL (https://www.facebook.com/v24.0/dialog/oauth, served by the
 * simulator's stand-in through tests/e2e/support/meta-dialog-route.ts); Meta redirects to the
 * backend's callback, which exchanges the code and stores the token.
 *
 * How the flow ended is captured on the product's page by the product-page content script, which
 * needs a host permission this published build does not hold: here the admin closes the tab on the
 * backend's "Connected" page, so the attempt ends with no outcome and the verification asks the
 * backend after its grace (lib/flow/verification.ts NO_OUTCOME_GRACE_MS) — a new token then
 * verifies exactly as after an outcome would. The captured outcomes are proven on the preset build
 * (tests/e2e/reconnect-loop.spec.ts, product-page.spec.ts).
 */
import type { BrowserContext, Page } from '@playwright/test';
import { HistoryResponse } from '../../lib/contract';
import type { ScenarioInput } from '../../server/simulator/scenario';
import type { Stack } from '../support/backend-harness';
import { expect, serviceWorker, test } from './fixtures';
import { startReconnectStack } from './support/live-stack';
import { cardNotice, workspaceAction, workspaceCard } from './support/popup';

let stack: Stack | null = null;
test.afterEach(async () => {
  await stack?.stop();
  stack = null;
});

/** The grace after a tab closes (15 s), the token wait and the calls, with room on a loaded machine. */
const VERIFIED_WITHIN = 45_000;

const start = startReconnectStack;

async function scenarioOf(s: Stack, token: string): Promise<ScenarioInput> {
  return (await (await fetch(`${s.simulatorUrl}/__sim/tokens/${encodeURIComponent(token)}`)).json()) as ScenarioInput;
}

const notifications = async (page: Page) => page.evaluate(async () => Object.keys(await chrome.notifications.getAll()).sort());

/** Popup → Reconnect → the backend's page → Continue → Meta's dialog (stand-in) → the callback page. */
async function reconnect(context: BrowserContext, popup: Page, workspaceName: string, codes: string[] = []): Promise<Page> {
  const button = await workspaceAction(popup, workspaceName, 'Reconnect');
  const opened = context.waitForEvent('page');
  await button.click();
  const tab = await opened;
  // The authorization code Meta's redirect carries, to prove later that it went nowhere.
  tab.on('request', (request) => {
    const code = new URL(request.url()).searchParams.get('code');
    if (code) codes.push(code);
  });
  await expect(cardNotice(popup, workspaceName)).toHaveText('Reconnect page opened in a new tab.');
  await tab.waitForLoadState();
  expect(new URL(tab.url()).pathname).toBe('/reconnect/start');
  await tab.getByRole('link', { name: /Continue to Facebook/ }).click();
  await tab.waitForURL(/\/reconnect\/callback/);
  return tab;
}

async function openPopup(context: BrowserContext, extensionId: string, workspaceId: string): Promise<Page> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html#ws=${workspaceId}`);
  await expect(popup.locator('main')).toHaveAttribute('data-checking', 'false');
  // The first poll's own notifications (shown before its reply ended "checking…") are not what these tests count.
  await expect(popup.getByRole('article').first()).toBeVisible();
  for (const id of await notifications(popup)) await popup.evaluate((n) => chrome.notifications.clear(n), id);
  return popup;
}

async function flowReports(s: Stack, workspaceId: string) {
  const response = await fetch(`${s.backendUrl}/v1/workspaces/${workspaceId}/history?limit=50`, { headers: { Authorization: `Bearer ${s.adminToken}` } });
  return HistoryResponse.parse(await response.json()).entries.filter((e) => e.kind === 'flow-report');
}

const JUNIPER_WABA = '900000000000031';
const healthyJuniper: ScenarioInput = {
  debugToken: {
    type: 'USER',
    expires: { inDays: 60 },
    dataAccessExpires: { inDays: 90 },
    scopes: ['whatsapp_business_management', 'whatsapp_business_messaging', 'business_management'],
    granularScopes: [
      { scope: 'whatsapp_business_management', targetIds: [JUNIPER_WABA] },
      { scope: 'whatsapp_business_messaging', targetIds: [JUNIPER_WABA] },
    ],
    userId: '600000000000031',
  },
  wabas: [{ id: JUNIPER_WABA, name: 'Juniper Appointments', ownerBusinessId: '800000000000003' }],
  businesses: [{ id: '800000000000003', name: 'Juniper Dental Group (demo)', users: [{ id: '600000000000031', name: 'Jo Admin', role: 'ADMIN' }] }],
} as ScenarioInput;

test('happy path: verified healthy, nothing lost, one notification, the flow report on the backend', async ({ context, extensionId }) => {
  stack = await start(context, ['juniper-dental']);
  await stack.setScenario('e2e-juniper-new', healthyJuniper);
  await stack.setDialogOutcome({ result: 'code', accessToken: 'e2e-juniper-new' });
  const popup = await openPopup(context, extensionId, 'juniper-dental');
  const codes: string[] = [];
  const tab = await reconnect(context, popup, 'Juniper Dental', codes);
  await expect(tab.locator('h1')).toHaveText('Connected');
  expect(codes).toHaveLength(1);
  await tab.close();

  const part = popup.getByRole('region', { name: 'Last reconnect' });
  await expect(part.getByTestId('verification-headline')).toHaveText('Verified: Nothing lost.', { timeout: VERIFIED_WITHIN });
  await expect(workspaceCard(popup, 'Juniper Dental').locator('[data-status]').first()).toHaveAttribute('data-status', 'healthy');
  await expect.poll(() => notifications(popup)).toEqual(['ra|reconnect|juniper-dental|juniper-wa']);
  await expect.poll(async () => (await flowReports(stack!, 'juniper-dental')).map((e) => e.kind === 'flow-report' && e.report.outcome)).toEqual(['completed']);
  // The next poll repeats nothing.
  expect(await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'refresh' }))).toEqual({ ok: true });
  expect(await notifications(popup)).toEqual(['ra|reconnect|juniper-dental|juniper-wa']);

  // The code is nowhere: extension storage, the local history (what its export holds), the flow report.
  const everything = await popup.evaluate(async () => {
    const history = await new Promise<unknown[]>((resolve, reject) => {
      const open = indexedDB.open('reconnect-assistant-history');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const request = open.result.transaction('events').objectStore('events').getAll();
        request.onsuccess = () => resolve(request.result as unknown[]);
        request.onerror = () => reject(request.error);
      };
    });
    return JSON.stringify({ local: await chrome.storage.local.get(null), session: await chrome.storage.session.get(null), history });
  });
  expect(everything).toContain('"kind":"reconnect-result"');
  expect(everything).toContain('"verifications"');
  const reports = JSON.stringify(await flowReports(stack, 'juniper-dental'));
  for (const code of codes) {
    expect(everything).not.toContain(code);
    expect(reports).not.toContain(code);
  }
});

test('a reduced grant: the difference names the lost WABA, access reduced said loudly, one notification', async ({ context, extensionId }) => {
  stack = await start(context, ['acme-support']);
  const acme = await scenarioOf(stack, 'demo-token-acme-whatsapp');
  const only11 = acme.debugToken!.granularScopes!.map((g) => (g.scope.startsWith('whatsapp_') ? { ...g, targetIds: ['900000000000011'] } : g));
  await stack.setScenario('e2e-acme-reduced', { ...acme, debugToken: { ...acme.debugToken!, granularScopes: only11 } } as ScenarioInput);
  await stack.setDialogOutcome({ result: 'code', accessToken: 'e2e-acme-reduced' });
  const popup = await openPopup(context, extensionId, 'acme-support');
  const tab = await reconnect(context, popup, 'Acme Support');
  await tab.close();

  const part = popup.getByRole('region', { name: 'Last reconnect' });
  await expect(part.getByRole('alert')).toHaveText('Verified: The reconnect ran but access was reduced.', { timeout: VERIFIED_WITHIN });
  await expect(part.getByRole('list', { name: 'What changed' })).toContainText('WhatsApp account lost: Acme Sales Line (900000000000012)');
  await expect.poll(() => notifications(popup)).toEqual(['ra|reconnect|acme-support|acme-wa']);
});

test('cancelled in Meta’s dialog: nothing changed, no check reaches Graph', async ({ context, extensionId }) => {
  stack = await start(context, ['juniper-dental']);
  await stack.setDialogOutcome({ result: 'access_denied' });
  const popup = await openPopup(context, extensionId, 'juniper-dental');
  const tab = await reconnect(context, popup, 'Juniper Dental');
  await stack.resetSimulatorCalls();
  await tab.close();

  const part = popup.getByRole('region', { name: 'Last reconnect' });
  await expect(part.getByTestId('verification-headline')).toHaveText('Abandoned: the reconnect window closed and no new token arrived; nothing changed.', { timeout: VERIFIED_WITHIN });
  expect(await stack.callsBesidesThrottled()).toEqual([]);
  expect(await notifications(popup)).toEqual([]);
});

test('the backend stopped mid-verification: the verification waits and completes when it is back on the same port and database', async ({ context, extensionId }) => {
  stack = await start(context, ['juniper-dental']);
  await stack.setScenario('e2e-juniper-down', healthyJuniper);
  await stack.setDialogOutcome({ result: 'code', accessToken: 'e2e-juniper-down' });
  const popup = await openPopup(context, extensionId, 'juniper-dental');
  const tab = await reconnect(context, popup, 'Juniper Dental');
  await expect(tab.locator('h1')).toHaveText('Connected');
  const backendUrl = stack.backendUrl;
  await tab.close();
  const part = popup.getByRole('region', { name: 'Last reconnect' });
  await expect(part.getByTestId('verification-headline')).toContainText('asking the backend shortly');
  // The real backend goes down while the verification waits to ask it: nothing listens at its address.
  await stack.stopBackend();
  await expect(fetch(`${backendUrl}/healthz`)).rejects.toThrow();
  await expect(part.getByTestId('verification-headline')).toContainText('Waiting for the backend to answer', { timeout: VERIFIED_WITHIN });
  // Back on the same port with the same database: the token stored before it stopped is what verifies.
  await stack.startBackendAgain();
  expect(stack.backendUrl).toBe(backendUrl);
  await expect(part.getByTestId('verification-headline')).toHaveText('Verified: Nothing lost.', { timeout: VERIFIED_WITHIN });
  await expect(workspaceCard(popup, 'Juniper Dental').locator('[data-status]').first()).toHaveAttribute('data-status', 'healthy');
  await expect.poll(() => notifications(popup)).toEqual(['ra|reconnect|juniper-dental|juniper-wa']);
});

test('the service worker stopped between the end of the flow and the verification: it completes', async ({ context, extensionId }) => {
  stack = await start(context, ['juniper-dental']);
  await stack.setScenario('e2e-juniper-sw', healthyJuniper);
  await stack.setDialogOutcome({ result: 'code', accessToken: 'e2e-juniper-sw' });
  const popup = await openPopup(context, extensionId, 'juniper-dental');
  const tab = await reconnect(context, popup, 'Juniper Dental');
  await tab.close();
  await expect(popup.getByRole('region', { name: 'Last reconnect' }).getByTestId('verification-headline')).toContainText('asking the backend shortly');
  await popup.close();

  // Stopped for real through CDP (DevTools' "Stop"), from a quiet page that sends no message.
  const quiet = await context.newPage();
  await quiet.goto(`chrome-extension://${extensionId}/onboarding.html`);
  const cdp = await context.newCDPSession(quiet);
  const script = `chrome-extension://${extensionId}/background.js`;
  const statuses: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: { scriptURL: string; runningStatus: string }[] }) => {
    for (const v of event.versions) if (v.scriptURL === script) statuses.push(v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect.poll(() => statuses.at(-1)).toBe('stopped');
  expect(await quiet.evaluate(async () => (await chrome.alarms.getAll()).map((a) => a.name))).toContain('reconnect-verification');

  // Nothing wakes it but its alarm; the verification completes in the new worker.
  await expect.poll(() => statuses.at(-1), { timeout: VERIFIED_WITHIN }).toBe('running');
  await expect
    .poll(async () => quiet.evaluate(async () => ((await chrome.storage.session.get('verifications')).verifications as Record<string, { result: { kind: string } | null }> | undefined)?.['juniper-dental']?.result?.kind ?? null), { timeout: VERIFIED_WITHIN })
    .toBe('verified');
  // (Stored as verified first, then notified: wait for it.)
  await expect.poll(() => notifications(quiet)).toEqual(['ra|reconnect|juniper-dental|juniper-wa']);
  await cdp.detach();
  void serviceWorker; // (the worker handle is never kept across the stop)
});
