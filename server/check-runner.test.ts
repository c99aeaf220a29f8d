// @vitest-environment node
/**
 * The check runner's own logic, with a real SQLite store and the demo seed; `checkConnection` is
 * replaced by scripted outcomes here (its rules are tested in lib/meta and, end to end, in
 * server/scenarios.test.ts) so that deadlines, de-duplication and transitions can be driven.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckOutcome, CheckTarget, GraphClient } from '../lib/graph/token-check';
import { CheckRunner } from './check-runner';
import { neverChecked } from './connection-view';
import { SecretBox } from './crypto';
import { HttpGraphClient } from './graph-client';
import { createLogger } from './log';
import { applySeed, parseSeed } from './seed';
import { SqliteStore } from './store/sqlite-store';

let dir: string;
let store: SqliteStore;
let lines: string[];
const box = new SecretBox(randomBytes(32));
const seed = parseSeed(JSON.parse(readFileSync(new URL('./demo/seed.json', import.meta.url), 'utf8')));

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ra-runner-'));
  store = SqliteStore.open(path.join(dir, 'db.sqlite'));
  await applySeed(store, seed, box);
  lines = [];
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

type Check = (graph: GraphClient, target: CheckTarget, options: { previous: unknown; attempt?: number }) => Promise<CheckOutcome>;

function runner(check: Check, deadlineMs = 20_000, graph = new HttpGraphClient({ baseUrl: 'http://127.0.0.1:9', version: 'v24.0', timeoutMs: 60_000 })) {
  return new CheckRunner({
    store,
    box,
    graph,
    log: createLogger({ name: 'test', write: (line) => lines.push(line) }),
    expiringWithinDays: 7,
    deadlineMs,
    check: check as never,
  });
}

const outcome = (status: CheckOutcome['connection']['status'], retryAfterMs: number | null = null): CheckOutcome => ({
  connection: { ...neverChecked('whatsapp', []), status, lastCheckedAt: new Date().toISOString() },
  appName: null,
  retryAfterMs,
});

describe('CheckRunner', () => {
  it('hands checkConnection the opened secrets and the workspace’s expectations', async () => {
    const targets: CheckTarget[] = [];
    const r = runner(async (_graph, target) => {
      targets.push(target);
      return outcome('healthy');
    });
    await r.run('acme-wa', 'manual');
    await r.run('acme-catalog', 'manual');
    expect(targets[0]).toEqual({
      kind: 'whatsapp',
      accessToken: 'demo-token-acme-whatsapp',
      appId: '700000000000001',
      appSecret: 'demo-app-secret-not-a-real-secret',
      businessId: '800000000000001',
      expectedWabas: [
        { id: '900000000000011', name: 'Acme Support Line' },
        { id: '900000000000012', name: 'Acme Sales Line' },
      ],
      requiredScopes: ['whatsapp_business_management', 'whatsapp_business_messaging'],
    });
    expect(targets[1]).toMatchObject({ kind: 'catalog', accessToken: 'demo-token-acme-catalog', expectedWabas: [], requiredScopes: ['catalog_management'] });
    expect(lines.join('\n')).not.toContain('demo-token-acme');
  });

  it('records a transition only when the status changes, with its trigger', async () => {
    const statuses = ['healthy', 'healthy', 'expiring'] as const;
    let i = 0;
    const r = runner(async () => outcome(statuses[i++]!));
    await r.run('harbor-wa', 'startup');
    await r.run('harbor-wa', 'schedule');
    await r.run('harbor-wa', 'manual');
    const history = await store.listHistory('harbor-shop', 10);
    expect(history.map((e) => (e.kind === 'transition' ? [e.from, e.to, e.trigger] : null))).toEqual([
      ['healthy', 'expiring', 'manual'],
      ['unknown', 'healthy', 'startup'],
    ]);
  });

  it('passes the previous state and the retry attempt', async () => {
    const seen: { previous: unknown; attempt?: number }[] = [];
    const r = runner(async (_g, _t, options) => {
      seen.push(options);
      return outcome('healthy');
    });
    await r.run('harbor-wa', 'startup');
    await r.run('harbor-wa', 'retry', 2);
    expect(seen[0]).toMatchObject({ previous: null, attempt: 0 });
    expect(seen[1]).toMatchObject({ previous: { status: 'healthy' }, attempt: 2 });
  });

  it('joins a check already running for the same connection', async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const r = runner(async () => {
      calls++;
      await gate;
      return outcome('healthy');
    });
    const a = r.run('harbor-wa', 'manual');
    const b = r.run('harbor-wa', 'manual');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.busy).toBe(1);
    release();
    const [ra, rb] = await Promise.all([a, b]);
    expect(calls).toBe(1);
    expect(ra?.state).toEqual(rb?.state);
  });

  it('answers at the deadline with the last known state when the check does not return', async () => {
    const r = runner(async () => outcome('healthy'), 300);
    await r.run('harbor-wa', 'startup');
    const stuck = runner(() => new Promise<CheckOutcome>(() => {}), 300);
    const run = await stuck.run('harbor-wa', 'manual');
    expect(run?.completed).toBe(false);
    expect(run?.state.status).toBe('healthy');
    expect(run?.state.problems.map((p) => p.code)).toEqual(['check-failed']);
    expect(run?.state.problems[0]?.message).toBe('The check did not finish within 0.3 s.');
  });

  it('aborts the Graph calls of a check shortly before its deadline', async () => {
    const hanging: Server = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const graph = new HttpGraphClient({ baseUrl: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`, version: 'v24.0', timeoutMs: 60_000 });
      let answer: unknown;
      const r = runner(async (g) => {
        answer = await g.get('/debug_token', { input_token: 'x' });
        return outcome('unknown');
      }, 2_300, graph);
      const run = await r.run('harbor-wa', 'manual');
      expect(run?.completed).toBe(true);
      expect(answer).toEqual({ ok: false, network: 'timeout', message: 'the check ran out of time' });
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  it('on close, aborts running checks and stores nothing from them', async () => {
    const hanging: Server = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const graph = new HttpGraphClient({ baseUrl: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`, version: 'v24.0', timeoutMs: 60_000 });
      const r = runner(async (g) => {
        const answer = await g.get('/debug_token', {});
        return outcome(answer.ok ? 'healthy' : 'unknown');
      }, 20_000, graph);
      const running = r.run('harbor-wa', 'schedule');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await r.close();
      expect((await running)?.completed).toBe(false);
      expect((await store.getConnection('harbor-wa'))?.state).toBeNull();
      expect((await r.run('harbor-wa', 'manual'))?.state.problems[0]?.message).toBe('The server is shutting down.');
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  it('keeps the last state with a check-failed problem when the stored token cannot be decrypted', async () => {
    const db = new Database(path.join(dir, 'db.sqlite'));
    db.prepare("UPDATE connections SET token_sealed = (SELECT token_sealed FROM connections WHERE id = 'acme-wa') WHERE id = 'harbor-wa'").run();
    db.close();
    let called = false;
    const r = runner(async () => {
      called = true;
      return outcome('healthy');
    });
    const run = await r.run('harbor-wa', 'manual');
    expect(called).toBe(false);
    expect(run?.state.status).toBe('unknown');
    expect(run?.state.problems[0]?.message).toContain('cannot be decrypted');
    expect(lines.some((l) => l.includes('check-error') && l.includes('error=decrypt'))).toBe(true);
    expect((await store.getConnection('harbor-wa'))?.state?.problems[0]?.code).toBe('check-failed');
  });

  it('returns null for an unknown connection', async () => {
    expect(await runner(async () => outcome('healthy')).run('nope', 'manual')).toBeNull();
  });
});
