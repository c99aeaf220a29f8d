/**
 * Does the popup paint fast and stay smooth at 1, 200 and 5,000 workspaces × 10 WABAs?
 *
 *   built extension (.output/chrome-mv3, copied with one extra page: bench-reference.html, a
 *   static line of text and no script) in headless Chromium ─► a local status server answering
 *   /v1/status with N workspaces (1 in 10 needing attention), 10 WABAs each ─► after one warm-up
 *   open (the poll that fills the cache), in the same browser and run, side by side:
 *     reference  navigation → its one line painted (what opening any extension page costs here)
 *     open       navigation → the first workspace card painted, from the cached status
 *     filter     each keystroke of a workspace id typed into the filter box → the group counts
 *                show that prefix's matches (computed here with lib/health/workspace-view.ts)
 *     event      each keystroke's Event Timing duration (input → next paint)
 *   plus the popup's long tasks (PerformanceObserver 'longtask', > 50 ms) from opening through
 *   the typing.
 * "Painted" is the first frame after the element appears: requestAnimationFrame, then a task.
 * Figures are medians over BENCH_RUNS (default 5) runs; the ratio to the reference holds better
 * than the milliseconds on a loaded machine. Targets: open ≤ 100 ms at 200 workspaces, filter
 * keystroke ≤ 16 ms, no long task over 50 ms.
 * When the cache cannot hold the status (storage.local's quota; the 5,000 case until the cache
 * moves elsewhere), that size is reported as not measured, with the reason, never as a figure, and
 * measured again with 3 WABAs per workspace (labelled so).
 * BENCH_SKIP_BUILD=1 measures the existing build; BENCH_SIZES=1,200 picks sizes.
 */
// First: the health model's words read their messages when used (lib/i18n); in Node, from the build.
import '../tests/support/node-i18n';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/process/chromium';
import { startStatusServer } from '../tests/e2e/support/status-server';
import { connection, statusDoc, workspace } from '../tests/support/status-fixtures';
import { filterRows, indexWorkspaces } from '../lib/health/workspace-view';
import type { StatusResponse } from '../lib/contract';
import type { Bench, BenchResult } from './types';

const BUILT = path.resolve('.output/chrome-mv3');
const SIZES = (process.env.BENCH_SIZES ?? '1,200,5000').split(',').map(Number);
const TARGETS = { open200: 100, keystroke: 16, longestTask: 50 };
const NOW = Date.now();
const FALLBACK_WABAS = 3;

function bigStatus(n: number, wabas = 10): StatusResponse {
  return statusDoc(
    Array.from({ length: n }, (_, i) =>
      workspace(
        [
          connection(i % 10 === 0 ? 'expired' : 'healthy', {
            id: `c-${i}`,
            wabas: Array.from({ length: wabas }, (_, j) => ({
              id: `1${String(i).padStart(5, '0')}${j}`,
              name: `Line ${i}-${j}`,
              expected: true,
              management: true,
              messaging: true,
              reachable: true,
              health: 'available' as const,
            })),
          }),
        ],
        { id: `ws-${i}`, name: `Workspace ${String(i).padStart(4, '0')}` },
      ),
    ),
  );
}

/** What the two group headings say once the filter shows `query`'s matches. */
function expectedCounts(status: StatusResponse, query: string): { attention: number; healthy: number } {
  const { attention, healthy } = filterRows(indexWorkspaces(status.workspaces, NOW), query);
  return { attention: attention.length, healthy: healthy.length };
}

type BenchWindow = {
  __bench: { longTasks: number[]; events: number[]; painted: number | null; eventAt: number; doneAt: number | null; until: (() => boolean) | null };
};

