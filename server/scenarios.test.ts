// @vitest-environment node
/**
 * Every Graph API scenario of tests/support/graph-scenarios.ts through the real backend and simulator processes:
 * the status and problems each one yields, and that transient trouble (5xx, timeouts, dropped
 * connections, rate limits, a credential error that a second probe does not confirm) never moves
 * a healthy token off `healthy` — the problem is attached instead and no transition is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, HistoryEntry } from '../lib/contract';
import { backendApi, expectOk } from '../tests/support/backend-api';
import { startStack, type Stack } from '../tests/support/backend-harness';
import { SCENARIO_VARIANTS, scenarioFor, type Customer, type ScenarioVariant } from '../tests/support/graph-scenarios';
import type { Seed } from './seed';
import type { SimulatorFileInput } from './simulator/scenario';

const APP = { id: '700000000000001', secret: 'scenario-test-app-secret' };
const ADMIN = 'scenario-test-admin-token-000000000001';

function customer(index: number): Customer {
  const n = String(index).padStart(3, '0');
  return {
    businessId: `810000000000${n}`,
    businessName: `Business ${n}`,
    userId: `610000000000${n}`,
    wabas: [
      { id: `910000000000${n}1`, name: `Line ${n}-1` },
      { id: `910000000000${n}2`, name: `Line ${n}-2` },
    ],
  };
}

const token = (variant: ScenarioVariant) => `test-token-${variant}`;

function matrix(): { seed: Seed; scenarios: SimulatorFileInput } {
  const workspaces = SCENARIO_VARIANTS.map((variant, index) => {
    const c = customer(index);
    return {
      id: `ws-${variant}`,
      name: `Workspace ${variant}`,
      reconnectUrl: `https://app.example.test/reconnect/${variant}`,
      businessId: c.businessId,
      businessName: c.businessName,
      expectedWabas: c.wabas,
      connections: [{ id: `c-${variant}`, kind: 'whatsapp' as const, accessToken: token(variant) }],
    };
  });
  return {
    seed: {
      meta: { appId: APP.id, appSecret: APP.secret, configId: null },
      admins: [{ token: ADMIN, name: 'Scenario admin', workspaces: workspaces.map((w) => w.id) }],
      workspaces,
    },
    scenarios: {
      app: APP,
      tokens: Object.fromEntries(SCENARIO_VARIANTS.map((variant, index) => [token(variant), scenarioFor(variant, customer(index))])),
    },
  };
}

interface Expectation {
  status: Connection['status'];
  problems: string[];
  extra?: (conn: Connection, c: Customer) => void;
}

const EXPECTED: Record<ScenarioVariant, Expectation> = {
  'healthy-user': {
    status: 'healthy',
    problems: [],
    extra: (conn, c) => {
      expect(conn.tokenType).toBe('user');
      expect(conn.authorizingUser).toMatchObject({ id: c.userId, role: 'admin' });
      expect(conn.wabas.map((w) => [w.id, w.management, w.messaging, w.reachable, w.health])).toEqual(
        c.wabas.map((w) => [w.id, true, true, true, 'available']),
      );
      expect(conn.scopes.find((s) => s.scope === 'whatsapp_business_management')).toMatchObject({ declared: true, proven: true });
      const days = (Date.parse(conn.expiresAt!) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(44);
      expect(days).toBeLessThan(46);
      expect(conn.lastError).toBeNull();
    },
  },
  'expiring-3d': { status: 'expiring', problems: ['token-expiring'] },
  'system-user-never': {
    status: 'healthy',
    problems: [],
    extra: (conn) => {
      expect(conn.tokenType).toBe('system-user');
      expect(conn.expiresAt).toBeNull();
      expect(conn.dataAccessExpiresAt).toBeNull();
      expect(conn.wabas.every((w) => w.management === true)).toBe(true);
    },
  },
  'business-integration': { status: 'healthy', problems: [], extra: (conn) => expect(conn.tokenType).toBe('business-integration') },
  expired: { status: 'expired', problems: ['token-expired'] },
  'password-changed': { status: 'invalid', problems: ['token-invalid'] },
  'app-removed': { status: 'revoked', problems: ['token-revoked'] },
  'scope-missing': {
    status: 'missing-scope',
    problems: ['scope-missing'],
    extra: (conn) => {
      expect(conn.scopes.find((s) => s.scope === 'whatsapp_business_messaging')?.declared).toBe(false);
      expect(conn.problems.find((p) => p.code === 'scope-missing')?.scope).toBe('whatsapp_business_messaging');
    },
  },
  'waba-deselected': {
    status: 'missing-waba',
    problems: ['waba-missing'],
    extra: (conn, c) => {
      expect(conn.problems.find((p) => p.code === 'waba-missing')?.wabaId).toBe(c.wabas[1]!.id);
      expect(conn.wabas.find((w) => w.id === c.wabas[0]!.id)?.management).toBe(true);
      expect(conn.wabas.find((w) => w.id === c.wabas[1]!.id)?.management).toBe(false);
    },
  },
  'all-wabas': {
    status: 'healthy',
    problems: [],
    extra: (conn) => expect(conn.wabas.map((w) => w.management)).toEqual([true, true]),
  },
  'renamed-scope': {
    status: 'healthy',
    problems: [],
    extra: (conn) => {
      const management = conn.scopes.find((s) => s.scope === 'whatsapp_business_management');
      expect(management?.proven).toBe(true);
      expect(management?.note).toContain('whatsapp_business_manage_events');
    },
  },
  'not-admin': { status: 'not-admin', problems: ['not-admin'], extra: (conn) => expect(conn.authorizingUser.role).toBe('employee') },
  'role-not-established': { status: 'healthy', problems: [], extra: (conn) => expect(conn.authorizingUser.role).toBe('unknown') },
  'waba-limited': { status: 'degraded', problems: ['waba-health'], extra: (conn, c) => expect(conn.wabas.find((w) => w.id === c.wabas[0]!.id)?.health).toBe('limited') },
  'waba-blocked': { status: 'degraded', problems: ['waba-health'], extra: (conn, c) => expect(conn.wabas.find((w) => w.id === c.wabas[0]!.id)?.health).toBe('blocked') },
  'data-access-expired': { status: 'expired', problems: ['data-access-expired'] },
  // Never checked successfully: rate limits cannot establish anything, so `unknown`, not red.
  'rate-limited-80008': { status: 'unknown', problems: ['rate-limited'], extra: (conn) => expect(conn.lastError).toMatchObject({ code: 80008, category: 'rate-limited' }) },
  'rate-limited-4': { status: 'unknown', problems: ['rate-limited'], extra: (conn) => expect(conn.lastError).toMatchObject({ code: 4, category: 'rate-limited' }) },
  // Checked separately below (its pattern depends on the call count).
  flaky: { status: 'unknown', problems: [] },
  slow: { status: 'healthy', problems: [] },
};

let stack: Stack;
let api: ReturnType<typeof backendApi>;
const customers = new Map(SCENARIO_VARIANTS.map((variant, index) => [variant, customer(index)]));

beforeAll(async () => {
  const { seed, scenarios } = matrix();
  stack = await startStack({
    seed,
    scenarios,
    // No automatic retries during the test: each check below is one the test asked for.
    backendEnv: { CHECK_MAX_RETRIES: '0', GRAPH_TIMEOUT_MS: '1500', CHECK_STARTUP_SPREAD_MS: '300' },
  });
  api = backendApi(stack.backendUrl, ADMIN);
}, 90_000);

afterAll(async () => {
  await stack?.stop();
});

async function checkNow(variant: ScenarioVariant): Promise<Connection> {
  const body = expectOk(await api.check(`ws-${variant}`));
  return body.workspace.connections[0]!;
}

async function transitions(variant: ScenarioVariant): Promise<Extract<HistoryEntry, { kind: 'transition' }>[]> {
  const body = expectOk(await api.history(`ws-${variant}`));
  return body.entries.filter((e): e is Extract<HistoryEntry, { kind: 'transition' }> => e.kind === 'transition');
}

describe('each scenario’s status and problems', () => {
  it.each(SCENARIO_VARIANTS.filter((v) => v !== 'flaky'))('%s', async (variant) => {
    const want = EXPECTED[variant];
    const conn = await checkNow(variant);
    expect(conn.status).toBe(want.status);
    expect([...new Set(conn.problems.map((p) => p.code))].sort()).toEqual([...want.problems].sort());
    expect(conn.lastCheckedAt).not.toBeNull();
    want.extra?.(conn, customers.get(variant)!);
    // The start-up check already established the same status: this check recorded no transition,
    // and the one transition there is goes from `unknown` (never checked) to it.
    const recorded = await transitions(variant);
    if (want.status === 'unknown') expect(recorded).toEqual([]);
    else expect(recorded.map((t) => [t.from, t.to, t.trigger])).toEqual([['unknown', want.status, 'startup']]);
  });

  it('confirms a credential failure with a second probe before changing the status', async () => {
    const calls = await stack.simulatorCalls(token('password-changed'));
    const debugTokenCalls = calls.filter((c) => c.endpoint === 'debug_token');
    // Two checks (start-up + the one above), each asked debug_token twice.
    expect(debugTokenCalls.length).toBe(4);
  });
});

describe('transient trouble never changes a healthy status', () => {
  const variant: ScenarioVariant = 'healthy-user';
  const base = () => scenarioFor(variant, customers.get(variant)!);

  async function expectStillHealthy(problem: 'check-failed' | 'rate-limited', category: string) {
    const conn = await checkNow(variant);
    expect(conn.status).toBe('healthy');
    expect(conn.problems.map((p) => p.code)).toEqual([problem]);
    expect(conn.lastError?.category).toBe(category);
    // What was established before is still there.
    expect(conn.wabas.every((w) => w.management === true)).toBe(true);
    expect(conn.authorizingUser.role).toBe('admin');
    return conn;
  }

  it('through 500s, HTML 502s, timeouts, dropped connections and rate limits; recovers cleanly', async () => {
    expect((await checkNow(variant)).status).toBe('healthy');
    const before = (await transitions(variant)).length;

    await stack.setScenario(token(variant), { ...base(), faults: [{ pattern: ['http-500'] }] });
    await expectStillHealthy('check-failed', 'transient');

    await stack.setScenario(token(variant), { ...base(), faults: [{ endpoints: ['waba'], pattern: ['http-502'] }] });
    await expectStillHealthy('check-failed', 'transient');

    await stack.setScenario(token(variant), { ...base(), faults: [{ pattern: ['timeout'] }], timeoutHoldMs: 5_000 });
    const timedOut = await expectStillHealthy('check-failed', 'transient');
    expect(timedOut.lastError?.message).toMatch(/timed out|no answer/);

    await stack.setScenario(token(variant), { ...base(), faults: [{ pattern: ['reset'] }] });
    await expectStillHealthy('check-failed', 'transient');

    await stack.setScenario(token(variant), { ...base(), faults: [{ endpoints: ['waba'], pattern: ['rate-limit-80008'] }] });
    await expectStillHealthy('rate-limited', 'rate-limited');

    await stack.setScenario(token(variant), { ...base(), faults: [{ pattern: ['rate-limit-4'] }] });
    await expectStillHealthy('rate-limited', 'rate-limited');

    // One credential answer on a WABA call, not confirmed by the second probe: not a verdict.
    // (Two WABAs are probed in parallel: whichever asks first gets the error, the other WABA and
    // the confirming probe get answers.)
    await stack.setScenario(token(variant), {
      ...base(),
      faults: [{ endpoints: ['waba'], pattern: [{ error: { code: 190, subcode: 460, message: 'Error validating access token: the session was invalidated.' } }, 'ok', 'ok'] }],
    });
    const unconfirmed = await checkNow(variant);
    expect(unconfirmed.status).toBe('healthy');

    await stack.setScenario(token(variant), base());
    const recovered = await checkNow(variant);
    expect(recovered.status).toBe('healthy');
    expect(recovered.problems).toEqual([]);

    expect((await transitions(variant)).length).toBe(before);
  });

  it('follows a deterministic flaky pattern: 500, timeout, then an answer', async () => {
    await stack.setScenario(token('flaky'), scenarioFor('flaky', customers.get('flaky')!));
    const first = await checkNow('flaky');
    expect(first.status).toBe('unknown');
    expect(first.lastError).toMatchObject({ code: 2, category: 'transient' });
    const second = await checkNow('flaky');
    expect(second.status).toBe('unknown');
    expect(second.problems.map((p) => p.code)).toEqual(['check-failed']);
    const third = await checkNow('flaky');
    expect(third.status).toBe('healthy');
    expect(third.problems).toEqual([]);
    const fourth = await checkNow('flaky');
    expect(fourth.status).toBe('healthy');
    expect(fourth.problems.map((p) => p.code)).toEqual(['check-failed']);
    const faults = (await stack.simulatorCalls(token('flaky'))).filter((c) => c.endpoint === 'debug_token').slice(-4).map((c) => c.fault);
    expect(faults).toEqual(['http-500', 'timeout', null, 'http-500']);
  });
});

describe('a real credential answer', () => {
  it('changes the status (confirmed twice) and records the transition with its trigger', async () => {
    const variant: ScenarioVariant = 'expiring-3d';
    const c = customers.get(variant)!;
    await stack.setScenario(token(variant), scenarioFor('password-changed', c));
    const conn = await checkNow(variant);
    expect(conn.status).toBe('invalid');
    await stack.setScenario(token(variant), scenarioFor('expiring-3d', c));
    expect((await checkNow(variant)).status).toBe('expiring');
    const recorded = await transitions(variant);
    expect(recorded.slice(0, 2).map((t) => [t.from, t.to, t.trigger, t.problems])).toEqual([
      ['invalid', 'expiring', 'manual', ['token-expiring']],
      ['expiring', 'invalid', 'manual', ['token-invalid']],
    ]);
  });
});
