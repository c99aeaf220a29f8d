// @vitest-environment node
/**
 * Several backend processes on one PostgreSQL database share the checks through the job queue
 * (server/queue/queue-scheduler.ts): real processes, a throwaway cluster, the simulator answering
 * slowly enough that checks are in flight when an instance is killed with SIGKILL.
 *
 * Counted from the simulator's call log (one debug_token call per check of a connection):
 *   round 1 (start-up), instances A and B, B killed mid-check:
 *     every connection ends checked; only the checks B had in flight may have been made twice
 *     (B's call reached the simulator, then A redid the job after its expiry)
 *   round 2 (the regular interval), instances A and C: every connection exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildServer } from '../scripts/process/launcher';
import { demoScenarios, startStack, type Stack } from '../tests/support/backend-harness';
import { hubSignature } from './meta-webhooks';
import type { SimulatedCall } from './simulator/app';
import { postgresUnavailableReason, startPgCluster, type PgCluster } from './testing/pg-cluster';

const unavailable = postgresUnavailableReason();
if (unavailable) process.stderr.write(`multi-instance tests skipped: ${unavailable}\n`);

const INTERVAL_SECONDS = 20;
const INTERVAL_MS = INTERVAL_SECONDS * 1000;
const CONCURRENCY = 2;
const instanceEnv = {
  CHECK_INTERVAL_SECONDS: String(INTERVAL_SECONDS),
  CHECK_CONCURRENCY: String(CONCURRENCY),
  CHECK_DEADLINE_MS: '4000',
  CHECK_QUEUE_MAINTENANCE_SECONDS: '1',
  CHECK_STARTUP_SPREAD_MS: '0',
};

interface Health {
  schedulerReady: boolean;
  pendingInitialChecks: number;
  checksRunning: number;
  checkBacklog: number;
  retriesPending: { failing: number };
}

async function health(url: string): Promise<Health> {
  return (await (await fetch(`${url}/healthz`)).json()) as Health;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * When each token was checked: its debug_token calls in time order, less the confirming second
 * call a check makes when the first says the token is not valid (lib/graph/token-check.ts).
 */
function checksByToken(calls: SimulatedCall[], invalid: Set<string>): Map<string, number[]> {
  const byToken = new Map<string, number[]>();
  for (const call of calls) {
    if (call.endpoint !== 'debug_token' || !call.token) continue;
    byToken.set(call.token, [...(byToken.get(call.token) ?? []), Date.parse(call.at)]);
  }
  for (const token of invalid) {
    const at = byToken.get(token);
    if (at) byToken.set(token, at.filter((_, i) => i % 2 === 0));
  }
  return byToken;
}

