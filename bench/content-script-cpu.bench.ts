/**
 * How much of a heavy Business Suite page's JavaScript time is the extension's?
 *
 *   build the extension (wxt build) ─► for each scenario, a fresh headless Chromium with ONE extension
 *   (ours, a calibration one, or none) ─► the synthetic heavy page (bench/fixtures/heavy-page.html:
 *   ~35k elements, ~50 DOM mutations every 16 ms plus the app's own JS work) served at a real
 *   business.facebook.com URL ─► CDP Profiler (100 µs sampling): a start-up profile from the page
 *   load through a 2 s warm-up, then the steady-state profile for N seconds ─►
 *   bench/cpu-attribution.ts: share = extension time / page JavaScript time (steady state)
 *
 * Calibration (the method must tell a trivial script from a naive one): a one-line content script
 * (an empty MutationObserver callback on the whole document) and one that runs one document-wide
 * query per mutation batch, both plain MV3 extensions under bench/fixtures/.
 * Target: our content script under 1% on every Business Suite scenario.
 *
 * Env: BENCH_SECONDS (steady-state profile length, default 10), BENCH_RUNS (runs per scenario, default 3; the
 * median is reported), BENCH_SKIP_BUILD=1 to profile the existing .output/chrome-mv3.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/process/chromium';
import { attribute, type Attribution, type CpuProfile } from './cpu-attribution';
import type { Bench, BenchResult } from './types';

const OURS = path.resolve('.output/chrome-mv3');
const HEAVY_PAGE = readFileSync(path.resolve('bench/fixtures/heavy-page.html'), 'utf8');
const BID = '200000000000001';
const URLS = {
  people: `https://business.facebook.com/latest/settings/business_users?business_id=${BID}`,
  waba: `https://business.facebook.com/latest/settings/whatsapp_account?business_id=${BID}&selected_asset_id=100000000000001&selected_asset_type=whatsapp-business-account`,
  other: `https://business.facebook.com/latest/inbox/all?business_id=${BID}`,
  hostedSignup: 'https://business.facebook.com/messaging/whatsapp/onboard/?app_id=100000000000009&config_id=300000000000001',
};
const TARGET = 0.01;

interface Scenario {
  id: string;
  label: string;
  extension: string | null;
  url: string;
  /** Our extension: held to the 1% target. */
  ours: boolean;
  expected?: string;
}

const SCENARIOS: Scenario[] = [
  { id: 'baseline', label: 'no extension (People URL)', extension: null, url: URLS.people, ours: false },
  { id: 'calibration-one-line', label: 'calibration: one-line content script', extension: path.resolve('bench/fixtures/calibration-one-line'), url: URLS.people, ours: false, expected: '~0.1%' },
  { id: 'calibration-document-query', label: 'calibration: document-wide query per mutation batch', extension: path.resolve('bench/fixtures/calibration-document-query'), url: URLS.people, ours: false, expected: '~45%' },
  { id: 'ours-people-unrecognised', label: 'ours: People URL, page without People anchors', extension: OURS, url: URLS.people, ours: true },
  { id: 'ours-people-list', label: 'ours: People list of 1,500, none marked as the admin', extension: OURS, url: `${URLS.people}#people`, ours: true },
  { id: 'ours-waba', label: 'ours: WhatsApp account page (panel)', extension: OURS, url: URLS.waba, ours: true },
  { id: 'ours-other', label: 'ours: a Business Suite page not ours', extension: OURS, url: URLS.other, ours: true },
  { id: 'ours-hosted-signup', label: 'ours: hosted Embedded Signup (screen reader on <body>)', extension: OURS, url: URLS.hostedSignup, ours: true },
];

interface Run {
  /** Steady state: after the warm-up, the page mutating, N seconds. The target applies here. */
  attribution: Attribution;
  /** Start-up: from the page load (the content script's injection, first reads) to the end of the warm-up. */
  startup: Attribution;
  injected: boolean;
  ticks: number;
  mutations: number;
  elements: number;
  seconds: number;
}

const WARMUP_MS = 4000;