/** In-page clocks, installed before the page's own scripts run. */
function instrument(selector: string): void {
  const w = window as unknown as BenchWindow;
  w.__bench = { longTasks: [], events: [], painted: null, eventAt: 0, doneAt: null, until: null };
  new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__bench.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => list.getEntries().forEach((e) => ['keydown', 'keypress', 'input', 'keyup'].includes(e.name) && w.__bench.events.push(e.duration))).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
  document.addEventListener(
    'input',
    () => {
      w.__bench.eventAt = performance.now();
      w.__bench.doneAt = null;
    },
    true,
  );
  let seen = false;
  new MutationObserver(() => {
    if (!seen && document.querySelector(selector)) {
      seen = true;
      requestAnimationFrame(() => setTimeout(() => (w.__bench.painted = performance.now())));
    }
    if (w.__bench.until && w.__bench.doneAt === null && w.__bench.until()) w.__bench.doneAt = performance.now();
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

async function paintTime(context: BrowserContext, url: string, selector: string): Promise<{ page: Page; painted: number }> {
  const page = await context.newPage();
  await page.addInitScript(instrument, selector);
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as BenchWindow).__bench.painted !== null, undefined, { timeout: 60_000 });
  return { page, painted: await page.evaluate(() => (window as unknown as BenchWindow).__bench.painted ?? NaN) };
}

interface Run {
  reference: number;
  open: number;
  keystrokes: number[];
  eventDurations: number[];
  longestTask: number;
  longTasks: number;
}

async function once(dir: string, backendUrl: string, status: StatusResponse): Promise<Run | { notMeasured: string }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'ra-bench-popup-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  try {
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const id = new URL(sw.url()).host;
    await sw.evaluate(async (url) => chrome.storage.local.set({ settings: { backendUrl: url, accessToken: 'bench-token' } }), backendUrl);
    // Warm the cache once (as after the first poll), so "open" measures the steady case.
    const warm = await context.newPage();
    await warm.goto(`chrome-extension://${id}/popup.html`);
    await warm.locator('main[data-checking="false"]').waitFor({ timeout: 120_000 });
    const state = await warm.locator('[data-state]').first().getAttribute('data-state').catch(() => null);
    const cards = await warm.locator('[data-workspace]').count();
    await warm.close();
    if (cards === 0) return { notMeasured: `the cache could not hold the status (${state ?? 'no status'})` };

    const reference = await paintTime(context, `chrome-extension://${id}/bench-reference.html`, '[data-ref]');
    await reference.page.close();
    const { page: popup, painted: open } = await paintTime(context, `chrome-extension://${id}/popup.html`, '[data-workspace]');
    await popup.locator('main[data-checking="false"]').waitFor({ timeout: 120_000 });

    // Type a workspace id, one keystroke at a time; each ends when both group counts are right.
    const keystrokes: number[] = [];
    if (status.workspaces.length > 1) {
      const query = `ws-${Math.floor(status.workspaces.length * 0.7)}`;
      const box = popup.getByLabel('Filter workspaces');
      await box.focus();
      for (let i = 1; i <= query.length; i++) {
        const want = expectedCounts(status, query.slice(0, i));
        await popup.evaluate(({ attention, healthy }) => {
          const fmt = new Intl.NumberFormat('en');
          (window as unknown as BenchWindow).__bench.until = () => {
            const a = document.getElementById('group-attention')?.textContent ?? null;
            const h = document.getElementById('group-healthy')?.textContent ?? null;
            return (attention ? a === `Needs attention (${fmt.format(attention)})` : a === null) && (healthy ? h === `▸Healthy (${fmt.format(healthy)})` : h === null);
          };
        }, want);
        await popup.keyboard.type(query[i - 1]!);
        await popup.waitForFunction(() => (window as unknown as BenchWindow).__bench.doneAt !== null, undefined, { timeout: 30_000 });
        keystrokes.push(await popup.evaluate(() => (window as unknown as BenchWindow).__bench.doneAt! - (window as unknown as BenchWindow).__bench.eventAt));
      }
    }
    // Let the Event Timing entries of the last keystroke arrive.
    await popup.waitForTimeout(200);
    const { longTasks, events } = await popup.evaluate(() => (window as unknown as BenchWindow).__bench);
    return { reference: reference.painted, open, keystrokes, eventDurations: events, longestTask: longTasks.length ? Math.max(...longTasks) : 0, longTasks: longTasks.length };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const median = (values: number[]) => (values.length ? [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]! : NaN);
const max = (values: number[]) => (values.length ? Math.max(...values) : 0);
const ms = (n: number) => (Number.isFinite(n) ? Math.round(n) : '—');

