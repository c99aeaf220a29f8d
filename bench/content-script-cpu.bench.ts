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
 * The live checklist on a heavy dialog (scenario `ours-dialog-attempt`): the reference backend and
 * Graph simulator (tests/support/backend-harness.ts), the product's Business Login dialog at its real
 * URL from the simulator's stand-in (tests/e2e/support/meta-dialog-route.ts), a reconnect attempt
 * running (the overlay mounted), on the WhatsApp account step with DIALOG_EXTRA_WABAS more accounts
 * added to the list in the page's own markup, the page's own per-frame work, and one account toggled
 * every TOGGLE_MS so readings, checklist updates and redraws keep flowing through the window.
 *
 * Env: BENCH_SECONDS (steady-state profile length, default 10), BENCH_RUNS (runs per scenario, default 3; the
 * median is reported), BENCH_SKIP_BUILD=1 to profile the existing .output/chrome-mv3, BENCH_SCENARIOS=id,id to
 * run only those scenarios, BENCH_DIALOG_EXTRA_WABAS (accounts added to the dialog, default 400), BENCH_PROFILE_OUT=file.cpuprofile to keep the dialog scenario's profile.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/process/chromium';
import { demoSeed, startStack } from '../tests/support/backend-harness';
import { routeMetaDialog } from '../tests/e2e/support/meta-dialog-route';
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
  /** The live checklist on Meta's dialog with an attempt running (measureDialogAttempt). */
  dialog?: 'quiet' | 'busy';
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
  { id: 'ours-dialog-attempt-quiet', label: 'ours: Business Login dialog, 402 WhatsApp accounts, attempt running, one toggled every 500 ms, page otherwise still', extension: OURS, url: 'https://www.facebook.com/v24.0/dialog/oauth', ours: true, dialog: 'quiet' },
  { id: 'ours-dialog-attempt', label: 'ours: the same, plus the page’s own work and a text update outside the dialog every 16 ms', extension: OURS, url: 'https://www.facebook.com/v24.0/dialog/oauth', ours: true, dialog: 'busy' },
];

const DIALOG_EXTRA_WABAS = Number(process.env.BENCH_DIALOG_EXTRA_WABAS ?? 400);
const TOGGLE_MS = 500;

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

/**
 * The live checklist's steady state on a heavy dialog: the attempt is running and the overlay
 * mounted before the profile starts; the profile covers the page mutating and accounts toggled.
 * Start-up is not profiled here (the dialog's first screens need clicks).
 */
