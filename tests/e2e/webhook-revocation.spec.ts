/**
 * A revocation reaches the badge within one extension poll of Meta's webhook: the BUILT extension
 * in Chromium against the reference backend and the Graph API simulator (real child processes,
 * tests/support/backend-harness.ts). The simulator switches a WhatsApp token to "app removed"
 * and delivers the signed `account_update` webhook to the backend itself (PUT
 * /__sim/webhook-target, then PUT /__sim/tokens/{token}?webhook=EVENT, server/simulator/app.ts);
 * nothing here asks the backend for a check. The backend's confirming check changes the status,
 * and the extension shows it at its next poll, fired by its own poll alarm.
 */
import { demoScenarios, demoSeed, startStack, type Stack } from '../support/backend-harness';
import { backendApi, expectOk } from '../support/backend-api';
import type { ScenarioInput } from '../../server/simulator/scenario';
import { badgeText, badgeTitle, configureBackend, expect, serviceWorker, test } from './fixtures';

let stack: Stack | null = null;
test.afterEach(async () => {
  await stack?.stop();
  stack = null;
});

const TOKEN = 'demo-token-acme-whatsapp';

test('app removed: the simulator’s signed webhook makes the backend re-check, and the next poll turns the badge red', async ({ context, extensionId }) => {
  const seed = demoSeed();
  seed.admins = [{ ...seed.admins[0]!, workspaces: ['acme-support'] }];
  seed.workspaces = seed.workspaces.filter((w) => w.id === 'acme-support');
  const s = (stack = await startStack({ seed }));
  const api = backendApi(s.backendUrl, s.adminToken);
  const acmeWa = async () => {
    const status = expectOk(await api.status());
    return status.workspaces.find((w) => w.id === 'acme-support')?.connections.find((c) => c.id === 'acme-wa');
  };

  // Healthy to start with: no badge after the popup's opening poll.
  await configureBackend(context, s.backendUrl, s.adminToken);
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.locator('main')).toHaveAttribute('data-checking', 'false');
  await expect.poll(() => badgeTitle(context)).toBe('Reconnect Assistant: all 2 connections healthy.');
  expect(await badgeText(context)).toBe('');
  // Closed, so nothing but the poll alarm asks the backend again.
  await popup.close();
  expect((await acmeWa())?.status).toBe('healthy');

  // Meta's side: the partner app is uninstalled from the WABA; Meta invalidates the token (190/458)
  // and sends the signed webhook, which the simulator delivers to the backend's registered URL.
  const sim = (path: string, body: unknown) =>
    fetch(`${s.simulatorUrl}${path}`, { method: 'PUT', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  expect((await sim('/__sim/webhook-target', { url: `${s.backendUrl}/v1/meta/webhooks` })).status).toBe(200);
  const acme = demoScenarios().tokens?.[TOKEN] as ScenarioInput | undefined;
  if (!acme?.debugToken) throw new Error(`server/demo/scenarios.json no longer has ${TOKEN}`);
  const removed: ScenarioInput = {
    ...acme,
    description: 'The partner app was uninstalled from the WABA: Meta invalidated the token.',
    debugToken: { ...acme.debugToken, isValid: false, error: { code: 190, subcode: 458, message: 'Error validating access token: The user has not authorized application 700000000000001.' } },
  };
  await s.resetSimulatorCalls();
  const answer = await sim(`/__sim/tokens/${TOKEN}?webhook=PARTNER_APP_UNINSTALLED`, removed);
  expect(answer.status).toBe(200);
  const deliveries = ((await answer.json()) as { webhookDeliveries: number[] }).webhookDeliveries;
  expect(deliveries.length).toBeGreaterThan(0);
  expect(deliveries.every((status) => status === 200), `webhook deliveries answered ${deliveries.join(', ')}`).toBe(true);

  // The backend confirms the webhook by its own check: revoked, with no POST …/checks from here.
  await expect.poll(async () => (await acmeWa())?.status, { timeout: 10_000 }).toBe('revoked');
  const history = expectOk(await api.history('acme-support')).entries;
  expect(history.find((e) => e.kind === 'transition' && e.connectionId === 'acme-wa')).toMatchObject({ trigger: 'webhook', to: 'revoked' });
  expect((await s.simulatorCalls(TOKEN)).some((call) => call.endpoint === 'debug_token')).toBe(true);
  expect(s.backendLog()).not.toMatch(/method=POST path=\/v1\/workspaces\/[^ ]+\/checks/);

  // The extension has not polled since: its badge still shows the old state.
  expect(await badgeText(context)).toBe('');

  // Its next poll, fired by its own alarm (moved to now, with the period it had).
  const sw = await serviceWorker(context);
  const period = await sw.evaluate(async () => {
    const alarm = await chrome.alarms.get('poll-backend');
    if (!alarm) throw new Error('no poll-backend alarm');
    await chrome.alarms.create('poll-backend', { when: Date.now() + 100, periodInMinutes: alarm.periodInMinutes });
    return alarm.periodInMinutes;
  });
  expect(period).toBe(15);
  await expect.poll(() => badgeText(context), { timeout: 10_000 }).toBe('!');
  expect(await badgeTitle(context)).toMatch(/^Reconnect Assistant: 1 connection needs attention: Acme Support \(WhatsApp\)/);
  const color = await (await serviceWorker(context)).evaluate(() => chrome.action.getBadgeBackgroundColor({}));
  // The red of lib/health/model.ts (#c62828) as [r, g, b, a].
  expect(color).toEqual([0xc6, 0x28, 0x28, 255]);

  await sim('/__sim/webhook-target', { url: null });
});