const bench: Bench = {
  description: 'popup at 1, 200 and 5,000 workspaces × 10 WABAs: paint from cache vs a static extension page, filter keystrokes, long tasks (built extension, headless Chromium)',
  async run(): Promise<BenchResult> {
    if (process.env.BENCH_SKIP_BUILD !== '1') {
      const built = spawnSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
      if (built.status !== 0) throw new Error('wxt build failed');
    }
    // The build as shipped, plus the reference page (a copy: the shipped build is not changed).
    const dir = mkdtempSync(path.join(tmpdir(), 'ra-bench-ext-'));
    cpSync(BUILT, dir, { recursive: true });
    writeFileSync(path.join(dir, 'bench-reference.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reference</title></head><body><p data-ref>Reference Assistant</p></body></html>\n');
    const load = loadavg().map((l) => l.toFixed(2)).join(' ');
    const n = Number(process.env.BENCH_RUNS ?? 5);
    const results: { size: number; wabas: number; bytes: number; runs: Run[]; notMeasured: string | null }[] = [];
    // A size the cache cannot hold with 10 WABAs each is reported as such, then measured again
    // with FALLBACK_WABAS each (what today's cache holds), labelled so.
    const plan = SIZES.map((size) => ({ size, wabas: 10 }));
    try {
      for (let p = 0; p < plan.length; p++) {
        const { size, wabas } = plan[p]!;
        const status = bigStatus(size, wabas);
        const body = JSON.stringify(status);
        const server = await startStatusServer({ status: 200, body });
        const runs: Run[] = [];
        let notMeasured: string | null = null;
        try {
          for (let i = 0; i < n && !notMeasured; i++) {
            const run = await once(dir, server.url, status);
            if ('notMeasured' in run) notMeasured = run.notMeasured;
            else runs.push(run);
          }
        } finally {
          await server.close();
        }
        results.push({ size, wabas, bytes: body.length, runs, notMeasured });
        if (notMeasured && wabas === 10) plan.splice(p + 1, 0, { size, wabas: FALLBACK_WABAS });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const rows: (string | number)[][] = [];
    const verdicts: boolean[] = [];
    for (const r of results) {
      const label = `${r.size.toLocaleString('en')} × ${r.wabas} (${(r.bytes / 1e6).toFixed(1)} MB)`;
      if (r.notMeasured) {
        rows.push([label, '—', '—', '—', '—', '—', '—', `not measured: ${r.notMeasured}`]);
        continue;
      }
      const open = median(r.runs.map((x) => x.open));
      const reference = median(r.runs.map((x) => x.reference));
      const keys = r.runs.flatMap((x) => x.keystrokes);
      const longest = median(r.runs.map((x) => x.longestTask));
      const eventMax = max(r.runs.flatMap((x) => x.eventDurations));
      const ok = (r.size !== 200 || open <= TARGETS.open200) && (!keys.length || median(keys) <= TARGETS.keystroke) && longest <= TARGETS.longestTask;
      verdicts.push(ok);
      rows.push([label, ms(reference), ms(open), `${(open / reference).toFixed(2)}×`, keys.length ? `${ms(median(keys))} / ${ms(max(keys))}` : '—', keys.length ? ms(eventMax) : '—', ms(longest), ok ? 'ok' : 'OVER']);
    }
    return {
      title: 'Popup from the cached status (ms, median of runs)',
      columns: ['workspaces', 'reference page', 'popup: first card', 'ratio', 'keystroke → list (median / max)', 'keystroke event max', 'longest task', ''],
      rows,
      notes: [
        `${n} runs per size, one fresh browser each, on this machine (load average ${load} at the start). Reference: a static extension page with one line of text, in the same browser and run.`,
        'Painted = the first frame after the element appears. Keystroke → list: from the input event until both group counts show that prefix’s matches. Keystroke event: Event Timing duration (input → next paint), entries ≥ 16 ms only (0 = none).',
        `Targets: first card ≤ ${TARGETS.open200} ms at 200, keystroke → list ≤ ${TARGETS.keystroke} ms (median), longest task ≤ ${TARGETS.longestTask} ms (median of runs).`,
        ...results.filter((r) => !r.notMeasured).map((r) => `${r.size} × ${r.wabas}: long tasks per run ${r.runs.map((x) => x.longTasks).join(', ')}; longest ${r.runs.map((x) => Math.round(x.longestTask)).join(', ')} ms; first card ${r.runs.map((x) => Math.round(x.open)).join(', ')} ms`),
      ],
      passed: verdicts.every(Boolean),
      data: { loadAverage: load, targets: TARGETS, results },
    };
  },
};

export default bench;
