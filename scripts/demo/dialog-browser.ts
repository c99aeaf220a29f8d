/**
 * The demo's browser for clicking a reconnect through locally: Chromium (driven by Playwright) with
 * the demo build loaded, where Meta's Business Login dialog at its REAL URLs
 * (https://www.facebook.com/vNN.0/dialog/oauth…) is served from the simulator's interactive
 * stand-in (server/simulator/dialog-page.ts) through the browser automation's routing — the same
 * routing the browser tests use (tests/e2e/support/meta-dialog-route.ts). The extension sees
 * Meta's URL, so the live checklist, the outcome and the before/after work as against Meta. Only
 * `npm start` uses this; the builds are the ordinary ones.
 *
 * Everything else off this machine is refused: the demo reaches nothing of Meta's for real.
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS } from '../process/chromium';
import { routeMetaDialog } from '../../tests/e2e/support/meta-dialog-route';

/** Local servers, the extension and the routed dialog; nothing else leaves the machine. */
const LOCAL = [/^chrome-extension:\/\//, /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//, /^data:/, /^blob:/, /^chrome:\/\//, /^about:/];

export interface DemoBrowser {
  context: BrowserContext;
  /** Every real dialog URL served from the stand-in so far. */
  dialogServed: string[];
  close(): Promise<void>;
}

export async function launchDemoBrowser(options: { chromiumPath: string; extensionDir: string; simulatorUrl: string; headless: boolean }): Promise<DemoBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'ra-demo-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: options.chromiumPath,
    headless: options.headless,
    viewport: null,
    args: [
      ...(options.headless ? CHROMIUM_ARGS : ['--no-first-run', '--no-default-browser-check', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])]),
      `--disable-extensions-except=${options.extensionDir}`,
      `--load-extension=${options.extensionDir}`,
    ],
  });
  // Lowest priority (routes added later are matched first): refuse what is neither local nor routed.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (LOCAL.some((re) => re.test(url))) return route.fallback();
    return route.abort('blockedbyclient');
  });
  const dialog = await routeMetaDialog(context, options.simulatorUrl);
  return {
    context,
    dialogServed: dialog.served,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The demo's interactive dialog for Acme Support: both WABAs and both WhatsApp permissions offered. */
export const DEMO_DIALOG = {
  result: 'interactive',
  baseToken: 'demo-token-acme-whatsapp',
  previousToken: 'demo-token-acme-whatsapp',
  script: {
    appName: 'Reconnect Demo App',
    previousGrant: true,
    businesses: [{ id: '800000000000001', name: 'Acme Trading Co. (demo)', selected: true }],
    wabas: [
      { id: '900000000000011', name: 'Acme Support Line', selected: true },
      { id: '900000000000012', name: 'Acme Sales Line', selected: true },
    ],
  },
} as const;

export async function scriptDemoDialog(simulatorUrl: string): Promise<void> {
  const response = await fetch(`${simulatorUrl}/__sim/dialog/outcome`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(DEMO_DIALOG) });
  if (!response.ok) throw new Error(`the simulator refused the demo dialog (${response.status}): ${await response.text()}`);
}

/**
 * The headless smoke of the click-through: the backend's reconnect link → its page → "Continue to
 * Facebook" → the stand-in dialog at a facebook.com URL. Returns the problems found (none: passed).
 */
export async function dialogSmoke(browser: DemoBrowser, backendUrl: string, adminToken: string, workspaceId: string): Promise<string[]> {
  const problems: string[] = [];
  const response = await fetch(`${backendUrl}/v1/workspaces/${workspaceId}/reconnect-link`, { method: 'POST', headers: { Authorization: `Bearer ${adminToken}` } });
  if (response.status !== 201) return [`POST reconnect-link answered ${response.status}`];
  const { url } = (await response.json()) as { url: string };
  const page: Page = await browser.context.newPage();
  try {
    await page.goto(url);
    await page.getByRole('link', { name: /Continue to Facebook/ }).click();
    await page.waitForURL(/^https:\/\/www\.facebook\.com\/v\d+\.\d+\/dialog\/oauth\?/, { timeout: 15_000 });
    const heading = page.getByRole('heading').first();
    await heading.waitFor({ timeout: 15_000 });
    const text = (await heading.textContent()) ?? '';
    if (!/Reconnect Demo App/.test(text)) problems.push(`the dialog at ${new URL(page.url()).origin} shows “${text}”, not the stand-in's first screen`);
    if (!browser.dialogServed.some((u) => u.startsWith('https://www.facebook.com/'))) problems.push('no dialog URL was served from the stand-in');
  } catch (error) {
    problems.push(`the click-through failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  } finally {
    await page.close().catch(() => undefined);
  }
  return problems;
}
