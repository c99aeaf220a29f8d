/**
 * Test harness: the Graph API simulator and the reference backend as REAL child processes on
 * 127.0.0.1 (random free ports, a temporary SQLite file, a random encryption key), stopped by
 * their own PIDs. Used by the server tests (server/**\/*.test.ts) and by the extension's browser
 * tests. Keep this interface stable.
 *
 *   const stack = await startStack();              // the demo data of `npm start`
 *   await fetch(`${stack.backendUrl}/v1/status`, { headers: { Authorization: `Bearer ${stack.adminToken}` } });
 *   await stack.setScenario('demo-token-harbor-whatsapp', { debugToken: { … } });   // switch Meta's answer
 *   await stack.stop();
 *
 * Options (all optional):
 *   seed               the backend's seed (server/seed.ts format). Default: server/demo/seed.json.
 *                      Its first admin's token is `adminToken`, the second's `otherAdminToken`.
 *   scenarios          the simulator's file (server/simulator/scenario.ts format); its `app` must
 *                      match seed.meta. Default: server/demo/scenarios.json.
 *   backendEnv         extra environment for the backend (e.g. GRAPH_TIMEOUT_MS, CHECK_DEADLINE_MS,
 *                      CORS_ALLOWED_ORIGINS). The harness sets TOKEN_ENCRYPTION_KEY, GRAPH_API_BASE_URL,
 *                      CHECK_INTERVAL_SECONDS=3600 (no periodic re-check during a test),
 *                      CHECK_STARTUP_SPREAD_MS=100 and META_DIALOG_BASE_URL=<simulator>/__sim (its
 *                      stand-in Business Login dialog); these can be overridden here.
 *   awaitInitialChecks wait until every connection's start-up check has finished, retries after a
 *                      transient failure included (default true), so /v1/status shows checked statuses, not `unknown`,
 *                      and no start-up Graph call lands later in a test.
 *   echo               copy the children's output to this process's stderr (default: STACK_LOG=1).
 *
 * Returned: backendUrl, simulatorUrl, adminToken, otherAdminToken, seed, dbPath, encryptionKey,
 * setScenario(accessToken, scenario), setDialogOutcome(outcome), setCode(code, grant),
 * simulatorCalls(token?), callsBesidesThrottled(), resetSimulatorCalls(),
 * waitForInitialChecks(), backendLog(), simulatorLog(), restartBackend() (same port, DB, key and
 * seed: proves persistence), stopBackend() and startBackendAgain() (the same restart with a gap in
 * between: nothing listens at backendUrl meanwhile), stop().
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchServer, REPO_ROOT, type ChildServer } from '../../scripts/process/launcher';
import type { Seed } from '../../server/seed';
import type { SimulatedCall } from '../../server/simulator/app';
import type { z } from 'zod';
import type { CodeGrant, DialogOutcome, ScenarioInput, SimulatorFileInput } from '../../server/simulator/scenario';

export interface StackOptions {
  seed?: Seed;
  scenarios?: SimulatorFileInput;
  backendEnv?: Record<string, string>;
  awaitInitialChecks?: boolean;
  echo?: boolean;
  /** postgres://… : run the backend on PostgreSQL instead of a SQLite file in the temp folder. */
  databaseUrl?: string;
  /** How many calls the simulator's log keeps (default 10,000). */
  simulatorMaxCalls?: number;
}

export interface Stack {
  backendUrl: string;
  simulatorUrl: string;
  adminToken: string;
  otherAdminToken: string | null;
  seed: Seed;
  /** The SQLite file (unused when databaseUrl is set). */
  dbPath: string;
  databaseUrl: string | null;
  /** The TOKEN_ENCRYPTION_KEY the backend runs with (64 hex characters). */
  encryptionKey: string;
  setScenario(accessToken: string, scenario: ScenarioInput): Promise<void>;
  /** What the simulator's stand-in dialog does next (a code for a token, or access_denied). */
  setDialogOutcome(outcome: z.input<typeof DialogOutcome>): Promise<void>;
  /** Scripts the token a code yields at the simulator's `oauth/access_token`. */
  setCode(code: string, grant: z.input<typeof CodeGrant>): Promise<void>;
  simulatorCalls(token?: string): Promise<SimulatedCall[]>;
  /**
   * The Graph calls since the last reset, less those with tokens the scenarios throttle on every
   * call (the demo's quartz): their back-off retries run on the scheduler's own clock, so they can
   * land in any test's window. What a "made no Graph call" assertion should look at.
   */
  callsBesidesThrottled(): Promise<SimulatedCall[]>;
  resetSimulatorCalls(): Promise<void>;
  waitForInitialChecks(timeoutMs?: number): Promise<void>;
  backendLog(): string;
  simulatorLog(): string;
  restartBackend(): Promise<void>;
  /** Stops the backend by its PID; backendUrl then refuses connections until startBackendAgain(). */
  stopBackend(): Promise<void>;
  /** Starts the stopped backend again: same port, database, key and seed. */
  startBackendAgain(): Promise<void>;
  /** One more backend instance on the same PostgreSQL database (same key and simulator). */
  launchAnotherBackend(extraEnv?: Record<string, string>): Promise<ChildServer>;
  stop(): Promise<void>;
}

