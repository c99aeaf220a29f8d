/**
 * How fast does the live reconnect checklist follow the dialog?
 *
 *   built extension (.output/chrome-mv3) in headless Chromium ─► the reference backend + Graph
 *   simulator (tests/support/backend-harness.ts), the extension pointed at it and polled ─► Meta's
 *   dialog at its real URL from the simulator's stand-in (tests/e2e/support/meta-dialog-route.ts),
 *   on its WhatsApp account step ─► N trials: one account's checkbox toggled by a click in the page
 *   (page clock at the click) ─► the overlay redraws its items (CDP DOM events on the overlay's
 *   closed shadow root, which the DOM agent sees; arrival time on the same machine clock)
 *
 * Each trial goes the whole way: the page's mutation → the content script's reading → the
 * dialog-screen message → the attempt updated in storage.session → checklist-changed → the overlay
 * asks, gets the new checklist and redraws. Target: p95 ≤ 50 ms.
 * Env: BENCH_TRIALS (default 60), BENCH_SKIP_BUILD=1 to measure the existing build.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type CDPSession } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/process/chromium';
import { demoSeed, startStack } from '../tests/support/backend-harness';
import { routeMetaDialog } from '../tests/e2e/support/meta-dialog-route';
import type { Bench, BenchResult } from './types';

const EXTENSION = path.resolve('.output/chrome-mv3');
const TARGET_P95_MS = 50;
const ACME_TOKEN = 'demo-token-acme-whatsapp';

interface DomNode {
  nodeId: number;
  nodeName: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

/** The node id of the overlay's item list container (its `.body` div), for the DOM events. */
async function overlayBody(cdp: CDPSession): Promise<number | null> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const find = (node: DomNode, test: (n: DomNode) => boolean): DomNode | null => {
    if (test(node)) return node;
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
      const hit = find(child, test);
      if (hit) return hit;
    }
    return null;
  };
  const host = find(root, (n) => n.attributes?.includes('data-ra-checklist') ?? false);
  const shadow = host?.shadowRoots?.[0];
  if (!shadow) return null;
  const attr = (n: DomNode, name: string) => {
    const a = n.attributes ?? [];
    const i = a.indexOf(name);
    return i >= 0 ? a[i + 1] : undefined;
  };
  return find(shadow, (n) => n.nodeName === 'DIV' && attr(n, 'class') === 'body')?.nodeId ?? null;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;

const bench: Bench = {
  description: 'DOM change in Meta’s dialog → the live checklist redrawn (built extension, reference backend, stand-in dialog)',
  async run(): Promise<BenchResult> {
    if (process.env.BENCH_SKIP_BUILD !== '1') {
      const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
      if (build.status !== 0) throw new Error('npm run build failed');
    }
    const trials = Number(process.env.BENCH_TRIALS ?? 60);
    const seed = demoSeed();
    seed.admins = [{ ...seed.admins[0]!, workspaces: ['acme-support'] }];
    seed.workspaces = seed.workspaces.filter((w) => w.id === 'acme-support');
    const stack = await startStack({ seed });
    const profile = mkdtempSync(path.join(tmpdir(), 'ra-bench-checklist-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      args: [...CHROMIUM_ARGS, `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`],
    });
    try {
      const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      const extensionId = new URL(sw.url()).host;
      await sw.evaluate(
        async ([url, token]) => {
          await chrome.storage.local.set({ settings: { backendUrl: url, accessToken: token } });
        },
        [stack.backendUrl, stack.adminToken] as const,
      );
      const popup = await context.newPage();
      await popup.goto(`chrome-extension://${extensionId}/popup.html`);
      await popup.waitForFunction(() => document.querySelector('header [role="status"]')?.textContent === '', null, { timeout: 30_000 });
      await popup.close();
      await routeMetaDialog(context, stack.simulatorUrl);
      await stack.setDialogOutcome({
        result: 'interactive',
        script: {
          appName: 'Reconnect Demo App',
          businesses: [{ id: '800000000000001', name: 'Acme Trading Co. (demo)', selected: true }],
          wabas: [
            { id: '900000000000011', name: 'Acme Support Line', selected: true },
            { id: '900000000000012', name: 'Acme Sales Line', selected: true },
          ],
        },
        baseToken: ACME_TOKEN,
      });
      const page = await context.newPage();
      const q = new URLSearchParams({ client_id: '700000000000001', config_id: '700000000000101', redirect_uri: `${stack.backendUrl}/reconnect/callback`, state: 'bench' });
      await page.goto(`https://www.facebook.com/v24.0/dialog/oauth?${q}`);
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await page.getByRole('checkbox', { name: 'Acme Sales Line' }).waitFor();
      const cdp = await context.newCDPSession(page);
      await cdp.send('DOM.enable');
      let body: number | null = null;
      for (let i = 0; i < 100 && body === null; i++) {
        body = await overlayBody(cdp);
        if (body === null) await page.waitForTimeout(100);
      }
      if (body === null) throw new Error('the checklist never appeared');
      let redrawnAt: number | null = null;
      const bodyId = body;
      cdp.on('DOM.childNodeInserted', (event: { parentNodeId: number }) => {
        if (event.parentNodeId === bodyId && redrawnAt === null) redrawnAt = Date.now();
      });
      // Let the first readings settle.
      await page.waitForTimeout(1500);
      const latencies: number[] = [];
      const misses: number[] = [];
      for (let i = 0; i < trials; i++) {
        redrawnAt = null;
        const clickedAt = await page.evaluate(() => {
          const box = [...document.querySelectorAll('[role="checkbox"]')].find((el) => document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent === 'Acme Sales Line') as HTMLElement;
          const at = performance.timeOrigin + performance.now();
          box.click();
          return at;
        });
        const deadline = Date.now() + 2000;
        while (redrawnAt === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
        if (redrawnAt === null) misses.push(i);
        else latencies.push((redrawnAt as number) - clickedAt);
        await page.waitForTimeout(150);
      }
      const sorted = [...latencies].sort((a, b) => a - b);
      const p50 = sorted.length ? quantile(sorted, 0.5) : NaN;
      const p95 = sorted.length ? quantile(sorted, 0.95) : NaN;
      const passed = misses.length === 0 && p95 <= TARGET_P95_MS;
      return {
        title: 'Live checklist: DOM change → checklist redrawn (ms)',
        columns: ['trials', 'p50', 'p95', 'max', 'missed', 'target p95'],
        rows: [[latencies.length, p50.toFixed(1), p95.toFixed(1), (sorted.at(-1) ?? NaN).toFixed(1), misses.length, `≤ ${TARGET_P95_MS}`]],
        notes: [
          'Each trial toggles one WhatsApp account on the stand-in dialog’s account step (Passed ↔ Failed + revocation alert): the reading, the message, the stored attempt, checklist-changed and the redraw, end to end.',
          'Start: the page clock at the click; end: CDP’s DOM event for the overlay’s redraw inside its closed shadow root, on the same machine clock (includes ~1 ms of CDP delivery).',
          `Machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end (shared: figures are noisy).`,
        ],
        passed,
        data: { latencies, misses, p50, p95 },
      };
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      await stack.stop();
    }
  },
};

export default bench;