async function measure(scenario: Scenario, seconds: number): Promise<Run> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'ra-bench-'));
  const args = [...CHROMIUM_ARGS];
  if (scenario.extension) args.push(`--disable-extensions-except=${scenario.extension}`, `--load-extension=${scenario.extension}`);
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath(), headless: true, args });
  try {
    // Only the heavy page and the extension's own files: nothing leaves the machine.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('https://business.facebook.com/')) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: HEAVY_PAGE });
      if (/^(chrome-extension|data|blob):/.test(url)) return route.fallback();
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const ticks = (n: number) => page.waitForFunction((min) => ((window as unknown as { __bench?: { ticks: number } }).__bench?.ticks ?? 0) > min, n);
    const counters = () =>
      page.evaluate(() => {
        const b = (window as unknown as { __bench: { ticks: number; mutations: number; elements: number } }).__bench;
        return { ticks: b.ticks, mutations: b.mutations, elements: b.elements };
      });
    // The first load puts the page in its renderer; the profiler then follows a reload of it, so the
    // start-up profile sees the content script from its injection on.
    await page.goto(scenario.url);
    await ticks(5);
    const cdp = await context.newCDPSession(page);
    const worlds: string[] = [];
    cdp.on('Runtime.executionContextCreated', (event: { context: { origin: string } }) => worlds.push(event.context.origin));
    await cdp.send('Runtime.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await page.reload();
    await ticks(5);
    await page.waitForTimeout(WARMUP_MS);
    const { profile: startupProfile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    await cdp.send('Runtime.disable');
    const before = await counters();
    await cdp.send('Profiler.start');
    await page.waitForTimeout(seconds * 1000);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    const after = await counters();
    const isOurs = (url: string) => url.startsWith('chrome-extension://');
    return {
      attribution: attribute(profile, isOurs),
      startup: attribute(startupProfile, isOurs),
      injected: worlds.some((origin) => origin.startsWith('chrome-extension://')),
      ticks: after.ticks - before.ticks,
      mutations: after.mutations - before.mutations,
      elements: after.elements,
      seconds,
    };
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const pct = (share: number) => `${(share * 100).toFixed(share < 0.01 ? 3 : 1)}%`;
const ms = (us: number) => (us / 1000).toFixed(0);

const bench: Bench = {
  description: 'share of a heavy Business Suite page’s JavaScript time spent in the extension (CDP CPU profile)',
  async run(): Promise<BenchResult> {
    const seconds = Number(process.env.BENCH_SECONDS ?? 10);
    const runs = Number(process.env.BENCH_RUNS ?? 3);
    if (process.env.BENCH_SKIP_BUILD !== '1') {
      const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
      if (build.status !== 0) throw new Error('wxt build failed');
    }
    const results: { scenario: Scenario; runs: Run[]; share: number }[] = [];
    for (const scenario of SCENARIOS) {
      const done: Run[] = [];
      for (let i = 0; i < runs; i++) {
        const run = await measure(scenario, seconds);
        done.push(run);
        console.log(`  ${scenario.id} run ${i + 1}/${runs}: ${pct(run.attribution.share)} (${ms(run.attribution.extensionUs)} of ${ms(run.attribution.jsUs)} ms JS)`);
      }
      if (scenario.extension && done.some((r) => !r.injected)) throw new Error(`${scenario.id}: the extension's content script was not injected`);
      results.push({ scenario, runs: done, share: median(done.map((r) => r.attribution.share)) });
    }
    const passed = results.filter((r) => r.scenario.ours).every((r) => r.share < TARGET);
    const chromiumVersion = spawnSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).stdout.trim();
    return {
      title: `Extension share of page JavaScript time (median of ${runs} × ${seconds} s, 100 µs sampling)`,
      columns: ['scenario', 'share', 'ext ms', 'page JS ms', 'program ms', 'idle ms', 'mutations/s', 'elements', 'start-up ext ms', 'expected'],
      rows: results.map(({ scenario, runs: r, share }) => {
        const mid = r.find((x) => x.attribution.share === share) ?? (r[0] as Run);
        return [
          scenario.label,
          scenario.extension ? pct(share) : '—',
          ms(mid.attribution.extensionUs),
          ms(mid.attribution.jsUs),
          ms(mid.attribution.programUs),
          ms(mid.attribution.idleUs),
          Math.round(mid.mutations / mid.seconds),
          mid.elements,
          scenario.extension ? ms(mid.startup.extensionUs) : '—',
          scenario.ours ? `< ${pct(TARGET)}` : (scenario.expected ?? ''),
        ];
      }),
      notes: [
        'share = time of samples with any chrome-extension:// frame on the stack / time of all samples except (idle), (program), (garbage collector), (root), over the steady-state window',
        `start-up ext ms = the extension's time from the page load (injection, first reads, panel) to the end of the ${WARMUP_MS / 1000} s warm-up, not in the share`,
        'the content script runs in the page’s renderer, so its CPU is in this profile; the extension’s service worker (another process) is not',
        'MutationObserver record creation happens inside the page’s own DOM calls and counts as the page’s: compare "page JS ms" with the baseline to see it',
        `machine load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min); other processes shift the calibration figures`,
        `target: our content script < ${pct(TARGET)} on every Business Suite scenario → ${passed ? 'met' : 'MISSED'}`,
      ],
      passed,
      data: {
        method: {
          page: 'bench/fixtures/heavy-page.html',
          samplingIntervalUs: 100,
          seconds,
          runs,
          warmupMs: WARMUP_MS,
          attribution: 'bench/cpu-attribution.ts',
        },
        // Other processes on the machine shift the page's timing (and the calibration): the load is kept.
        environment: { chromium: chromiumVersion, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, node: process.version, loadAverage: loadavg() },
        scenarios: results.map(({ scenario, runs: r, share }) => ({ id: scenario.id, label: scenario.label, url: scenario.url, share, runs: r })),
      },
    };
  },
};

export default bench;
