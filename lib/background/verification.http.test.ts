// @vitest-environment node
/**
 * The verification wiring against the REAL reference backend and Graph simulator (child processes,
 * tests/support/backend-harness.ts): Reconnect through the backend's single-use link, the backend's
 * reconnect page, the simulator's stand-in dialog and the backend's callback, then verification
 * through the real poller. The browser is wxt's fake one; the clock is real plus a test offset.
 */
import { deleteDB } from 'idb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { HistoryResponse } from '../contract';
import { startStack, type Stack } from '../../tests/support/backend-harness';
import type { ScenarioInput } from '../../server/simulator/scenario';
import { startReconnect } from '../reconnect/start';
import { closeHistory, DB_NAME, readEvents } from '../storage/history';
import { stored } from '../storage/items';
import { saveSettings } from '../storage/settings';
import { pollOnce } from './poller';
import { forgetVerificationTimer, loadVerifications, resumeVerifications, setVerificationDeps, startVerification } from './verification';

let stack: Stack;
let offset = 0;

beforeAll(async () => {
  stack = await startStack();
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});
beforeEach(async () => {
  offset = 0;
  setVerificationDeps({ now: () => Date.now() + offset });
  await saveSettings({ backendUrl: stack.backendUrl, accessToken: stack.adminToken });
  await pollOnce();
  // The first poll's own notifications (the demo's broken workspaces) are not what these tests count.
  for (const id of Object.keys(await fakeBrowser.notifications.getAll())) await fakeBrowser.notifications.clear(id);
});
afterEach(async () => {
  forgetVerificationTimer();
  await closeHistory();
  await deleteDB(DB_NAME);
});

async function scenarioOf(token: string): Promise<ScenarioInput> {
  return (await (await fetch(`${stack.simulatorUrl}/__sim/tokens/${encodeURIComponent(token)}`)).json()) as ScenarioInput;
}

/** Clicks Reconnect, then plays the admin: the backend's page, Meta's (stand-in) dialog, the callback. */
async function reconnectThroughBackend(workspaceId: string, newToken: string): Promise<string> {
  await stack.setDialogOutcome({ result: 'code', accessToken: newToken });
  const created = vi.spyOn(fakeBrowser.tabs, 'create');
  const started = await startReconnect(workspaceId, 'popup');
  expect(started).toMatchObject({ ok: true, via: 'reconnect-link', fallback: null });
  const opened = String((created.mock.calls.at(-1)?.[0] as { url: string }).url);
  const page = await (await fetch(opened)).text();
  const href = /<a class="button" href="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
  expect(href, 'the reconnect page offers the dialog').toBeTruthy();
  const dialog = await fetch(href!, { redirect: 'manual' });
  const back = dialog.headers.get('Location')!;
  const done = await fetch(back, { redirect: 'manual' });
  return done.text();
}

async function backendHistory(workspaceId: string) {
  const response = await fetch(`${stack.backendUrl}/v1/workspaces/${workspaceId}/history?limit=50`, { headers: { Authorization: `Bearer ${stack.adminToken}` } });
  return HistoryResponse.parse(await response.json());
}

