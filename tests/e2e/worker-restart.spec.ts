/**
 * A killed service worker loses nothing (the last good status is cached, so the popup renders
 * at once after a service-worker restart), and a tab that loads another document forgets the
 * page it was on (lib/background/tab-documents.ts).
 *
 * The worker is stopped for real through CDP (`ServiceWorker.stopAllWorkers`, the same switch as
 * DevTools' "Stop"); CDP must report it stopped, then running again once an extension page wakes it.
 * The backend is stopped first (its port then accepts and never answers), so anything the popup
 * shows after the restart can only come from the extension's cache.
 * Checked to fail when broken (locally, reverted): no badge repaint at worker start-up; a popup that
 * ignores the cached snapshot; alert states lost across the restart (a notification comes back);
 * page records forgotten on every status 'loading'; the tabs.onUpdated wiring removed.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { BrowserContext, Page } from '@playwright/test';
import { demoSeed, startStack, type Stack } from '../support/backend-harness';
import { badgeText, configureBackend, expect, serviceWorker, test } from './fixtures';
import { fixture, recordedKinds } from './support/content';

const EXPIRED = 'ra|worse|juniper-dental|juniper-wa|expired';

let stack: Stack | null = null;
const closers: (() => Promise<void>)[] = [];
test.afterEach(async () => {
  await stack?.stop();
  stack = null;
  for (const close of closers.splice(0)) await close();
});

async function notifications(context: BrowserContext): Promise<string[]> {
  const sw = await serviceWorker(context);
  return Object.keys(await sw.evaluate(() => chrome.notifications.getAll())).sort();
}

interface VersionEvent {
  versions: { scriptURL: string; runningStatus: string }[];
}

/**
 * Watches the extension's worker through CDP's ServiceWorker domain (a page-level session: a
 * persistent context has no browser-level one) and stops it as DevTools' "Stop" does.
 * Playwright keeps a stopped worker's handle around, so CDP's running status is the truth here.
 */
async function workerControl(context: BrowserContext, anyPage: Page, extensionId: string) {
  const script = `chrome-extension://${extensionId}/background.js`;
  const history: { runningStatus: string }[] = [];
  const cdp = await context.newCDPSession(anyPage);
  cdp.on('ServiceWorker.workerVersionUpdated', (event: VersionEvent) => {
    for (const v of event.versions) if (v.scriptURL === script) history.push({ runningStatus: v.runningStatus });
  });
  await cdp.send('ServiceWorker.enable');
  const status = () => history.at(-1)?.runningStatus ?? 'unknown';
  return {
    status,
    statuses: () => history.map((h) => h.runningStatus),
    async stop() {
      await cdp.send('ServiceWorker.stopAllWorkers');
      await expect.poll(status).toBe('stopped');
    },
    detach: () => cdp.detach(),
  };
}

/** The worker-free way to read extension state: an extension page has the same chrome.* APIs. */
const pageNotifications = (page: Page) => page.evaluate(async () => Object.keys(await chrome.notifications.getAll()).sort());
const pageAlarms = (page: Page) => page.evaluate(async () => (await chrome.alarms.getAll()).map((a) => a.name).sort());
const pageBadge = (page: Page) => page.evaluate(() => chrome.action.getBadgeText({}));

/** A listening socket that accepts and never answers: a poll started now cannot complete. */
async function hangingServer(port: number): Promise<{ release: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const release = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  closers.push(release);
  return { release };
}

