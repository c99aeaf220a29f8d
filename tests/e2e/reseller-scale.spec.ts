/**
 * A reseller's scale end to end, on the built extension in Chromium: 5,000 workspaces × 10 WABAs
 * (about 11 MB of JSON, beyond storage.local's 10 MiB quota) from a real HTTP server, checked
 * against the contract before it is served.
 *
 * 1. A small status (40 workspaces) is stored. Then the worker's IndexedDB refuses every write
 *    (QuotaExceededError, forced on its IDBObjectStore prototype: Chromium applies a CDP quota
 *    override only to databases opened after it, which a running worker's cache is not), and the
 *    backend answers the 5,000: the badge, the cache and the popup say the latest answer could not
 *    be saved (grey, never the 40 as current).
 * 2. With the quota back, the next poll stores it: the status cache (IndexedDB,
 *    lib/storage/status-cache.ts) holds every workspace, storage.local stays small, the badge is
 *    what the health model says, and the popup opens with the summary (its counts, problems named
 *    first) and finds a problem workspace by its filter. Only what any popup must show is
 *    asserted: the popup's layout is not this spec's.
 */
// First: the health model's words below read their messages when used (lib/i18n).
import '../support/node-i18n';
import type { BrowserContext, Page } from '@playwright/test';
import { StatusResponse } from '../../lib/contract';
import { overallHealth } from '../../lib/health/model';
import { badgeFor } from '../../lib/health/words';
import type { Snapshot } from '../../lib/storage/snapshot';
import { resellerStatus, resellerWorkspaceName } from '../support/reseller-status';
import { badgeText, badgeTitle, configureBackend, expect, serviceWorker, test } from './fixtures';
import { readCachedSnapshot, type CachedSummary } from './support/status-cache';
import { startStatusServer } from './support/status-server';

const APP = 'Reconnect Assistant: ';

function expectedBadge(status: StatusResponse) {
  const at = new Date().toISOString();
  const snapshot: Snapshot = { lastAttemptAt: at, outcome: 'ok', detail: null, failingSince: null, failures: 0, retryAfterSeconds: null, lastGood: { status, fetchedAt: at, etag: null } };
  return badgeFor(overallHealth(snapshot, Date.now(), 15));
}

async function cached(context: BrowserContext): Promise<CachedSummary | null> {
  return (await (await serviceWorker(context)).evaluate(readCachedSnapshot, true)) as CachedSummary | null;
}

async function refresh(page: Page): Promise<void> {
  await page.evaluate(() => chrome.runtime.sendMessage({ type: 'refresh' }));
}

test('5,000 workspaces × 10 WABAs: a save the quota refuses is said, never shown as current; then stored, badged and shown', async ({ context, extensionId }) => {
  test.setTimeout(240_000);
  const now = Date.now();
  const small = StatusResponse.parse(resellerStatus(40, 10, now));
  const big = StatusResponse.parse({ ...resellerStatus(5000, 10, now), generatedAt: new Date(now + 60_000).toISOString() });
  const body = JSON.stringify(big);
  expect(body.length).toBeGreaterThan(10 * 1024 * 1024);
  const server = await startStatusServer({ status: 200, body: JSON.stringify(small) });
  try {
    await configureBackend(context, server.url, 'e2e-token-reseller');
    const popup = await context.newPage();
    // Opening the popup asks the background for a poll.
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect.poll(async () => (await cached(context))?.workspaces ?? 0, { timeout: 30_000 }).toBe(40);
    const smallBadge = expectedBadge(small);
    await expect.poll(() => badgeTitle(context), { timeout: 30_000 }).toBe(smallBadge.title);

    // IndexedDB in the worker now refuses every write, as a full disk or an exhausted quota does
    // (QuotaExceededError): forced in the worker's own IndexedDB prototype, the real code path after it.
    const quiet = await context.newPage();
    await quiet.goto(`chrome-extension://${extensionId}/onboarding.html`);
    await popup.close();
    await (await serviceWorker(context)).evaluate(() => {
      const proto = IDBObjectStore.prototype as unknown as { put: unknown; realPut?: unknown };
      proto.realPut = proto.put;
      proto.put = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    server.reply({ status: 200, body });
    await refresh(quiet);
    await expect.poll(() => badgeText(context), { timeout: 90_000 }).toBe('?');
    expect(await badgeTitle(context)).toMatch(/answer could not be saved in this browser/);
    // IndexedDB still holds the 40 (nothing lost); the failure is recorded beside it in storage.local,
    // so every reader (the popup below) gets them marked, never as current.
    expect(await cached(context)).toMatchObject({ generatedAt: small.generatedAt, workspaces: 40 });
    expect(await (await serviceWorker(context)).evaluate(async () => (await chrome.storage.local.get('statusCache')).statusCache)).toMatchObject({
      failure: { detail: expect.stringMatching(/could not be saved in this browser \(storage quota exceeded\)/) },
    });
    const stalePopup = await context.newPage();
    await stalePopup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(stalePopup.locator('body')).toContainText(/answer could not be saved in this browser/, { timeout: 30_000 });
    await expect(stalePopup.locator('body')).not.toContainText(smallBadge.title.replace(APP, ''));
    await stalePopup.close();

    // Writes work again: the next poll stores the 5,000 workspaces.
    await (await serviceWorker(context)).evaluate(() => {
      const proto = IDBObjectStore.prototype as unknown as { put: unknown; realPut?: unknown };
      proto.put = proto.realPut;
    });
    await refresh(quiet);
    await expect.poll(async () => (await cached(context))?.workspaces ?? 0, { timeout: 90_000 }).toBe(5000);
    expect(await cached(context)).toMatchObject({ outcome: 'ok', generatedAt: big.generatedAt });
    const sw = await serviceWorker(context);
    // The status is not in storage.local (whose quota it exceeds): only settings and small records are.
    expect(await sw.evaluate(() => chrome.storage.local.getBytesInUse(null))).toBeLessThan(1024 * 1024);

    const expected = expectedBadge(big);
    expect(expected.text).toBe('!');
    await expect.poll(() => badgeText(context), { timeout: 30_000 }).toBe(expected.text);
    await expect.poll(() => badgeTitle(context), { timeout: 30_000 }).toBe(expected.title);
    // Every tenth workspace has a problem, 5 kinds in 8 red: 313 red; revoked is the worst, named first.
    expect(expected.title.replace(APP, '')).toMatch(/^313 connections need attention: Customer 00053 Dental \(WhatsApp\): access revoked; .*; and \d+ more\.$/);
    // The popup (opened again, from the cache) says the same: the counts, and the worst problem first.
    const attention = big.workspaces.filter((w) => w.connections.some((c) => c.status !== 'healthy')).length;
    expect(attention).toBe(500);
    const popup2 = await context.newPage();
    await popup2.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup2.locator('body')).toContainText(`${attention} workspaces need attention, ${(5000 - attention).toLocaleString('en-US')} healthy.`, { timeout: 30_000 });
    await expect(popup2.getByRole('article').first()).toHaveAccessibleName(/^Customer 00053 Dental/);
    // A problem workspace deep in the list is found by the popup's filter.
    const problem = resellerWorkspaceName(4993);
    await popup2.getByLabel(/filter|search/i).fill(problem);
    await expect(popup2.getByText(problem).first()).toBeVisible();
  } finally {
    await server.close();
  }
});