export const DEMO_SEED_PATH = path.join(REPO_ROOT, 'server/demo/seed.json');
export const DEMO_SCENARIOS_PATH = path.join(REPO_ROOT, 'server/demo/scenarios.json');

export function demoSeed(): Seed {
  return JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as Seed;
}

export function demoScenarios(): SimulatorFileInput {
  return JSON.parse(readFileSync(DEMO_SCENARIOS_PATH, 'utf8')) as SimulatorFileInput;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ra-stack-'));
  const seed = options.seed ?? demoSeed();
  const scenarios = options.scenarios ?? demoScenarios();
  const seedPath = path.join(dir, 'seed.json');
  const scenariosPath = path.join(dir, 'scenarios.json');
  const dbPath = path.join(dir, 'backend.sqlite');
  writeFileSync(seedPath, JSON.stringify(seed, null, 2));
  writeFileSync(scenariosPath, JSON.stringify(scenarios, null, 2));
  const encryptionKey = randomBytes(32).toString('hex');
  const echo = options.echo ?? process.env.STACK_LOG === '1';
  const onLine = echo ? (line: string) => process.stderr.write(`${line}\n`) : undefined;
  const baseEnv = { ...process.env };
  for (const name of Object.keys(baseEnv)) {
    if (/^(TOKEN_ENCRYPTION_KEY|GRAPH_API_|CHECK_|CORS_|EXPIRING_WITHIN_DAYS|API_|HEADERS_TIMEOUT_MS|REQUEST_TIMEOUT_MS|MAX_CONNECTIONS|PUBLIC_BASE_URL|META_DIALOG_BASE_URL)/.test(name)) delete baseEnv[name];
  }

  const children: ChildServer[] = [];
  const cleanup = async () => {
    await Promise.allSettled(children.map((child) => child.stop()));
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const simulator = await launchServer({
      name: 'simulator',
      entry: 'server/simulator/main.ts',
      args: ['--port', '0', '--scenarios', scenariosPath, ...(options.simulatorMaxCalls ? ['--max-calls', String(options.simulatorMaxCalls)] : [])],
      env: baseEnv,
      onLine,
    });
    children.push(simulator);

    const backendEnv: NodeJS.ProcessEnv = {
      ...baseEnv,
      NODE_ENV: 'test',
      TOKEN_ENCRYPTION_KEY: encryptionKey,
      GRAPH_API_BASE_URL: simulator.url,
      META_DIALOG_BASE_URL: `${simulator.url}/__sim`,
      CHECK_INTERVAL_SECONDS: '3600',
      CHECK_STARTUP_SPREAD_MS: '100',
      // Suites switch a scenario and check again at once, or fire many requests: the abuse suite
      // (server/abuse.test.ts) runs with the production limits instead.
      CHECK_COOLDOWN_SECONDS: '0',
      API_BURST: '100000',
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...options.backendEnv,
    };
    const startBackend = (port: number, seeded = true, extraEnv: Record<string, string> = {}) =>
      launchServer({
        name: 'backend',
        entry: 'server/main.ts',
        args: [...(seeded ? ['--seed', seedPath] : []), ...(options.databaseUrl ? [] : ['--db', dbPath]), '--port', String(port)],
        env: { ...backendEnv, ...extraEnv },
        onLine,
      });
    let backend = await startBackend(0);
    children.push(backend);
    let earlierBackendOutput = '';
    /** The port of a backend stopped by stopBackend(), until it starts again. */
    let stoppedPort: number | null = null;

    const waitForInitialChecks = async (timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const health = (await (await fetch(`${backend.url}/healthz`)).json()) as {
          schedulerReady?: boolean;
          pendingInitialChecks: number;
          retriesPending: { failing: number };
          checksRunning: number;
          checkBacklog?: number;
        };
        // A start-up check that failed transiently on a loaded machine is retried 5 s later: that
        // retry's Graph calls would land in the middle of a test, so it counts as not finished.
        // Retries after a rate limit are the demo's steady state (one connection is throttled).
        // Not ready: the scheduler has not read the connections yet, so "0 pending" means nothing.
        // The backlog counts due and running checks of every instance sharing the database.
        if (health.schedulerReady && health.pendingInitialChecks === 0 && health.retriesPending.failing === 0 && health.checksRunning === 0 && health.checkBacklog === 0) return;
        if (Date.now() > deadline) throw new Error(`start-up checks still pending after ${timeoutMs} ms:\n${backend.output().slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    if (options.awaitInitialChecks ?? true) await waitForInitialChecks();

    const stopBackend = async () => {
      if (stoppedPort !== null) return;
      stoppedPort = backend.port;
      earlierBackendOutput += backend.output();
      await backend.stop();
      children.splice(children.indexOf(backend), 1);
    };
    const startBackendAgain = async () => {
      if (stoppedPort === null) throw new Error('startBackendAgain: the backend is running');
      backend = await startBackend(stoppedPort);
      stoppedPort = null;
      children.push(backend);
      if (options.awaitInitialChecks ?? true) await waitForInitialChecks();
    };

    const simulatorCalls = async (token?: string) => {
      const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
      const body = (await (await fetch(`${simulator.url}/__sim/calls${query}`)).json()) as { calls: SimulatedCall[] };
      return body.calls;
    };

    return {
      get backendUrl() {
        return backend.url;
      },
      simulatorUrl: simulator.url,
      adminToken: seed.admins[0]?.token ?? '',
      otherAdminToken: seed.admins[1]?.token ?? null,
      seed,
      dbPath,
      databaseUrl: options.databaseUrl ?? null,
      encryptionKey,
      async setScenario(accessToken, scenario) {
        const response = await fetch(`${simulator.url}/__sim/tokens/${encodeURIComponent(accessToken)}`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(scenario),
        });
        if (!response.ok) throw new Error(`setScenario(${accessToken}): ${response.status} ${await response.text()}`);
      },
      async setDialogOutcome(outcome) {
        const response = await fetch(`${simulator.url}/__sim/dialog/outcome`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(outcome),
        });
        if (!response.ok) throw new Error(`setDialogOutcome: ${response.status} ${await response.text()}`);
      },
      async setCode(code, grant) {
        const response = await fetch(`${simulator.url}/__sim/codes/${encodeURIComponent(code)}`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(grant),
        });
        if (!response.ok) throw new Error(`setCode: ${response.status} ${await response.text()}`);
      },
      simulatorCalls,
      async callsBesidesThrottled() {
        const throttled = new Set(
          Object.entries(scenarios.tokens ?? {})
            .filter(([, scenario]) => (scenario as ScenarioInput).faults?.some((rule) => rule.pattern.some((fault) => typeof fault === 'string' && fault.startsWith('rate-limit'))))
            .map(([token]) => token),
        );
        return (await simulatorCalls()).filter((call) => call.token === null || !throttled.has(call.token));
      },
      async resetSimulatorCalls() {
        await fetch(`${simulator.url}/__sim/calls`, { method: 'DELETE' });
      },
      waitForInitialChecks,
      backendLog: () => earlierBackendOutput + (stoppedPort === null ? backend.output() : ''),
      simulatorLog: () => simulator.output(),
      async restartBackend() {
        await stopBackend();
        await startBackendAgain();
      },
      stopBackend,
      startBackendAgain,
      async launchAnotherBackend(extraEnv = {}) {
        if (!options.databaseUrl) throw new Error('launchAnotherBackend needs databaseUrl: SQLite is one process');
        // No --seed: the first instance applied it; this one only reads the shared database.
        const another = await startBackend(0, false, extraEnv);
        children.push(another);
        return another;
      },
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