test('a stopped service worker comes back with the cached status, badge, alarms and no duplicate notification', async ({ context, extensionId }) => {
  const seed = demoSeed();
  seed.admins = [{ ...seed.admins[0]!, workspaces: ['juniper-dental'] }];
  seed.workspaces = seed.workspaces.filter((w) => w.id === 'juniper-dental');
  stack = await startStack({ seed });
  const backendUrl = stack.backendUrl;
  await configureBackend(context, backendUrl, stack.adminToken);
  const first = await context.newPage();
  await first.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(first.locator('main')).toHaveAttribute('data-checking', 'false');
  await expect.poll(() => badgeText(context)).toBe('!');
  await expect.poll(() => notifications(context)).toEqual([EXPIRED]);
  await first.close();

  // No new data can arrive: the backend is gone, and its port now accepts and never answers.
  await stack.stop();
  stack = null;
  const hanging = await hangingServer(Number(new URL(backendUrl).port));

  // A quiet extension page (onboarding sends no message, so it does not wake the worker).
  const quiet = await context.newPage();
  await quiet.goto(`chrome-extension://${extensionId}/onboarding.html`);
  const worker = await workerControl(context, quiet, extensionId);
  await expect.poll(worker.status).toBe('running');
  await worker.stop();

  // While the worker is down: the alarms are the browser's (they survive), and the badge is wiped
  // from outside, so a '!' later can only be the restarted worker's repaint from the cache.
  const alarms = await pageAlarms(quiet);
  expect(alarms.length).toBeGreaterThan(0);
  await quiet.evaluate(() => chrome.action.setBadgeText({ text: 'X' }));
  // The admin dismissed the notification: a restarted worker that forgot what it already said would
  // show it again on the next good poll (notification ids are per connection and cause, so a repeat
  // would otherwise just replace the old one and go unseen).
  await quiet.evaluate((id) => chrome.notifications.clear(id), EXPIRED);
  expect(await pageNotifications(quiet)).toEqual([]);
  expect(await pageBadge(quiet)).toBe('X');
  expect(worker.status()).toBe('stopped');

  // Wake it with a message it refuses (no poll): a new worker starts and repaints the badge.
  const reply = await quiet.evaluate(() => chrome.runtime.sendMessage({ type: 'not-a-message' }));
  expect(reply).toMatchObject({ ok: false });
  await expect.poll(worker.status).toBe('running');
  // Stopped, then started again: a new worker, not the old one kept alive.
  expect(worker.statuses().slice(worker.statuses().lastIndexOf('stopped'))).toEqual(expect.arrayContaining(['stopped', 'running']));
  await expect.poll(() => pageBadge(quiet)).toBe('!');

  // The popup renders the last status from the cache at once, while its own poll cannot finish.
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const card = popup.getByRole('article', { name: /^Juniper Dental/ });
  await expect(card.locator('[data-status="expired"]')).toHaveText('Token expired');
  await expect(card).toContainText('The token has expired');
  await expect(popup.getByTestId('checking')).toHaveText('Checking…');

  // The hanging poll fails: the popup says so and shows the age of the data it still shows.
  await hanging.release();
  await expect(popup.locator('main')).toHaveAttribute('data-checking', 'false');
  const alert = popup.getByRole('alert');
  await expect(alert).toContainText('Backend unreachable');
  await expect(alert.getByTestId('last-known')).toContainText(/Showing the last known status, from .+ ago\./);
  await expect(card.locator('[data-status="expired"]')).toHaveText('Token expired');

  // The backend is back with the same expired token: a good poll by the restarted worker repaints
  // the same badge and notifies nobody again (the alert states survived the restart).
  stack = await startStack({ seed });
  const url = stack.backendUrl;
  const token = stack.adminToken;
  await quiet.evaluate(
    async ([u, t]) => {
      const stored = (await chrome.storage.local.get('settings')).settings ?? {};
      await chrome.storage.local.set({ settings: { ...stored, backendUrl: u, accessToken: t } });
    },
    [url, token] as const,
  );
  expect(await quiet.evaluate(() => chrome.runtime.sendMessage({ type: 'refresh' }))).toEqual({ ok: true });
  await expect(popup.getByRole('alert')).toHaveCount(0);
  expect(await pageBadge(quiet)).toBe('!');
  expect(await pageNotifications(quiet)).toEqual([]);
  // (The failed poll may add the stale-check alarm; none of the earlier ones may be gone.)
  expect(alarms).toContain('poll-backend');
  expect(await pageAlarms(quiet)).toEqual(expect.arrayContaining(alarms));
  await worker.detach();
});

const PEOPLE = 'https://business.facebook.com/latest/settings/business_users?business_id=200000000000001';

async function localPage(): Promise<string> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Somewhere else</title><p>Not a Meta page.</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}/elsewhere`;
}

test('a tab that loads another document forgets the page it was on; an SPA route change keeps it', async ({ context, serveMeta }) => {
  await serveMeta('https://business.facebook.com/**', fixture('bm/business-settings-spa.html'));
  const elsewhere = await localPage();
  const page = await context.newPage();

  // SPA: pushState fires tabs.onUpdated status 'loading'/'complete' on the same document in
  // Chromium; the record follows the route and survives those events.
  await page.goto(PEOPLE);
  await expect.poll(() => recordedKinds(context)).toEqual(['bm-people']);
  await page.evaluate(() => (window as unknown as { go: (u: string) => void }).go('/latest/settings/system_users?business_id=200000000000001'));
  await expect.poll(() => recordedKinds(context)).toEqual(['bm-system-users']);
  await page.evaluate(() => (window as unknown as { go: (u: string, how: string) => Promise<void> }).go('/latest/settings/business_users?business_id=200000000000001', 'navigate'));
  await expect.poll(() => recordedKinds(context)).toEqual(['bm-people']);
  // A later status event on the same document (hash change) still keeps it.
  await page.evaluate(() => {
    location.hash = 'still-here';
  });
  await page.waitForLoadState('load');
  await expect.poll(() => recordedKinds(context)).toEqual(['bm-people']);

  // Full load of an unrelated business.facebook.com page (our script runs there, reports nothing).
  await page.goto('https://business.facebook.com/some-other-page?business_id=200000000000001');
  await expect.poll(() => recordedKinds(context)).toEqual([]);

  // Full load of a non-Meta site (no script of ours at all).
  await page.goto(PEOPLE);
  await expect.poll(() => recordedKinds(context)).toEqual(['bm-people']);
  await page.goto(elsewhere);
  await expect.poll(() => recordedKinds(context)).toEqual([]);
});
