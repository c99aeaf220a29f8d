// @vitest-environment node
/**
 * The time bounds of checks, with the real processes: POST …/checks answers by its deadline
 * when Graph hangs (last known status + the problem), and the scheduler backs off after a
 * rate-limited check (5 s first) instead of retrying at once or waiting a full round.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendApi, expectOk } from '../tests/support/backend-api';
import { demoScenarios, startStack, type Stack } from '../tests/support/backend-harness';
import type { ScenarioInput } from './simulator/scenario';

let stack: Stack;

beforeAll(async () => {
  // Graph's per-request timeout is longer than the check deadline: only the deadline can end it.
  stack = await startStack({ backendEnv: { GRAPH_TIMEOUT_MS: '60000', CHECK_DEADLINE_MS: '4000' } });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe('POST /v1/workspaces/{id}/checks when Graph hangs', () => {
  it('answers by the deadline with the last known status and the problem', { timeout: 15_000 }, async () => {
    const api = backendApi(stack.backendUrl, stack.adminToken);
    const acme = demoScenarios().tokens!['demo-token-acme-whatsapp'] as ScenarioInput;
    await stack.setScenario('demo-token-acme-whatsapp', { ...acme, delayMs: 60_000 });
    const body = expectOk(await api.check('acme-support'));
    const conn = body.workspace.connections.find((c) => c.id === 'acme-wa')!;
    expect(conn.status).toBe('healthy');
    expect(conn.problems.map((p) => p.code)).toEqual(['check-failed']);
    expect(conn.lastError).toMatchObject({ category: 'transient', message: 'the check ran out of time' });
    // The stored state says the same (the answer was not made up for the response only).
    const status = expectOk(await api.status());
    const stored = status.workspaces.flatMap((w) => w.connections).find((c) => c.id === 'acme-wa')!;
    expect(stored.problems.map((p) => p.code)).toEqual(['check-failed']);
    await stack.setScenario('demo-token-acme-whatsapp', acme);
  });
});

describe('the scheduler after a rate-limited check', () => {
  it('retries after the first back-off step, not at once', { timeout: 20_000 }, async () => {
    // quartz-wa is rate limited on every call (demo scenario); its start-up check ran already.
    const logOf = () => stack.backendLog().split('\n').filter((line) => line.includes('connection=quartz-wa'));
    const has = (...parts: string[]) => logOf().some((line) => parts.every((part) => line.includes(part)));
    // Wait for what each step logs, never for an earlier line: the retry logs trigger=retry when
    // it starts and its back-off line only once its Graph call has answered.
    const waitFor = async (...parts: string[]) => {
      const deadline = Date.now() + 15_000;
      while (!has(...parts)) {
        if (Date.now() > deadline) throw new Error(`no line with ${parts.join(' ')}:\n${logOf().join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await waitFor('check-backoff', 'attempt=1', 'delayMs=5000');
    await waitFor('check-backoff', 'attempt=2', 'delayMs=15000');
    expect(has('trigger=retry')).toBe(true);
    const calls = (await stack.simulatorCalls('demo-token-quartz-whatsapp')).filter((c) => c.endpoint === 'debug_token');
    expect(calls.length).toBe(2);
    // The retry came after the 5 s step (a property of the schedule, not a performance figure).
    expect(Date.parse(calls[1]!.at) - Date.parse(calls[0]!.at)).toBeGreaterThanOrEqual(5_000);
  });
});
