/**
 * The service worker is stopped while a status poll is in flight (the backend has the request and
 * has not answered). Nothing may be lost or left half-done: the cached status and its age stay as
 * they were, the next poll is already on the alarm (the poller schedules its safety net before it
 * fetches), a restarted worker repaints the badge from the cache, and the next poll recovers with
 * the backend's new answer — without repeating a notification the admin already had.
 *
 * The worker is stopped for real through CDP (`ServiceWorker.stopAllWorkers`, DevTools' "Stop"),
 * and everything after that is read from an extension page, never from the stopped worker's handle.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { connection, statusDoc, workspace } from '../support/status-fixtures';
import { configureBackend, expect, serviceWorker, test } from './fixtures';
import { startFaultServer, type FaultServer } from './support/fault-server';
import { readCachedSnapshot } from './support/status-cache';

const POLL_ALARM = 'poll-backend';

interface Snap {
  outcome: string;
  lastAttemptAt: string;
  failures: number;
  lastGood: { fetchedAt: string; status: { generatedAt: string } } | null;
}

const expired = { ...statusDoc([workspace([connection('expired')])]), generatedAt: '2026-11-21T10:00:00Z' };
const healthy = { ...statusDoc([workspace([connection('healthy')])]), generatedAt: '2026-11-21T11:00:00Z' };

/** Reads through an extension page (same chrome.* APIs as the worker, and it does not wake it). */
const pageSnapshot = async (page: Page) => (await page.evaluate(readCachedSnapshot)) as Snap | null;
const pageBadge = (page: Page) => page.evaluate(() => chrome.action.getBadgeText({}));
const pageNotifications = (page: Page) => page.evaluate(async () => Object.keys(await chrome.notifications.getAll()).sort());
const pageAlarm = (page: Page, name: string) => page.evaluate((n) => chrome.alarms.get(n), name);
const fireAlarmFrom = (page: Page, name: string) => page.evaluate((n) => chrome.alarms.create(n, { when: Date.now() + 10 }), name);

async function workerControl(context: BrowserContext, anyPage: Page, extensionId: string) {
  const script = `chrome-extension://${extensionId}/background.js`;
  const history: string[] = [];
  const cdp = await context.newCDPSession(anyPage);
  cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: { scriptURL: string; runningStatus: string }[] }) => {
    for (const v of event.versions) if (v.scriptURL === script) history.push(v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  const status = () => history.at(-1) ?? 'unknown';
  return {
    status,
    async stop() {
      await cdp.send('ServiceWorker.stopAllWorkers');
      await expect.poll(status).toBe('stopped');
    },
    detach: () => cdp.detach(),
  };
}

let server: FaultServer;
test.beforeEach(async () => {
  server = await startFaultServer({ kind: 'ok', body: JSON.stringify(expired), etag: 'W/"a"' });
});
test.afterEach(async () => server.close());

test('a worker stopped mid-poll loses nothing, and the next start recovers with the right badge', async ({ context, extensionId }) => {
  await configureBackend(context, server.url, 'e2e-token');
  const quiet = await context.newPage();
  await quiet.goto(`chrome-extension://${extensionId}/onboarding.html`);
  // First poll, by the background's own alarm: the expired token is on the badge and notified.
  const sw = await serviceWorker(context);
  await sw.evaluate((n) => chrome.alarms.create(n, { when: Date.now() + 10 }), POLL_ALARM);
  await expect.poll(async () => (await pageSnapshot(quiet))?.lastGood?.status.generatedAt ?? null).toBe(expired.generatedAt);
  await expect.poll(() => pageBadge(quiet)).toBe('!');
  await expect.poll(async () => (await pageNotifications(quiet)).length).toBe(1);
  const notified = await pageNotifications(quiet);
  const before = (await pageSnapshot(quiet))!;

  // The next poll reaches the backend, which holds it without answering.
  server.set({ kind: 'stall-before-headers', ms: 60_000 });
  const asked = server.requests.length;
  const worker = await workerControl(context, quiet, extensionId);
  await fireAlarmFrom(quiet, POLL_ALARM);
  await expect.poll(() => server.requests.length).toBeGreaterThan(asked);
  expect(worker.status()).toBe('running');

  // Stopped with the request in flight.
  await worker.stop();
  const stoppedAt = Date.now();
  // Nothing half-written: the cached status, its age and the failure count are exactly as before.
  expect(await pageSnapshot(quiet)).toEqual(before);
  // The next poll is already on the alarm (scheduled before the fetch), within one poll interval.
  const alarm = await pageAlarm(quiet, POLL_ALARM);
  expect(alarm).toBeTruthy();
  expect(alarm!.scheduledTime).toBeGreaterThan(stoppedAt - 1000);
  expect(alarm!.scheduledTime - stoppedAt).toBeLessThanOrEqual(60 * 60_000);
  // The badge is wiped from outside and the notification dismissed, so what comes back later can
  // only be the restarted worker's doing.
  await quiet.evaluate(() => chrome.action.setBadgeText({ text: 'X' }));
  for (const id of notified) await quiet.evaluate((n) => chrome.notifications.clear(n), id);
  expect(worker.status()).toBe('stopped');

  // A new worker starts (woken by a message it refuses) and repaints the badge from the cache.
  expect(await quiet.evaluate(() => chrome.runtime.sendMessage({ type: 'not-a-message' }))).toMatchObject({ ok: false });
  await expect.poll(worker.status).toBe('running');
  await expect.poll(() => pageBadge(quiet)).toBe('!');
  expect(await pageSnapshot(quiet)).toEqual(before);

  // Still expired on the backend: the next poll repeats nothing the admin already had.
  server.set({ kind: 'ok', body: JSON.stringify({ ...expired, generatedAt: '2026-11-21T10:30:00Z' }), etag: 'W/"a2"' });
  await fireAlarmFrom(quiet, POLL_ALARM);
  await expect.poll(async () => (await pageSnapshot(quiet))?.lastGood?.status.generatedAt ?? null).toBe('2026-11-21T10:30:00Z');
  expect(await pageBadge(quiet)).toBe('!');
  expect(await pageNotifications(quiet)).toEqual([]);

  // The backend now says healthy: the next poll recovers, the badge follows.
  server.set({ kind: 'ok', body: JSON.stringify(healthy), etag: 'W/"b"' });
  await fireAlarmFrom(quiet, POLL_ALARM);
  await expect.poll(async () => (await pageSnapshot(quiet))?.lastGood?.status.generatedAt ?? null).toBe(healthy.generatedAt);
  const after = (await pageSnapshot(quiet))!;
  expect(after).toMatchObject({ outcome: 'ok', failures: 0 });
  await expect.poll(() => pageBadge(quiet)).not.toBe('!');
  expect(await pageBadge(quiet)).not.toBe('X');
  expect(await pageNotifications(quiet)).not.toEqual(expect.arrayContaining(notified));
  await worker.detach();
});
