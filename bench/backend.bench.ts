/**
 * How fast is the reference backend? Start-up, bounded checks, a status cheap to poll.
 *
 *   real processes from tests/support/backend-harness.ts (backend + Graph API simulator on
 *   127.0.0.1, SQLite in a temp file), measured from this process over HTTP:
 *     start-up        spawn → "backend listening" (fresh database; then a restart on it)
 *     first round     ready → every start-up check finished (demo: 10 connections)
 *     POST …/checks   one workspace (2 connections: debug_token ×2, 2 WABA probes, business_users)
 *     GET /v1/status  200 with the body, and 304 with If-None-Match
 *     scale           500 workspaces: /v1/status size and latency, one full check round at
 *                     CHECK_CONCURRENCY=4
 * The simulator answers in well under a millisecond, so check figures are the backend's own cost
 * plus local HTTP; real Graph latency adds to them. Targets: start-up < 3 s, demo status p95 <
 * 50 ms, check p95 < 500 ms, 500-workspace status p95 < 500 ms.
 */
import { performance } from 'node:perf_hooks';
import { launchServer } from '../scripts/process/launcher';
import { startStack, type Stack } from '../tests/support/backend-harness';
import { scenarioFor, type Customer } from '../tests/support/graph-scenarios';
import type { Seed } from '../server/seed';
import type { Bench, BenchResult } from './types';

const TARGETS = { startupMs: 3_000, statusP95: 50, checkP95: 500, bigStatusP95: 500 };

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
const ms = (value: number) => Math.round(value * 10) / 10;

async function timed(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    out.push(performance.now() - started);
  }
  return out;
}

async function get(stack: Stack, path: string, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(`${stack.backendUrl}${path}`, { headers: { Authorization: `Bearer ${stack.adminToken}`, ...headers } });
  await response.arrayBuffer();
  return response;
}

async function waitChecks(stack: Stack): Promise<number> {
  const started = performance.now();
  await stack.waitForInitialChecks(120_000);
  return performance.now() - started;
}

export function bigSeed(count: number): { seed: Seed; tokens: Record<string, ReturnType<typeof scenarioFor>> } {
  const app = { id: '700000000000001', secret: 'bench-app-secret' };
  const workspaces = Array.from({ length: count }, (_, i) => {
    const n = String(i).padStart(5, '0');
    const customer: Customer = { businessId: `8200000000${n}`, businessName: `Biz ${n}`, userId: `6200000000${n}`, wabas: [{ id: `9200000000${n}1`, name: `Line ${n}` }] };
    return { customer, ws: { id: `ws-${n}`, name: `Workspace ${n}`, reconnectUrl: `https://app.example.test/r/${n}`, businessId: customer.businessId, businessName: customer.businessName, expectedWabas: customer.wabas, connections: [{ id: `c-${n}`, kind: 'whatsapp' as const, accessToken: `bench-token-${n}` }] } };
  });
  return {
    seed: { meta: { appId: app.id, appSecret: app.secret, configId: null }, admins: [{ token: 'bench-admin-token-00000000000000000001', name: 'Bench', workspaces: workspaces.map((w) => w.ws.id) }], workspaces: workspaces.map((w) => w.ws) },
    tokens: Object.fromEntries(workspaces.map((w, i) => [`bench-token-${String(i).padStart(5, '0')}`, scenarioFor(i % 10 === 0 ? 'expiring-3d' : 'healthy-user', w.customer)])),
  };
}

