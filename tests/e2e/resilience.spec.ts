/**
 * Backend faults as the built extension meets them in Chromium, against a real HTTP server that
 * misbehaves on cue (tests/e2e/support/fault-server.ts). For every fault: the last known status
 * stays visible with its age, the state is named in the popup, nothing cached is lost, the next
 * poll backs off (and honours Retry-After), and once the backend behaves again the extension
 * recovers by itself on its next alarm. Polls are driven by the background's own alarm, the way
 * they run in production.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { connection, statusDoc, workspace } from '../support/status-fixtures';
import { badgeText, configureBackend, expect, serviceWorker, test } from './fixtures';
import { startFaultServer, type Fault, type FaultServer } from './support/fault-server';
import { readCachedSnapshot } from './support/status-cache';

const POLL_ALARM = 'poll-backend';
const healthy = statusDoc([workspace([connection('healthy')])]);
const GOOD: Fault = { kind: 'ok', body: JSON.stringify(healthy), etag: 'W/"v1"' };

interface Snap {
  outcome: string;
  lastAttemptAt: string;
  failures: number;
  retryAfterSeconds: number | null;
  detail: string | null;
  lastGood: { fetchedAt: string; status: { generatedAt: string; workspaces: unknown[] } } | null;
}

async function snapshot(context: BrowserContext): Promise<Snap | null> {
  const sw = await serviceWorker(context);
  return (await sw.evaluate(readCachedSnapshot)) as Snap | null;
}

/** Fires the background's poll alarm now and waits until a poll attempt after `since` is stored. */
async function pollByAlarm(context: BrowserContext, timeout = 20_000): Promise<Snap> {
  const before = (await snapshot(context))?.lastAttemptAt ?? '';
  const sw = await serviceWorker(context);
  await sw.evaluate((name) => chrome.alarms.create(name, { when: Date.now() + 10 }), POLL_ALARM);
  await expect.poll(async () => (await snapshot(context))?.lastAttemptAt ?? '', { timeout }).not.toBe(before);
  return (await snapshot(context))!;
}

/** Minutes until the poll alarm fires next. */
async function nextPollInMinutes(context: BrowserContext): Promise<number> {
  const sw = await serviceWorker(context);
  const alarm = await sw.evaluate((name) => chrome.alarms.get(name), POLL_ALARM);
  return (alarm!.scheduledTime - Date.now()) / 60_000;
}

async function openPopup(context: BrowserContext, extensionId: string): Promise<Page> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.locator('main')).toHaveAttribute('data-checking', 'false');
  return popup;
}

let server: FaultServer;
test.beforeEach(async () => {
  server = await startFaultServer(GOOD);
});
test.afterEach(async () => server.close());

async function healthyFirst(context: BrowserContext): Promise<Snap> {
  await configureBackend(context, server.url, 'e2e-token');
  const first = await pollByAlarm(context);
  expect(first.outcome).toBe('ok');
  return first;
}

const FAULTS: { name: string; apply: (s: FaultServer) => Promise<void> | void; outcome: string; title: string; detail: RegExp; retryAfter?: number }[] = [
  { name: 'connection refused', apply: (s) => s.down(), outcome: 'unreachable', title: 'Backend unreachable', detail: /network error/ },
  { name: 'a 10 s stall before the headers', apply: (s) => s.set({ kind: 'stall-before-headers', ms: 10_000 }), outcome: 'unreachable', title: 'Backend unreachable', detail: /timed out/ },
  { name: 'a stall after the headers', apply: (s) => s.set({ kind: 'stall-after-headers' }), outcome: 'unreachable', title: 'Backend unreachable', detail: /timed out while receiving/ },
  { name: 'HTTP 500', apply: (s) => s.set({ kind: 'status', status: 500 }), outcome: 'http-error', title: 'Backend error', detail: /HTTP 500/ },
  {
    name: '429 with Retry-After',
    apply: (s) => s.set({ kind: 'status', status: 429, headers: { 'Retry-After': '1200' }, body: '{"error":{"code":"rate-limited","message":"slow down"}}' }),
    outcome: 'http-error',
    title: 'Backend error',
    detail: /HTTP 429/,
    retryAfter: 1200,
  },
  { name: 'malformed JSON', apply: (s) => s.set({ kind: 'raw', contentType: 'application/json', body: '{"apiVersion":"v1",' }), outcome: 'invalid-response', title: 'Invalid response', detail: /not JSON/ },
  {
    name: 'an answer that fails the schema (a relative reconnect URL)',
    apply: (s) => s.set({ kind: 'ok', body: JSON.stringify(statusDoc([workspace([connection('expired')], { reconnectUrl: '/settings/reconnect' })])) }),
    outcome: 'invalid-response',
    title: 'Invalid response',
    detail: /reconnectUrl/,
  },
  { name: '401 after working', apply: (s) => s.set({ kind: 'status', status: 401, body: '{"error":{"code":"unauthorized","message":"no"}}' }), outcome: 'unauthorized', title: 'Access token refused', detail: /HTTP 401/ },
];

for (const fault of FAULTS) {
  test(`${fault.name}: last status kept with its age, state named, back-off, recovery by itself`, async ({ context, extensionId }) => {
    test.setTimeout(60_000);
    const first = await healthyFirst(context);
    await fault.apply(server);

    const failed = await pollByAlarm(context);
    expect(failed.outcome).toBe(fault.outcome);
    expect(failed.detail).toMatch(fault.detail);
    // Nothing cached is lost: the last good status is the one from before, untouched.
    expect(failed.lastGood).toEqual(first.lastGood);
    // Within one interval the badge keeps the last known (healthy) state; the popup names the failure.
    expect(await badgeText(context)).toBe('');
    const popup = await openPopup(context, extensionId);
    const alert = popup.getByRole('alert');
    await expect(alert).toContainText(fault.title);
    await expect(alert.getByTestId('last-known')).toContainText(/Showing the last known status, from .+ ago/);
    await expect(popup.getByRole('button', { name: 'Healthy (1)' })).toBeVisible(); // the cached workspace is still listed
    await popup.close();

    // Back-off: the next poll is a minute away after one failure, later after Retry-After.
    const next = await nextPollInMinutes(context);
    if (fault.retryAfter) expect(next).toBeGreaterThanOrEqual(fault.retryAfter / 60 - 0.5);
    else expect(next).toBeLessThanOrEqual(1.05);
    if (fault.retryAfter) expect(failed.retryAfterSeconds).toBe(fault.retryAfter);

    // A second failure backs off further (unless Retry-After already asks for longer).
    const again = await pollByAlarm(context);
    expect(again.failures).toBeGreaterThan(failed.failures);
    if (!fault.retryAfter) expect(await nextPollInMinutes(context)).toBeGreaterThan(1.5);

    // The backend behaves again: the next alarm recovers by itself.
    if (fault.name === 'connection refused') await server.restart();
    server.set(GOOD);
    const recovered = await pollByAlarm(context);
    expect(recovered.outcome).toBe('ok');
    expect(recovered.failures).toBe(0);
    expect(await nextPollInMinutes(context)).toBeGreaterThan(14);
    const after = await openPopup(context, extensionId);
    await expect(after.getByRole('alert')).toHaveCount(0);
  });
}
