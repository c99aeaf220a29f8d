// @vitest-environment node
/**
 * The scheduler with fake timers: start-up checks spread and bounded by the concurrency limit,
 * the regular interval with jitter, the 5 s / 15 s / 45 s back-off after rate-limited checks (the
 * delays come from checkConnection's retryAfterMs, as in production), and stop.
 * A real SQLite store and CheckRunner; checkConnection is scripted (its rules are tested in lib/).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelayMs } from '../lib/graph/graph-errors';
import type { CheckOutcome, CheckTarget } from '../lib/graph/token-check';
import { CheckRunner } from './check-runner';
import { neverChecked } from './connection-view';
import { SecretBox } from './crypto';
import { HttpGraphClient } from './graph-client';
import { createLogger } from './log';
import { IntervalScheduler } from './scheduler';
import { applySeed, parseSeed } from './seed';
import { SqliteStore } from './store/sqlite-store';

const seed = parseSeed(JSON.parse(readFileSync(new URL('./demo/seed.json', import.meta.url), 'utf8')));
const CONNECTIONS = seed.workspaces.flatMap((w) => w.connections.map((c) => c.id));
const INTERVAL = 60_000;

let dir: string;
let store: SqliteStore;
let checks: { token: string; at: number; attempt: number }[];
let running: number;
let maxRunning: number;
let scheduler: IntervalScheduler | null;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  dir = mkdtempSync(path.join(tmpdir(), 'ra-sched-'));
  store = SqliteStore.open(path.join(dir, 'db.sqlite'));
  checks = [];
  running = 0;
  maxRunning = 0;
  scheduler = null;
});
afterEach(async () => {
  await scheduler?.stop();
  vi.useRealTimers();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function setup(options: { concurrency: number; rateLimited?: string[]; failing?: string[]; maxRetries?: number; random?: () => number; startupSpreadMs?: number }) {
  const box = new SecretBox(randomBytes(32));
  await applySeed(store, seed, box);
  const check = async (_graph: unknown, target: CheckTarget, opts: { attempt?: number }): Promise<CheckOutcome> => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    checks.push({ token: target.accessToken, at: Date.now(), attempt: opts.attempt ?? 0 });
    await new Promise((resolve) => setTimeout(resolve, 100)); // a Graph round trip
    running--;
    const limited = options.rateLimited?.includes(target.accessToken);
    const failing = options.failing?.includes(target.accessToken);
    const transient = limited ? 'rate-limited' : failing ? 'check-failed' : null;
    return {
      connection: {
        ...neverChecked(target.kind, []),
        status: transient ? 'unknown' : 'healthy',
        problems: transient ? [{ code: transient, message: 'Graph did not answer.', hint: 'It is retried.', wabaId: null, scope: null }] : [],
        lastCheckedAt: new Date().toISOString(),
      },
      appName: null,
      retryAfterMs: transient ? backoffDelayMs(opts.attempt ?? 0) : null,
    };
  };
  const log = createLogger({ name: 'test', write: () => {} });
  const runner = new CheckRunner({
    store,
    box,
    graph: new HttpGraphClient({ baseUrl: 'http://127.0.0.1:9', version: 'v24.0', timeoutMs: 1000 }),
    log,
    expiringWithinDays: 7,
    deadlineMs: 20_000,
    check: check as never,
  });
  scheduler = new IntervalScheduler({
    store,
    runner,
    log,
    intervalMs: INTERVAL,
    jitterRatio: 0.1,
    concurrency: options.concurrency,
    startupSpreadMs: options.startupSpreadMs ?? 2_000,
    maxRetries: options.maxRetries,
    random: options.random,
  });
  return scheduler;
}

describe('IntervalScheduler', () => {
  it('checks every connection soon after start, never more than `concurrency` at once', async () => {
    // Start-up times from a fixed sequence that puts several connections in the same 100 ms, so
    // the limit is really reached (random times can, rarely, never overlap).
    let n = 0;
    const s = await setup({ concurrency: 2, random: () => [0.1, 0.1, 0.1, 0.6, 0.9][n++ % 5]! });
    const t0 = Date.now();
    await s.start();
    expect(s.pendingInitialChecks).toBe(CONNECTIONS.length);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(new Set(checks.map((c) => c.token)).size).toBe(CONNECTIONS.length);
    expect(checks.every((c) => c.at - t0 <= 2_600)).toBe(true);
    expect(maxRunning).toBe(2);
    expect(s.pendingInitialChecks).toBe(0);
    const history = await store.listHistory('acme-support', 10);
    expect(history.every((e) => e.kind === 'transition' && e.trigger === 'startup')).toBe(true);
  });

  it('holds the concurrency limit when everything is due at the same time', async () => {
    const s = await setup({ concurrency: 3, startupSpreadMs: 0 });
    await s.start();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(new Set(checks.map((c) => c.token)).size).toBe(CONNECTIONS.length);
    expect(maxRunning).toBe(3);
  });

  it('re-checks each connection once per interval, within ±10 % jitter', async () => {
    const s = await setup({ concurrency: 4 });
    await s.start();
    await vi.advanceTimersByTimeAsync(3_000);
    const first = new Map(checks.map((c) => [c.token, c.at]));
    checks = [];
    await vi.advanceTimersByTimeAsync(INTERVAL * 1.1 + 500);
    expect(new Set(checks.map((c) => c.token)).size).toBe(CONNECTIONS.length);
    for (const c of checks) {
      const gap = c.at - first.get(c.token)!;
      expect(gap).toBeGreaterThanOrEqual(INTERVAL * 0.9);
      expect(gap).toBeLessThanOrEqual(INTERVAL * 1.1 + 300);
    }
    // Jitter spreads them: not all at the same instant.
    expect(new Set(checks.map((c) => c.at)).size).toBeGreaterThan(1);
  });

  it('backs off 5 s, 15 s, 45 s after rate-limited checks, then waits for the regular round', async () => {
    const s = await setup({ concurrency: 4, rateLimited: ['demo-token-quartz-whatsapp'], random: () => 0.5 });
    await s.start();
    await vi.advanceTimersByTimeAsync(INTERVAL + 70_000);
    const quartz = checks.filter((c) => c.token === 'demo-token-quartz-whatsapp');
    expect(quartz.map((c) => c.attempt)).toEqual([0, 1, 2, 3, 0]);
    const ends = quartz.map((c) => c.at + 100);
    expect(quartz[1]!.at - ends[0]!).toBe(5_000);
    expect(quartz[2]!.at - ends[1]!).toBe(15_000);
    expect(quartz[3]!.at - ends[2]!).toBe(45_000);
    expect(quartz[4]!.at - ends[3]!).toBe(INTERVAL); // random 0.5 → no jitter
  });

  it('is not ready (so 0 pending means nothing yet) until it has listed the connections', async () => {
    const s = await setup({ concurrency: 2 });
    expect((await s.health()).ready).toBe(false);
    const started = s.start();
    expect((await s.health()).ready).toBe(false);
    await started;
    expect(await s.health()).toMatchObject({ ready: true, pendingInitialChecks: CONNECTIONS.length });
  });

  it('counts pending retries by cause until the back-off is spent', async () => {
    const s = await setup({ concurrency: 4, rateLimited: ['demo-token-quartz-whatsapp'], failing: ['demo-token-acme-whatsapp'], random: () => 0.5 });
    await s.start();
    expect(s.retriesPending).toEqual({ failing: 0, rateLimited: 0 });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(s.pendingInitialChecks).toBe(0);
    expect(s.retriesPending).toEqual({ failing: 1, rateLimited: 1 });
    await vi.advanceTimersByTimeAsync(70_000); // 5 s + 15 s + 45 s, then the regular round
    expect(s.retriesPending).toEqual({ failing: 0, rateLimited: 0 });
  });

  it('with maxRetries 0 never retries early', async () => {
    const s = await setup({ concurrency: 4, rateLimited: ['demo-token-quartz-whatsapp'], maxRetries: 0, random: () => 0.5 });
    await s.start();
    await vi.advanceTimersByTimeAsync(INTERVAL - 1_000);
    expect(checks.filter((c) => c.token === 'demo-token-quartz-whatsapp')).toHaveLength(1);
  });

  it('postpones a connection checked manually, and stops', async () => {
    const s = await setup({ concurrency: 4, random: () => 0.5 });
    await s.start();
    await vi.advanceTimersByTimeAsync(3_000);
    const t = Date.now();
    s.noteChecked({ connectionId: 'acme-wa', state: neverChecked('whatsapp', []), retryAfterMs: null, completed: true });
    checks = [];
    await vi.advanceTimersByTimeAsync(INTERVAL - 2_000);
    expect(checks.some((c) => c.token === 'demo-token-acme-whatsapp')).toBe(false);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(checks.find((c) => c.token === 'demo-token-acme-whatsapp')?.at).toBe(t + INTERVAL);
    await s.stop();
    checks = [];
    await vi.advanceTimersByTimeAsync(INTERVAL * 3);
    expect(checks).toEqual([]);
  });
});
