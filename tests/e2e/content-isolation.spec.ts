/**
 * "Fast and quiet": the content scripts never run on hosts that only look like Meta's, and on a Meta
 * page that is not one of theirs they do no work at all — no panel, no report, and not one call into
 * their code while the page mutates (counted by V8's precise coverage, which is deterministic, unlike
 * timings; the CPU share is measured in `npm run bench`).
 */
import type { CDPSession, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { fixture, readPanel, recordedKinds, watchWorlds } from './support/content';

const SPA = fixture('bm/business-settings-spa.html');

interface Coverage {
  result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
}

/** Calls into the extension's content scripts since the last take (precise coverage resets on take). */
async function extensionCalls(cdp: CDPSession, extensionId: string): Promise<{ scripts: number; calls: number; functions: string[] }> {
  const { result } = (await cdp.send('Profiler.takePreciseCoverage')) as Coverage;
  const ours = result.filter((script) => script.url.startsWith(`chrome-extension://${extensionId}/`));
  const called = ours.flatMap((script) => script.functions.filter((f) => (f.ranges[0]?.count ?? 0) > 0));
  return { scripts: ours.length, calls: called.reduce((sum, f) => sum + (f.ranges[0]?.count ?? 0), 0), functions: called.map((f) => f.functionName || '(anonymous)') };
}

async function startCoverage(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  return cdp;
}

const noise = (page: Page, rounds: number) =>
  page.evaluate(async (n) => {
    for (let i = 0; i < n; i++) {
      (window as unknown as { noise: (k: number) => void }).noise(50);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }, rounds);

test('on a Business Suite page that is not ours, the script does nothing while the page mutates', async ({ context, extensionId, serveMeta }) => {
  await serveMeta('https://business.facebook.com/**', SPA);
  const page = await context.newPage();
  const { worlds } = await watchWorlds(page);
  await page.goto('https://business.facebook.com/some-other-page?business_id=200000000000001');
  // It is injected (the host is matched, for SPA navigation)...
  await expect.poll(() => worlds.some((w) => w.origin.includes(extensionId))).toBe(true);
  // Coverage counts only code compiled after it starts: start it, then load the page again.
  const cdp = await startCoverage(page);
  await page.reload();
  await expect.poll(() => worlds.filter((w) => w.origin.includes(extensionId)).length).toBe(2);
  const baseline = await extensionCalls(cdp, extensionId);
  // ...precise coverage sees its script (so a zero below means something)...
  expect(baseline.scripts).toBeGreaterThan(0);
  // ...and 50 rounds of 50 mutations (inside and outside [role=main]) call none of its code.
  await noise(page, 50);
  // (V8 leaves a script out of a take when none of its functions ran since the last one.)
  expect(await extensionCalls(cdp, extensionId)).toMatchObject({ calls: 0, functions: [] });
  expect(await readPanel(page)).toBeNull();
  expect(await recordedKinds(context)).toEqual([]);

  // Control: the same noise on one of our pages (People, before its reading settles) does reach it.
  await page.evaluate(() => (window as unknown as { go: (u: string) => void }).go('/latest/settings/business_users?business_id=200000000000001'));
  await expect.poll(() => recordedKinds(context)).toEqual(['bm-people']);
  await extensionCalls(cdp, extensionId);
  await page.evaluate(() => (window as unknown as { go: (u: string) => void }).go('/latest/settings/system_users?business_id=200000000000001'));
  const routeChange = await extensionCalls(cdp, extensionId);
  expect(routeChange.calls).toBeGreaterThan(0);
  await cdp.detach();
});

test('hosts that only look like Meta’s never get a content script', async ({ context, extensionId, serveMeta }) => {
  const lookAlikes = [
    'https://business.facebook.com.evil.test/latest/settings/business_users?business_id=200000000000001',
    'https://evilfacebook.com/v21.0/dialog/oauth?client_id=100000000000009',
    'https://www.facebook.com.evil.test/settings?tab=business_tools',
  ];
  for (const url of lookAlikes) await serveMeta(url, SPA);
  // Control page: a real Meta URL, to prove the detection of an injected world works.
  await serveMeta('https://business.facebook.com/latest/settings/business_users?business_id=200000000000001', SPA);

  for (const url of lookAlikes) {
    const page = await context.newPage();
    const { worlds } = await watchWorlds(page);
    await page.goto(url);
    await page.evaluate(() => (window as unknown as { noise: (k: number) => void }).noise(20));
    expect(worlds.filter((w) => w.origin.startsWith('chrome-extension://')), url).toEqual([]);
    expect(await readPanel(page)).toBeNull();
    await page.close();
  }
  const control = await context.newPage();
  const { worlds } = await watchWorlds(control);
  await control.goto('https://business.facebook.com/latest/settings/business_users?business_id=200000000000001');
  await expect.poll(() => worlds.filter((w) => w.type === 'isolated' && w.origin.includes(extensionId)).length).toBe(1);
  expect(await recordedKinds(context)).toEqual(['bm-people']);
});

test('facebook.com pages outside the dialog and settings paths do not get the dialog script', async ({ context, serveMeta }) => {
  const urls = ['https://www.facebook.com/', 'https://www.facebook.com/v21.0/dialog/share?app_id=100000000000009', 'https://www.facebook.com/groups/settings'];
  for (const url of urls) await serveMeta(url, SPA);
  for (const url of urls) {
    const page = await context.newPage();
    const { worlds } = await watchWorlds(page);
    await page.goto(url);
    expect(worlds.filter((w) => w.origin.startsWith('chrome-extension://')), url).toEqual([]);
    await page.close();
  }
});
