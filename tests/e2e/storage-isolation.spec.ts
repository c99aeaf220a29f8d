/**
 * The backend access token lives in storage.local. Content scripts run inside Meta's pages, so the
 * background closes storage.local to them (lib/storage/access.ts). Proven from inside our own
 * content script's isolated world, reached through the DevTools protocol.
 */
import { configureBackend, expect, test } from './fixtures';

test('a content script on a Meta page cannot read the stored access token', async ({ context, extensionId, serveMeta }) => {
  await configureBackend(context, 'http://127.0.0.1:9', 'secret-token-for-isolation-test');
  await serveMeta('https://business.facebook.com/**', '<!doctype html><html lang="en"><body><div role="main">Business settings</div></body></html>');
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const ours: number[] = [];
  cdp.on('Runtime.executionContextCreated', (event: { context: { id: number; origin: string; auxData?: { type?: string } } }) => {
    if (event.context.auxData?.type === 'isolated' && event.context.origin.startsWith(`chrome-extension://${extensionId}`)) ours.push(event.context.id);
  });
  await cdp.send('Runtime.enable');
  await page.goto('https://business.facebook.com/latest/settings/people?business_id=200000000000001');
  await expect.poll(() => ours.length).toBeGreaterThan(0);

  const { result } = (await cdp.send('Runtime.evaluate', {
    contextId: ours.at(-1),
    awaitPromise: true,
    returnByValue: true,
    expression: `(async () => {
      const inOurWorld = typeof chrome.runtime?.id === 'string';
      try {
        const stored = await chrome.storage.local.get(null);
        return { inOurWorld, read: JSON.stringify(stored) };
      } catch (error) {
        return { inOurWorld, denied: String(error && error.message || error) };
      }
    })()`,
  })) as { result: { value: { inOurWorld: boolean; read?: string; denied?: string } } };

  expect(result.value.inOurWorld).toBe(true);
  expect(result.value.read ?? '').not.toContain('secret-token-for-isolation-test');
  expect(result.value.denied).toBeTruthy();
});