describe.skipIf(unavailable !== null)('several instances on one PostgreSQL database', () => {
  let cluster: PgCluster;
  let stack: Stack;
  let tokens: string[];
  let throttled: Set<string>;
  let invalid: Set<string>;
  let c: ChildServer | null = null;
  const checks = async () => checksByToken(await stack.simulatorCalls(), invalid);

  const launchInstance = (): Promise<ChildServer> => stack.launchAnotherBackend();

  beforeAll(async () => {
    cluster = await startPgCluster();
    const scenarios = demoScenarios();
    // Every Graph answer takes a while, so checks are in flight when an instance dies.
    for (const scenario of Object.values(scenarios.tokens ?? {})) (scenario as { delayMs?: number }).delayMs = 150;
    stack = await startStack({ databaseUrl: await cluster.createDatabase('multi'), scenarios, backendEnv: instanceEnv, awaitInitialChecks: false });
    tokens = stack.seed.workspaces.flatMap((w) => w.connections.map((c) => c.accessToken));
    throttled = new Set(tokens.filter((t) => (scenarios.tokens?.[t] as { faults?: { pattern: unknown[] }[] } | undefined)?.faults?.some((f) => f.pattern.some((p) => String(p).startsWith('rate-limit')))));
    invalid = new Set(tokens.filter((t) => (scenarios.tokens?.[t] as { debugToken?: { isValid?: boolean } } | undefined)?.debugToken?.isValid === false));
    expect(throttled.size).toBeGreaterThan(0);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    await cluster?.stop();
  });

  it('a killed instance loses no check, and a round checks every connection once, not once per instance', { timeout: 90_000 }, async () => {
    const counted = () => tokens.filter((t) => !throttled.has(t));
    const b = await launchInstance();
    const inFlight = await until('instance B to be checking', 20_000, async () => (await health(b.url)).checksRunning);
    process.kill(b.pid, 'SIGKILL');
    await b.exited;
    const killedAt = Date.now();

    // A alone finishes round 1, including B's lost jobs once they expire.
    await stack.waitForInitialChecks(30_000);
    c = await launchInstance();
    const cUrl = c.url;
    const all = await checks();
    const first = Math.min(...[...all.values()].flat());
    // A connection's next regular check comes at least 0.9 interval (the jitter) after its last.
    const round2From = first + 0.9 * INTERVAL_MS;
    const inRound = (from: number, to: number) => new Map(counted().map((t) => [t, (all.get(t) ?? []).filter((at) => at >= from && at < to)]));
    const round1 = inRound(0, round2From);
    const twice = [...round1.entries()].filter(([, at]) => at.length > 1);
    for (const [token, at] of round1) expect(at.length, token).toBeGreaterThanOrEqual(1);
    for (const [token, at] of round1) expect(at.length, token).toBeLessThanOrEqual(2);
    // A second check only for what B was checking when it died: its call came before the kill.
    expect(twice.length, JSON.stringify({ inFlight, twice })).toBeLessThanOrEqual(inFlight);
    for (const [, at] of twice) expect(at[0]!).toBeLessThanOrEqual(killedAt);
    // B's lost jobs were redone by A once they expired (start-up checks logged well after the kill).
    const redone = stack
      .backendLog()
      .split('\n')
      .filter((line) => / check connection=\S+ trigger=startup /.test(line) && Date.parse(line.slice(0, 24)) > killedAt + 3_000);
    expect(redone.length, stack.backendLog().slice(-3000)).toBeGreaterThanOrEqual(1);
    const status = await fetch(`${stack.backendUrl}/v1/status`, { headers: { Authorization: `Bearer ${stack.adminToken}` } });
    expect(status.status).toBe(200);
    const body = (await status.json()) as { workspaces: { connections: { id: string; lastCheckedAt: string | null }[] }[] };
    for (const conn of body.workspaces.flatMap((w) => w.connections)) expect(conn.lastCheckedAt, conn.id).not.toBeNull();

    // Round 2, the regular interval: A and the fresh instance C both plan it; once each.
    await until('round 2 on every connection', 3 * INTERVAL_MS, async () => {
      const now = await checks();
      const done = counted().every((t) => (now.get(t) ?? []).some((at) => at >= round2From));
      return done && (await health(cUrl)).checkBacklog === 0;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a late duplicate would show by now
    const settled = await checks();
    for (const token of counted()) {
      const at = (settled.get(token) ?? []).filter((t) => t >= round2From && t < first + 1.8 * INTERVAL_MS);
      expect(at.length, token).toBe(1);
    }
    expect(c.output()).toMatch(/ check connection=/); // C took part
    expect((await fetch(`${cUrl}/v1/status`, { headers: { Authorization: `Bearer ${stack.adminToken}` } })).status).toBe(200);
    expect(stack.backendLog()).not.toMatch(/queue-(fetch|plan|job)-failed/);
    expect(c.output()).not.toMatch(/queue-(fetch|plan|job)-failed/);
  });

  it('the same manual check asked of two instances at once calls Graph once: the second waits for the first', { timeout: 30_000 }, async () => {
    if (!c) throw new Error('needs the instances of the test above');
    const token = 'demo-token-harbor-whatsapp';
    const scenario = demoScenarios().tokens?.[token];
    if (!scenario) throw new Error(`${token} missing from the demo scenarios`);
    await stack.setScenario(token, { ...scenario, delayMs: 1_200 });
    const sentAt = Date.now();
    const post = (url: string) =>
      fetch(`${url}/v1/workspaces/harbor-shop/checks`, { method: 'POST', headers: { Authorization: `Bearer ${stack.adminToken}` } }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { workspace: { connections: { id: string; lastCheckedAt: string | null }[] } },
      }));
    const [fromA, fromC] = await Promise.all([post(stack.backendUrl), post(c.url)]);
    const doneAt = Date.now();
    expect([fromA.status, fromC.status]).toEqual([200, 200]);
    const checkedAt = (answer: typeof fromA) => answer.body.workspace.connections.find((conn) => conn.id === 'harbor-wa')?.lastCheckedAt;
    // A fresh check (the next regular one is more than half an interval away), shared by both.
    expect(Date.parse(checkedAt(fromA) ?? '')).toBeGreaterThanOrEqual(sentAt - 1_000);
    expect(checkedAt(fromC)).toBe(checkedAt(fromA));
    const calls = (await stack.simulatorCalls(token)).filter((call) => call.endpoint === 'debug_token' && Date.parse(call.at) >= sentAt && Date.parse(call.at) <= doneAt);
    expect(calls.length).toBe(1);
  });

  it('a business-wide rate limit holds back that business’s other checks on every instance', { timeout: 30_000 }, async () => {
    if (!c) throw new Error('needs the instances of the test above');
    const scenarios = demoScenarios().tokens ?? {};
    const acme = 'demo-token-acme-whatsapp';
    // Meta throttles acme's WhatsApp Business account (80008) and asks for a minute.
    await stack.setScenario(acme, { ...scenarios[acme]!, faults: [{ endpoints: ['debug_token', 'waba', 'phone_numbers', 'business_users'], pattern: ['rate-limit-80008'] }], regainAccessMinutes: 1 });
    await stack.setScenario('demo-token-harbor-whatsapp', { ...scenarios['demo-token-harbor-whatsapp']!, delayMs: 150 });
    const deliver = async (url: string, body: object) => {
      const text = JSON.stringify(body);
      const answer = await fetch(`${url}/v1/meta/webhooks`, { method: 'POST', body: text, headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': hubSignature(text, stack.seed.meta.appSecret) } });
      expect(answer.status).toBe(200);
    };
    const wabaEvent = (wabaId: string) => ({ object: 'whatsapp_business_account', entry: [{ id: wabaId, time: 1, changes: [{ field: 'account_update', value: { event: 'PARTNER_APP_UNINSTALLED', waba_info: { waba_id: wabaId } } }] }] });
    const acmeWaba = stack.seed.workspaces.find((w) => w.id === 'acme-support')!.expectedWabas![0]!.id;
    const acmeBusiness = stack.seed.workspaces.find((w) => w.id === 'acme-support')!.businessId!;
    const harborWaba = stack.seed.workspaces.find((w) => w.id === 'harbor-shop')!.expectedWabas![0]!.id;

    await deliver(stack.backendUrl, wabaEvent(acmeWaba)); // to instance A, or C: one of them checks
    // The back-off is stored just after the check's result.
    await until('the business backed off', 15_000, async () => (stack.backendLog() + c!.output()).includes(`check-backoff-shared scopes=business:${acmeBusiness}`));
    const since = Date.now();
    // Instance C learns of the business (both acme connections) and of harbor's WABA.
    await deliver(c.url, { object: 'application', entry: [{ id: stack.seed.meta.appId, time: 1, changes: [{ field: 'business_integration_update', value: { business_manager_id: acmeBusiness } }] }] });
    await deliver(c.url, wabaEvent(harborWaba));
    const callsSince = async (token: string) => (await stack.simulatorCalls(token)).filter((call) => call.endpoint === 'debug_token' && Date.parse(call.at) >= since);
    await until('harbor checked', 15_000, async () => (await callsSince('demo-token-harbor-whatsapp')).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // acme's catalog connection shares the business: deferred until the minute is over.
    expect(await callsSince('demo-token-acme-catalog')).toEqual([]);
    expect(await callsSince(acme)).toEqual([]);
  });
});