async function measureDialogAttempt(seconds: number, busy: boolean): Promise<Run> {
  const seed = demoSeed();
  seed.admins = [{ ...seed.admins[0]!, workspaces: ['acme-support'] }];
  seed.workspaces = seed.workspaces.filter((w) => w.id === 'acme-support');
  const stack = await startStack({ seed });
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'ra-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${OURS}`, `--load-extension=${OURS}`],
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
      baseToken: 'demo-token-acme-whatsapp',
    });
    const page = await context.newPage();
    const q = new URLSearchParams({ client_id: '700000000000001', config_id: '700000000000101', redirect_uri: `${stack.backendUrl}/reconnect/callback`, state: 'bench' });
    await page.goto(`https://www.facebook.com/v24.0/dialog/oauth?${q}`);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('checkbox', { name: 'Acme Sales Line' }).waitFor();
    // The overlay is mounted (its host carries data-ra-checklist) once the attempt has a checklist.
    await page.waitForFunction(() => document.querySelector('[data-ra-checklist]') !== null, null, { timeout: 15_000 });
    // Hundreds of accounts in the dialog's own markup, the page's per-frame work, and one of the
    // product's accounts toggled every TOGGLE_MS (a reading, an attempt update, a redraw each time).
    // Plain source text: a compiled function would carry the bundler's helpers into the page.
    await page.evaluate(`(() => {
      const extra = ${DIALOG_EXTRA_WABAS}, toggleMs = ${TOGGLE_MS}, busy = ${busy};
      const list = document.querySelector('[role="dialog"] [role="list"]');
      for (let i = 0; i < extra; i++) {
        const id = 'bench-l' + i;
        const item = document.createElement('div');
        item.setAttribute('role', 'listitem');
        const box = document.createElement('div');
        box.setAttribute('role', 'checkbox');
        box.setAttribute('aria-checked', String(i % 3 === 0));
        box.setAttribute('tabindex', '0');
        box.setAttribute('aria-labelledby', id);
        box.addEventListener('click', () => box.setAttribute('aria-checked', String(box.getAttribute('aria-checked') !== 'true')));
        const text = document.createElement('div');
        const name = document.createElement('span');
        name.id = id;
        name.dir = 'auto';
        name.textContent = 'Other Line ' + i;
        const muted = document.createElement('span');
        muted.className = 'muted';
        muted.textContent = 'ID: ' + (900000000100000 + i);
        text.append(name, muted);
        item.append(box, text);
        list.append(item);
      }
      const ticker = document.createElement('div');
      document.body.append(ticker);
      const state = { ticks: 0, mutations: 0, elements: document.getElementsByTagName('*').length, model: [] };
      window.__bench = state;
      function tick() {
        state.ticks++;
        const items = [];
        for (let i = 0; i < 1000; i++) items.push({ id: (i * 7919 + state.ticks) % 3001, score: Math.sin(i + state.ticks) });
        items.sort((a, b) => a.score - b.score);
        state.model = items;
        ticker.textContent = 'tick ' + state.ticks;
        state.mutations++;
        setTimeout(tick, 16);
      }
      if (busy) tick();
      const sales = [...document.querySelectorAll('[role="checkbox"]')].find((el) => document.getElementById(el.getAttribute('aria-labelledby') || '')?.textContent === 'Acme Sales Line');
      setInterval(() => { sales.click(); state.mutations++; }, toggleMs);
    })()`);
    await page.waitForTimeout(2000);
    const counters = () => page.evaluate(() => (window as unknown as { __bench: { ticks: number; mutations: number; elements: number } }).__bench).then((b) => ({ ticks: b.ticks, mutations: b.mutations, elements: b.elements }));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    const before = await counters();
    await cdp.send('Profiler.start');
    await page.waitForTimeout(seconds * 1000);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    if (process.env.BENCH_PROFILE_OUT) writeFileSync(process.env.BENCH_PROFILE_OUT, JSON.stringify(profile));
    const after = await counters();
    const injected = await page.evaluate(() => document.querySelector('[data-ra-checklist]') !== null);
    const isOurs = (url: string) => url.startsWith('chrome-extension://');
    const empty: CpuProfile = { nodes: [], startTime: 0, endTime: 0 };
    return {
      attribution: attribute(profile, isOurs),
      startup: attribute(empty, isOurs),
      injected,
      ticks: after.ticks - before.ticks,
      mutations: after.mutations - before.mutations,
      elements: after.elements,
      seconds,
    };
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
    await stack.stop();
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
    const only = process.env.BENCH_SCENARIOS?.split(',').filter(Boolean);
    for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.id))) {
      const done: Run[] = [];
      for (let i = 0; i < runs; i++) {
        const run = scenario.dialog ? await measureDialogAttempt(seconds, scenario.dialog === 'busy') : await measure(scenario, seconds);
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
          scenario.extension && !scenario.dialog ? ms(mid.startup.extensionUs) : '—',
          scenario.ours ? `< ${pct(TARGET)}` : (scenario.expected ?? ''),
        ];
      }),
      notes: [
        'share = time of samples with any chrome-extension:// frame on the stack / time of all samples except (idle), (program), (garbage collector), (root), over the steady-state window',
        `start-up ext ms = the extension's time from the page load (injection, first reads, panel) to the end of the ${WARMUP_MS / 1000} s warm-up, not in the share`,
        `the dialog scenario: the overlay mounted and an attempt running before the window opens; ${DIALOG_EXTRA_WABAS} accounts added to the stand-in dialog’s list, one of the product’s accounts toggled every ${TOGGLE_MS} ms (its overlay redraws are in the share); the busy one adds the page’s per-frame work and a text node outside the dialog changed every 16 ms; start-up not profiled`,
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
