/**
 * `npm start`: the whole product, locally.
 *
 *   Graph API simulator ◄── reference backend (SQLite in .data/demo.sqlite) ◄── extension build
 *   (server/demo/scenarios.json)  (server/demo/seed.json)                      (.output/chrome-mv3,
 *                                                                               WXT_BACKEND_URL/TOKEN
 *                                                                               point at the backend)
 *
 * Starts the simulator and the backend as child processes, builds the extension for that
 * backend, waits for the first token checks, prints what the backend reports next to what the
 * demo is meant to show, then either launches Chromium with the extension (when a display and a
 * Chromium exist) or says how to load it, and serves until Ctrl+C, stopping its children by PID.
 *
 *   npm start [-- --port 8787] [--data-dir .data] [--out-dir .output] [--no-browser]
 *   npm start -- --check      (or START_SMOKE=1): start, build, verify /v1/status shows the demo, exit
 *   npm start -- --dialog-smoke: start, build, then headless: the backend's reconnect page → Meta's
 *                                dialog URL served by the simulator's stand-in (./demo/dialog-browser.ts), exit
 *
 * The browser it opens is driven by Playwright so that Meta's dialog at its real URLs is played by
 * the simulator's interactive stand-in (routing, as in the browser tests): a reconnect can be
 * clicked through locally, checklist, outcome and before/after included.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { StatusResponse } from '../lib/contract';
import { launchServer, REPO_ROOT, type ChildServer } from './process/launcher';
import { findChromium, hasDisplay } from './process/chromium';
import { buildExtension } from './demo/extension-build';
import { DemoExpectations, demoReport, missingConnections } from './demo/status-report';
import { dialogSmoke, launchDemoBrowser, scriptDemoDialog, type DemoBrowser } from './demo/dialog-browser';

const SEED = 'server/demo/seed.json';
const SCENARIOS = 'server/demo/scenarios.json';
const EXPECTED = 'server/demo/expected.json';
/** The other admin's connection: the demo admin must not see it. */
const HIDDEN = ['zeta-wa'];

const { values } = parseArgs({
  options: {
    check: { type: 'boolean', default: process.env.START_SMOKE === '1' },
    port: { type: 'string', default: '8787' },
    'data-dir': { type: 'string', default: '.data' },
    'out-dir': { type: 'string', default: '.output' },
    'no-browser': { type: 'boolean', default: false },
    'dialog-smoke': { type: 'boolean', default: false },
  },
  strict: true,
});

const children: ChildServer[] = [];
const say = (line = '') => process.stdout.write(`${line}\n`);

/** Set once serving: how a signal ends the demo cleanly. Before that, a signal stops what started. */
let onSignal: (() => void) | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (onSignal) return onSignal();
    void stopAll().then(() => process.exit(130));
  });
}

async function stopAll(): Promise<void> {
  await Promise.allSettled(children.reverse().map((child) => child.stop()));
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  // The demo decides these; a developer's shell settings must not leak in.
  for (const name of Object.keys(env)) if (/^(GRAPH_API_|CHECK_)/.test(name)) delete env[name];
  return { ...env, ...extra };
}

async function startBackend(port: number, env: NodeJS.ProcessEnv, dbPath: string): Promise<ChildServer> {
  return launchServer({ name: 'backend', entry: 'server/main.ts', args: ['--seed', SEED, '--db', dbPath, '--port', String(port)], env });
}

