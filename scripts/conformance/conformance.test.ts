// @vitest-environment node
/**
 * The conformance kit proven both ways over real HTTP: it passes against the reference backend
 * (real child processes, tests/support/backend-harness.ts) and against a correct stub, and each
 * deliberate defect of the stub (tests/support/conformance-stub.ts) fails exactly its check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../tests/support/backend-harness';
import { stackStores } from '../../server/testing/stack-stores';
import { startConformanceStub, type StubDefect, type StubOptions } from '../../tests/support/conformance-stub';
import type { ConformanceOptions } from './context';
import { chromeOrigin, firefoxOrigin } from './checks/cors';
import { redact, renderJson, renderTable } from './report';
import { runConformance, type ConformanceRun } from './runner';

const STUB_TOKEN = 'stub-admin-token-0123456789abcdef';

function options(baseUrl: string, token: string, extra: Partial<ConformanceOptions> = {}): ConformanceOptions {
  return { baseUrl, token, workspace: null, foreignWorkspace: null, allowWrites: false, origins: [chromeOrigin(), firefoxOrigin()], timingReads: 5, burst: 30, ...extra };
}

const failing = (run: ConformanceRun) => run.results.filter((r) => r.result === 'fail').map((r) => r.id);
const resultOf = (run: ConformanceRun, id: string) => run.results.find((r) => r.id === id);
const summary = (run: ConformanceRun) => run.results.map((r) => `${r.id}: ${r.result} — ${r.why}`).join('\n');

async function againstStub(stubOptions: Omit<StubOptions, 'token'>, extra: Partial<ConformanceOptions> = {}) {
  const stub = await startConformanceStub({ token: STUB_TOKEN, ...stubOptions });
  try {
    return await runConformance(options(stub.url, STUB_TOKEN, extra));
  } finally {
    await stub.stop();
  }
}

describe.each(stackStores())('against the reference backend on $name', (kind) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ databaseUrl: await kind.databaseUrl() });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await kind.teardown();
  });

  it('passes with writes: no check fails, and the ones the reference backend can answer pass', async () => {
    const other = stack.seed.admins[1]?.workspaces.find((w) => !stack.seed.admins[0]?.workspaces.includes(w)) ?? null;
    const run = await runConformance(options(stack.backendUrl, stack.adminToken, { allowWrites: true, foreignWorkspace: other }));
    expect(failing(run), summary(run)).toEqual([]);
    // Before any redaction: no reason is built from the token.
    expect(JSON.stringify(run)).not.toContain(stack.adminToken);
    for (const id of [
      'contract.status',
      'contract.reconnect-plan',
      'contract.history',
      'contract.checks',
      'contract.flow-report',
      'etag.present',
      'etag.not-modified',
      'etag.changes',
      'cors.preflight-chrome',
      'cors.preflight-firefox',
      'cors.expose-etag',
      'cors.expose-retry-after',
      'errors.unauthorized',
      'errors.not-found',
      'errors.bad-request',
      'errors.payload-too-large',
      'plan.reconnect-url',
      'plan.app-id',
      'status.token-updated-at',
      'reconnect-link',
    ]) {
      expect(resultOf(run, id)?.result, `${id}\n${summary(run)}`).toBe('pass');
    }
    expect(other, 'the demo seed has a workspace of another admin').not.toBeNull();
    expect(resultOf(run, 'errors.not-found')?.why).toContain("another admin's workspace");
    // The harness raises the reference backend's per-admin limit (API_BURST) so suites are not
    // throttled; the kit's bounded burst then sees no 429, and says so instead of passing.
    expect(resultOf(run, 'errors.rate-limit')).toMatchObject({ result: 'not-checked' });
    expect(resultOf(run, 'timing.status')?.why).toMatch(/p50 \d+ ms, p95 \d+ ms over 5 status reads/);
  }, 120_000);

  it('read-only really is: no check runs (no Graph call) and nothing is stored', async () => {
    const workspace = stack.seed.admins[0]?.workspaces[0] ?? '';
    const historyBefore = await (await fetch(`${stack.backendUrl}/v1/workspaces/${workspace}/history?limit=500`, { headers: { Authorization: `Bearer ${stack.adminToken}` } })).text();
    await stack.resetSimulatorCalls();
    const run = await runConformance(options(stack.backendUrl, stack.adminToken, { workspace }));
    expect(failing(run), summary(run)).toEqual([]);
    expect(await stack.callsBesidesThrottled()).toEqual([]);
    const historyAfter = await (await fetch(`${stack.backendUrl}/v1/workspaces/${workspace}/history?limit=500`, { headers: { Authorization: `Bearer ${stack.adminToken}` } })).text();
    expect(JSON.parse(historyAfter).entries).toEqual(JSON.parse(historyBefore).entries);
    for (const id of ['contract.checks', 'contract.flow-report', 'etag.changes', 'errors.rate-limit', 'reconnect-link']) {
      expect(resultOf(run, id), id).toMatchObject({ result: 'not-checked', why: expect.stringContaining('--allow-writes') });
    }
  }, 120_000);
});

describe('against a correct stub', () => {
  it('passes read-only and with writes, with tokenUpdatedAt, a reconnect link and a 429 that carries Retry-After', async () => {
    const run = await againstStub({ offersReconnectLink: true, limitAfter: 20 }, { allowWrites: true });
    expect(failing(run), summary(run)).toEqual([]);
    expect(resultOf(run, 'status.token-updated-at')?.result, summary(run)).toBe('pass');
    expect(resultOf(run, 'reconnect-link')?.result, summary(run)).toBe('pass');
    expect(resultOf(run, 'errors.rate-limit')?.result, summary(run)).toBe('pass');
    expect(resultOf(run, 'etag.changes')?.result, summary(run)).toBe('pass');
    const readOnly = await againstStub({});
    expect(failing(readOnly), summary(readOnly)).toEqual([]);
  }, 60_000);

  it('says "not offered" for what the backend does not offer, never pass', async () => {
    const run = await againstStub({ offersTokenUpdatedAt: false, offersReconnectLink: false }, { allowWrites: true });
    expect(failing(run), summary(run)).toEqual([]);
    expect(resultOf(run, 'status.token-updated-at')).toMatchObject({ result: 'not-checked', why: expect.stringContaining('not offered') });
    expect(resultOf(run, 'reconnect-link')).toMatchObject({ result: 'not-checked', why: expect.stringContaining('not offered') });
  }, 60_000);
});

describe('each defect fails exactly its check', () => {
  const cases: [StubDefect, string, Partial<ConformanceOptions>, Omit<StubOptions, 'token'>][] = [
    ['no-etag', 'etag.present', {}, {}],
    ['cors-without-retry-after', 'cors.expose-retry-after', {}, {}],
    ['500-instead-of-401', 'errors.unauthorized', {}, {}],
    ['relative-reconnect-url', 'plan.reconnect-url', { allowWrites: true }, {}],
    ['schema-drift', 'contract.status', {}, {}],
    ['token-updated-at-backwards', 'status.token-updated-at', {}, {}],
    ['rate-limit-without-retry-after', 'errors.rate-limit', { allowWrites: true }, { limitAfter: 20 }],
  ];
  for (const [defect, check, extra, stubOptions] of cases) {
    it(`${defect} → ${check}`, async () => {
      const run = await againstStub({ ...stubOptions, defect }, extra);
      expect(failing(run), summary(run)).toEqual([check]);
    }, 60_000);
  }

  it('a schema drift names the path of the first violation', async () => {
    const run = await againstStub({ defect: 'schema-drift' });
    expect(resultOf(run, 'contract.status')?.why).toContain('workspaces.0.connections.0.status');
  }, 60_000);

  it('without an ETag, the checks that need one say not-checked rather than pass', async () => {
    const run = await againstStub({ defect: 'no-etag' }, { allowWrites: true });
    expect(resultOf(run, 'etag.not-modified')?.result).toBe('not-checked');
    expect(resultOf(run, 'etag.changes')?.result).toBe('not-checked');
  }, 60_000);
});

describe('reports', () => {
  it('redact the token from whatever they render, table and JSON', () => {
    const token = 'report-secret-token-abcdef0123456789';
    const run: ConformanceRun = { baseUrl: 'https://b.example.test/', allowWrites: false, workspaceId: 'ws-1', failed: 1, results: [{ id: 'x', result: 'fail', why: `the backend said Bearer ${token}` }] };
    for (const text of [renderTable(run, token), renderJson(run, token)]) {
      expect(text).not.toContain(token);
      expect(text).toContain('Bearer [token]');
    }
    expect(redact('abc', '')).toBe('abc');
  });
});