describe('verification against the reference backend', () => {
  it('happy path: verified healthy, nothing lost, one notification, the flow report on the backend, the history entry', async () => {
    const waba = '900000000000031';
    await stack.setScenario('verify-juniper-new', {
      debugToken: {
        type: 'USER',
        expires: { inDays: 60 },
        dataAccessExpires: { inDays: 90 },
        scopes: ['whatsapp_business_management', 'whatsapp_business_messaging', 'business_management'],
        granularScopes: [
          { scope: 'whatsapp_business_management', targetIds: [waba] },
          { scope: 'whatsapp_business_messaging', targetIds: [waba] },
        ],
        userId: '600000000000031',
      },
      wabas: [{ id: waba, name: 'Juniper Appointments', ownerBusinessId: '800000000000003' }],
      businesses: [{ id: '800000000000003', name: 'Juniper Dental Group (demo)', users: [{ id: '600000000000031', name: 'Jo Admin', role: 'ADMIN' }] }],
    } as ScenarioInput);
    const created = vi.spyOn(fakeBrowser.notifications, 'create');
    expect(await reconnectThroughBackend('juniper-dental', 'verify-juniper-new')).toContain('Connected');
    const started = await startVerification(null, { kind: 'redirect-code', statePresent: true, grantedScopes: null, deniedScopes: null });
    expect(started).toMatchObject({ ok: true, workspaceId: 'juniper-dental', phase: 'done' });
    const v = (await loadVerifications())['juniper-dental']!;
    expect(v.result?.kind).toBe('verified');
    if (v.result?.kind !== 'verified') return;
    expect(v.result.after.connections[0]?.status).toBe('healthy');
    expect(v.result.difference.accessReduced).toBe(false);
    expect(v.result.difference.connections[0]?.status).toEqual({ before: 'expired', after: 'healthy' });
    expect(v.sent).toMatchObject({ notification: true, report: true, history: true });
    const notes = Object.keys(await fakeBrowser.notifications.getAll());
    expect(notes).toEqual(['ra|reconnect|juniper-dental|juniper-wa']);
    // The next poll repeats nothing (the alert states advanced while the notification was held).
    await pollOnce();
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(notes);
    // Not one shown and replaced: the poller's own "healthy again" was never created.
    expect(created.mock.calls.map((call) => call[0])).toEqual(['ra|reconnect|juniper-dental|juniper-wa']);
    const reports = (await backendHistory('juniper-dental')).entries.filter((e) => e.kind === 'flow-report');
    expect(reports[0]).toMatchObject({ report: { workspaceId: 'juniper-dental', outcome: 'completed', source: 'oauth-dialog' } });
    expect((await readEvents()).filter((e) => e.kind === 'reconnect-result')).toEqual([expect.objectContaining({ workspaceId: 'juniper-dental', result: 'verified' })]);
  });

  it('a reduced grant: the difference names the lost WABA, and says access was reduced', async () => {
    const acme = await scenarioOf('demo-token-acme-whatsapp');
    const only11 = acme.debugToken!.granularScopes!.map((g) => (g.scope.startsWith('whatsapp_') ? { ...g, targetIds: ['900000000000011'] } : g));
    await stack.setScenario('verify-acme-reduced', { ...acme, debugToken: { ...acme.debugToken!, granularScopes: only11 } } as ScenarioInput);
    await reconnectThroughBackend('acme-support', 'verify-acme-reduced');
    await startVerification(null, { kind: 'es-finish', variant: 'cloud-api', wabaId: null, phoneNumberId: null, businessId: null });
    const v = (await loadVerifications())['acme-support']!;
    expect(v.result?.kind).toBe('verified');
    if (v.result?.kind !== 'verified') return;
    expect(v.result.difference.accessReduced).toBe(true);
    const wa = v.result.difference.connections.find((c) => c.connectionId === 'acme-wa')!;
    expect(wa.wabas.lost.map((w) => w.id)).toEqual(['900000000000012']);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(['ra|reconnect|acme-support|acme-wa']);
    expect(fakeBrowser.notifications.getAllCreateOptions()['ra|reconnect|acme-support|acme-wa']).toMatchObject({ title: 'Acme Support: reconnect verified — ACCESS REDUCED', message: expect.stringContaining('Acme Sales Line (900000000000012)') });
  });

  it('a cancelled flow runs no check at all: nothing reaches Graph', async () => {
    await stack.setDialogOutcome({ result: 'access_denied' });
    await startReconnect('harbor-shop', 'popup');
    await stack.resetSimulatorCalls();
    await startVerification(null, { kind: 'es-cancel', step: 'PERMISSIONS', stepRaw: 'PERMISSIONS', errorMessage: null });
    const v = (await loadVerifications())['harbor-shop']!;
    expect(v.result?.kind).toBe('not-run');
    expect(await stack.callsBesidesThrottled()).toEqual([]);
    const reports = (await backendHistory('harbor-shop')).entries.filter((e) => e.kind === 'flow-report');
    expect(reports[0]).toMatchObject({ report: { outcome: 'cancelled', currentStep: 'PERMISSIONS' } });
  });

  it('the backend unreachable right after the outcome: waits, then verifies when it is back', async () => {
    await stack.setScenario('verify-orbit-new', await scenarioOf('demo-token-acme-whatsapp'));
    await reconnectThroughBackend('orbit-fitness', 'verify-orbit-new');
    // The backend goes away (a closed port) the moment Meta returns.
    await saveSettings({ backendUrl: 'http://127.0.0.1:9', accessToken: stack.adminToken });
    await startVerification(null, { kind: 'redirect-code', statePresent: true, grantedScopes: null, deniedScopes: null });
    let v = (await loadVerifications())['orbit-fitness']!;
    expect(v.phase).not.toBe('done');
    expect(v.downSince).not.toBeNull();
    expect((await fakeBrowser.alarms.get('reconnect-verification'))?.scheduledTime).toBe(v.nextAt);
    // Three minutes later (past the two-minute token bound) it is back; the worker wakes.
    offset = 3 * 60_000;
    await saveSettings({ backendUrl: stack.backendUrl, accessToken: stack.adminToken });
    forgetVerificationTimer();
    await resumeVerifications();
    v = (await loadVerifications())['orbit-fitness']!;
    expect(v.result?.kind).toBe('verified');
    expect(await stored.verifications.get()).toHaveProperty('orbit-fitness');
  });
});