const bench: Bench = {
  description: 'reference backend: start-up, first check round, POST …/checks, GET /v1/status (200/304), 500 workspaces',
  async run(): Promise<BenchResult> {
    const rows: (string | number)[][] = [];
    const data: Record<string, unknown> = {};

    // ── demo stack ──
    const spawnStarted = performance.now();
    const demo = await startStack({ awaitInitialChecks: false, backendEnv: { CHECK_STARTUP_SPREAD_MS: '0' } });
    const startupFresh = performance.now() - spawnStarted;
    try {
      const firstRound = await waitChecks(demo);
      const restartStarted = performance.now();
      await demo.restartBackend();
      const restart = performance.now() - restartStarted;

      const check = await timed(() => fetch(`${demo.backendUrl}/v1/workspaces/acme-support/checks`, { method: 'POST', headers: { Authorization: `Bearer ${demo.adminToken}` } }).then((r) => r.arrayBuffer()), 30);
      const status = await timed(() => get(demo, '/v1/status'), 200);
      const etag = (await get(demo, '/v1/status')).headers.get('ETag') ?? '';
      const notModified = await timed(() => get(demo, '/v1/status', { 'If-None-Match': etag }), 200);
      const body = await (await fetch(`${demo.backendUrl}/v1/status`, { headers: { Authorization: `Bearer ${demo.adminToken}` } })).text();

      rows.push(['stack start (simulator + backend, fresh DB)', ms(startupFresh), '', '', `< ${TARGETS.startupMs}`]);
      rows.push(['backend restart on the same DB (stop → ready)', ms(restart), '', '', `< ${TARGETS.startupMs}`]);
      rows.push(['first check round, 10 connections', ms(firstRound), '', '', '']);
      rows.push(['POST /checks (acme-support, 2 connections) ×30', ms(quantile(check, 0.5)), ms(quantile(check, 0.95)), ms(Math.max(...check)), `p95 < ${TARGETS.checkP95}`]);
      rows.push([`GET /v1/status 200 (${body.length} bytes) ×200`, ms(quantile(status, 0.5)), ms(quantile(status, 0.95)), ms(Math.max(...status)), `p95 < ${TARGETS.statusP95}`]);
      rows.push(['GET /v1/status 304 ×200', ms(quantile(notModified, 0.5)), ms(quantile(notModified, 0.95)), ms(Math.max(...notModified)), '']);
      data.demo = { startupFresh, restart, firstRound, check, status, notModified, statusBytes: body.length };
    } finally {
      await demo.stop();
    }

    // ── 500 workspaces ──
    const { seed, tokens } = bigSeed(500);
    const bigStarted = performance.now();
    const big = await startStack({
      seed,
      scenarios: { app: { id: seed.meta.appId, secret: seed.meta.appSecret }, tokens },
      awaitInitialChecks: false,
      backendEnv: { CHECK_STARTUP_SPREAD_MS: '0', CHECK_CONCURRENCY: '4' },
    });
    const bigStartup = performance.now() - bigStarted;
    try {
      const round = await waitChecks(big);
      const status = await timed(() => get(big, '/v1/status'), 30);
      const etag = (await get(big, '/v1/status')).headers.get('ETag') ?? '';
      const notModified = await timed(() => get(big, '/v1/status', { 'If-None-Match': etag }), 30);
      const bytes = (await (await fetch(`${big.backendUrl}/v1/status`, { headers: { Authorization: `Bearer ${big.adminToken}` } })).text()).length;
      rows.push(['500 workspaces: stack start (seed 500)', ms(bigStartup), '', '', '']);
      rows.push(['500 workspaces: full check round, concurrency 4', ms(round), '', '', '']);
      rows.push([`500 workspaces: GET /v1/status 200 (${Math.round(bytes / 1024)} KB) ×30`, ms(quantile(status, 0.5)), ms(quantile(status, 0.95)), ms(Math.max(...status)), `p95 < ${TARGETS.bigStatusP95}`]);
      rows.push(['500 workspaces: GET /v1/status 304 ×30', ms(quantile(notModified, 0.5)), ms(quantile(notModified, 0.95)), ms(Math.max(...notModified)), '']);
      data.big = { bigStartup, round, status, notModified, bytes };
    } finally {
      await big.stop();
    }

    // ── production refuses quickly without a key (start-up path that exits) ──
    const refusedStarted = performance.now();
    await launchServer({ name: 'backend', entry: 'server/main.ts', args: ['--db', '/nonexistent/x.sqlite'], env: { ...process.env, NODE_ENV: 'production', TOKEN_ENCRYPTION_KEY: '' } }).catch(() => null);
    rows.push(['production without TOKEN_ENCRYPTION_KEY: refusal', ms(performance.now() - refusedStarted), '', '', '']);

    const demoData = data.demo as { startupFresh: number; restart: number; check: number[]; status: number[] };
    const bigData = data.big as { status: number[] };
    const passed =
      demoData.startupFresh < TARGETS.startupMs &&
      demoData.restart < TARGETS.startupMs &&
      quantile(demoData.check, 0.95) < TARGETS.checkP95 &&
      quantile(demoData.status, 0.95) < TARGETS.statusP95 &&
      quantile(bigData.status, 0.95) < TARGETS.bigStatusP95;
    return {
      title: 'Reference backend (ms)',
      columns: ['measure', 'p50 / value', 'p95', 'max', 'target'],
      rows,
      notes: [
        'Real child processes on 127.0.0.1; the simulator answers at once, so Graph latency is not included.',
        `Node ${process.version}, ${process.platform}/${process.arch}.`,
      ],
      passed,
      data,
    };
  },
};

export default bench;
