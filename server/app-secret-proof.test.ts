// @vitest-environment node
/**
 * appsecret_proof and Graph's rate-limit headers over real HTTP, with the real processes: the
 * simulator runs with Meta's "Require App Secret" on (its default, as in the demo), so every
 * customer-token call the backend makes must be signed; a backend holding the wrong app secret
 * gets `check-failed` (our misconfiguration), never a token verdict; and a throttled answer's
 * X-Business-Use-Case-Usage wait becomes the check's retryAfterMs.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, StatusResponse } from '../lib/contract';
import { checkConnection, type CheckTarget, type GraphClient } from '../lib/graph/token-check';
import { backendApi, expectOk } from '../tests/support/backend-api';
import { demoScenarios, demoSeed, startStack, type Stack } from '../tests/support/backend-harness';
import { HttpGraphClient } from './graph-client';
import { requiredScopesFor } from './required-scopes';
import type { ScenarioInput } from './simulator/scenario';

const TOKEN_VERDICTS: Connection['status'][] = ['expired', 'invalid', 'revoked'];

async function connections(stack: Stack): Promise<Connection[]> {
  const body = expectOk<StatusResponse>(await backendApi(stack.backendUrl, stack.adminToken).status());
  return body.workspaces.flatMap((w) => w.connections);
}

describe('with the simulator requiring appsecret_proof (demo data)', () => {
  let stack: Stack;
  beforeAll(async () => {
    expect(demoScenarios().app).not.toHaveProperty('requireAppSecretProof', false);
    stack = await startStack();
    await stack.waitForInitialChecks();
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('signs every customer-token call with a valid proof, and never logs a proof', async () => {
    const calls = (await stack.simulatorCalls()).filter((c) => c.endpoint !== 'debug_token' && c.endpoint !== 'oauth_access_token' && c.token !== null);
    expect(calls.length).toBeGreaterThan(5);
    expect(calls.filter((c) => c.proof !== 'valid')).toEqual([]);
    const { appSecret } = demoSeed().meta;
    const log = stack.backendLog();
    for (const ws of demoSeed().workspaces) {
      for (const conn of ws.connections) {
        expect(log).not.toContain(createHmac('sha256', appSecret).update(conn.accessToken).digest('hex'));
        expect(log).not.toContain(conn.accessToken);
      }
    }
    expect(log).not.toContain(appSecret);
  });

  it('a proof Meta refuses (signed with another secret) gives check-failed with code 100, not a token verdict', async () => {
    const seed = demoSeed();
    const workspace = seed.workspaces.find((w) => w.connections.some((c) => c.accessToken === 'demo-token-acme-whatsapp'))!;
    const http = new HttpGraphClient({ baseUrl: stack.simulatorUrl, version: 'v24.0', timeoutMs: 5_000 });
    // debug_token still gets the right app token; only the proofs are signed with a wrong secret.
    const wrongProofs: GraphClient = { get: (path, params, call) => http.get(path, params, call ? { appSecret: 'not-the-app-secret' } : undefined) };
    const target: CheckTarget = {
      kind: 'whatsapp',
      accessToken: 'demo-token-acme-whatsapp',
      appId: seed.meta.appId,
      appSecret: seed.meta.appSecret,
      businessId: workspace.businessId ?? null,
      expectedWabas: workspace.expectedWabas,
      requiredScopes: requiredScopesFor('whatsapp'),
    };
    await stack.resetSimulatorCalls();
    const outcome = await checkConnection(wrongProofs, target, { now: new Date(), expiringWithinDays: 7, previous: null });
    expect(outcome.connection.status).toBe('unknown');
    expect(outcome.connection.problems.map((p) => p.code)).toEqual(['check-failed']);
    expect(outcome.connection.lastError).toMatchObject({ code: 100, category: 'unknown', message: 'Invalid appsecret_proof provided in the API argument' });
    expect((await stack.simulatorCalls('demo-token-acme-whatsapp')).filter((c) => c.endpoint === 'waba').map((c) => c.proof)).toContain('invalid');
    // The same target with the right secret is healthy: the proof was the only difference.
    expect((await checkConnection(http, target, { now: new Date(), expiringWithinDays: 7, previous: null })).connection.status).toBe('healthy');
  });

  it('a throttled answer\'s X-Business-Use-Case-Usage wait (3 min) becomes retryAfterMs', async () => {
    const seed = demoSeed();
    const workspace = seed.workspaces.find((w) => w.connections.some((c) => c.accessToken === 'demo-token-acme-whatsapp'))!;
    const acme = demoScenarios().tokens!['demo-token-acme-whatsapp'] as ScenarioInput;
    const token = 'test-token-throttled-with-wait';
    await stack.setScenario(token, { ...acme, regainAccessMinutes: 3, faults: [{ endpoints: ['waba'], pattern: ['rate-limit-80008'] }] });
    const http = new HttpGraphClient({ baseUrl: stack.simulatorUrl, version: 'v24.0', timeoutMs: 5_000 });
    const target: CheckTarget = {
      kind: 'whatsapp',
      accessToken: token,
      appId: seed.meta.appId,
      appSecret: seed.meta.appSecret,
      businessId: workspace.businessId ?? null,
      expectedWabas: workspace.expectedWabas,
      requiredScopes: requiredScopesFor('whatsapp'),
    };
    const outcome = await checkConnection(http, target, { now: new Date(), expiringWithinDays: 7, previous: null });
    expect(outcome.connection.problems.map((p) => p.code)).toEqual(['rate-limited']);
    expect(outcome.retryAfterMs).toBe(180_000);
  });
});

describe('a backend holding the wrong app secret', () => {
  let stack: Stack;
  beforeAll(async () => {
    const seed = demoSeed();
    stack = await startStack({ seed: { ...seed, meta: { ...seed.meta, appSecret: 'a-wrong-app-secret-value' } } });
    await stack.waitForInitialChecks();
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('reports check-failed on every connection, never an invalid/expired/revoked token', async () => {
    const all = await connections(stack);
    expect(all.length).toBeGreaterThan(0);
    for (const conn of all) {
      expect(TOKEN_VERDICTS, conn.id).not.toContain(conn.status);
      expect(conn.status, conn.id).toBe('unknown');
      // quartz's scenario is throttled on every call, debug_token included (Meta throttles before
      // it looks at credentials), so it stays rate-limited; every other one is check-failed.
      expect(conn.problems.map((p) => p.code), conn.id).toEqual([conn.id === 'quartz-wa' ? 'rate-limited' : 'check-failed']);
    }
    // Checking on demand says the same (and stores nothing worse).
    const api = backendApi(stack.backendUrl, stack.adminToken);
    const checked = expectOk(await api.check('acme-support'));
    for (const conn of checked.workspace.connections) {
      expect(conn.status).toBe('unknown');
      expect(conn.problems.map((p) => p.code)).toEqual(['check-failed']);
    }
    expect(stack.backendLog()).not.toContain('a-wrong-app-secret-value');
  });
});