async function main(): Promise<number> {
  const started = performance.now();
  const seed = JSON.parse(readFileSync(path.join(REPO_ROOT, SEED), 'utf8')) as { admins: { token: string }[] };
  const adminToken = seed.admins[0]!.token;
  const expected = DemoExpectations.parse(JSON.parse(readFileSync(path.join(REPO_ROOT, EXPECTED), 'utf8')));
  const dataDir = path.resolve(REPO_ROOT, values['data-dir']);
  const dbPath = path.join(dataDir, 'demo.sqlite');

  say('Reconnect Assistant demo: starting the Graph API simulator and the reference backend…');
  const simulator = await launchServer({ name: 'simulator', entry: 'server/simulator/main.ts', args: ['--port', '0', '--scenarios', SCENARIOS], env: childEnv({}) });
  children.push(simulator);

  const backendEnv = childEnv({
    NODE_ENV: process.env.NODE_ENV === 'production' ? 'production' : 'development',
    GRAPH_API_BASE_URL: simulator.url,
    CHECK_STARTUP_SPREAD_MS: '500',
  });
  const wanted = Number(values.port);
  let backend: ChildServer;
  try {
    backend = await startBackend(wanted, backendEnv, dbPath);
  } catch (error) {
    const message = String(error);
    if (/EADDRINUSE/.test(message) && wanted !== 0) {
      say(`Port ${wanted} is busy: using a free port instead (the extension is built for whichever port is used).`);
      backend = await startBackend(0, backendEnv, dbPath);
    } else {
      if (/better_sqlite3\.node|bindings file/.test(message)) say('better-sqlite3 is not built: run `npm rebuild better-sqlite3`.');
      throw error;
    }
  }
  children.push(backend);
  for (const line of backend.output().split('\n')) if (/encryption-key/.test(line)) say(`  ${line.replace(/^\S+ backend warn encryption-key note=/, '').replace(/^"|"$/g, '')}`);

  say('Building the extension for this backend (wxt build)…');
  const build = await buildExtension({ backendUrl: backend.url, token: adminToken, outDir: values['out-dir'] });

  // The first checks run in the background right after start-up; wait for them to show results.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const health = (await (await fetch(`${backend.url}/healthz`)).json()) as { schedulerReady: boolean; pendingInitialChecks: number };
    if ((health.schedulerReady && health.pendingInitialChecks === 0) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const response = await fetch(`${backend.url}/v1/status`, { headers: { Authorization: `Bearer ${adminToken}` } });
  const status = StatusResponse.parse(await response.json());
  const report = demoReport(status, expected);
  const readyMs = Math.round(performance.now() - started);

  const shown = (file: string) => (path.relative(REPO_ROOT, file).startsWith('..') ? file : path.relative(REPO_ROOT, file));
  const relativeBuild = shown(build.dir);
  say();
  say(`Backend     ${backend.url}   (pid ${backend.pid}; database ${shown(dbPath)})`);
  say(`Simulator   ${simulator.url}   (pid ${simulator.pid}; Graph API scenarios ${SCENARIOS})`);
  say(`Extension   ${relativeBuild}   (built for ${backend.url} in ${Math.round(build.ms)} ms)`);
  say(`Admin token ${adminToken}   (demo only; it is built into this extension build)`);
  say(`Ready in ${readyMs} ms.`);
  say();
  say('What the backend reports now (GET /v1/status), next to what the demo should show:');
  for (const line of report.lines) say(line);
  const missing = missingConnections(status, expected, HIDDEN);
  const leaked = status.workspaces.flatMap((w) => w.connections).filter((c) => HIDDEN.includes(c.id));
  const problems = [
    ...report.mismatches,
    ...missing.map((id) => `${id}: missing from /v1/status`),
    ...leaked.map((c) => `${c.id}: belongs to another admin but is visible`),
  ];
  if (!existsSync(path.join(build.dir, 'manifest.json'))) problems.push(`no manifest.json in ${build.dir}`);
  if (!builtFor(build.dir, backend.url)) problems.push(`the build in ${build.dir} does not contain ${backend.url}`);
  for (const problem of problems) say(`  ✗ ${problem}`);

  if (values['dialog-smoke']) {
    const binary = findChromium();
    if (!binary) problems.push('no Chromium found (set CHROMIUM_PATH)');
    else {
      await scriptDemoDialog(simulator.url);
      const smoke = await launchDemoBrowser({ chromiumPath: binary, extensionDir: build.dir, simulatorUrl: simulator.url, headless: true });
      try {
        const found = await dialogSmoke(smoke, backend.url, adminToken, 'acme-support');
        for (const problem of found) say(`  ✗ ${problem}`);
        problems.push(...found);
        if (found.length === 0) say(`  ✓ Meta's dialog served by the simulator's stand-in at ${smoke.dialogServed[0]?.split('?')[0]}`);
      } finally {
        await smoke.close();
      }
    }
    say();
    say(problems.length === 0 ? 'dialog smoke passed: the reconnect page leads to the stand-in dialog at its facebook.com URL.' : `dialog smoke FAILED (${problems.length} problem(s)).`);
    return problems.length === 0 ? 0 : 1;
  }

  if (values.check) {
    say();
    say(problems.length === 0 ? 'check passed: the demo backend answers with every demo workspace as expected.' : `check FAILED (${problems.length} problem(s)).`);
    return problems.length === 0 ? 0 : 1;
  }

  say();
  say('Try it:');
  say(`  curl -s -H "Authorization: Bearer ${adminToken}" ${backend.url}/v1/status`);
  say(`  curl -s -X POST -H "Authorization: Bearer ${adminToken}" ${backend.url}/v1/workspaces/harbor-shop/checks`);
  say(`  Switch Meta's answer for a token: curl -X PUT -H "Content-Type: application/json" --data @scenario.json ${simulator.url}/__sim/tokens/demo-token-harbor-whatsapp`);
  say();
  const chromium = findChromium();
  let browser: DemoBrowser | null = null;
  if (!values['no-browser'] && chromium && hasDisplay()) {
    await scriptDemoDialog(simulator.url);
    browser = await launchDemoBrowser({ chromiumPath: chromium, extensionDir: build.dir, simulatorUrl: simulator.url, headless: false });
    const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
    const id = new URL(worker.url()).host;
    const popup = browser.context.pages()[0] ?? (await browser.context.newPage());
    await popup.goto(`chrome-extension://${id}/popup.html`);
    say(`Chromium (${chromium}) is open with the extension loaded (id ${id}) and its popup in a tab.`);
    say('The toolbar badge shows the worst status across the demo workspaces; the popup lists each one.');
    say("Reconnect on Acme Support opens the backend's reconnect page; Meta's dialog at its real URL is the");
    say("simulator's stand-in (nothing reaches Meta). Untick a permission or a WhatsApp account to see the");
    say('checklist fail live and the popup\'s "Last reconnect" name what was lost.');
  } else {
    say(`Load the extension: chrome://extensions → Developer mode → Load unpacked → ${build.dir}`);
    say('Then click the Reconnect Assistant toolbar icon: the badge shows the worst status, the popup lists each workspace.');
    if (!chromium) say('(No Chromium found; set CHROMIUM_PATH to launch one automatically next time.)');
    else if (!hasDisplay()) say('(No display ($DISPLAY / $WAYLAND_DISPLAY), so no browser was launched.)');
  }
  say('Serving until Ctrl+C.');

  return new Promise<number>((resolve) => {
    let done = false;
    const finish = (code: number) => {
      if (done) return;
      done = true;
      if (browser) void browser.close().then(() => resolve(code));
      else resolve(code);
    };
    onSignal = () => {
      say('Stopping…');
      finish(0);
    };
    for (const child of children) {
      void child.exited.then((code) => {
        if (done) return;
        say(`${child.name} exited unexpectedly (code ${code}):\n${child.output().slice(-2000)}`);
        finish(1);
      });
    }
  });
}

/** The build has the backend URL baked in (as WXT_BACKEND_URL): look for it in the scripts. */
function builtFor(dir: string, url: string): boolean {
  if (!existsSync(dir)) return false;
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
  return files.some((file) => readFileSync(path.join(dir, file), 'utf8').includes(url));
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
}
await stopAll();
process.exit(exitCode);
