/**
 * The backend on both stores (SQLite file, PostgreSQL on a throwaway cluster from
 * server/testing/pg-cluster.ts), real processes on 127.0.0.1:
 *   GET /v1/status for one admin with 200 workspaces, 50 concurrent clients for 5 s each, 200 and
 *     304 (If-None-Match): throughput and p99, from autocannon (npm) running in this process, so it
 *     shares the 2 cores with the backend: figures are a floor.
 *   webhook received → status changed: a signed PARTNER_APP_UNINSTALLED for one connection's WABA
 *     after its token was switched to "app removed" in the simulator, until its history shows the
 *     webhook-triggered transition (polled every 5 ms), ×20.
 */
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { hubSignature } from '../server/meta-webhooks';
import type { ScenarioInput } from '../server/simulator/scenario';
import { startPgCluster } from '../server/testing/pg-cluster';
import { startStack, type Stack } from '../tests/support/backend-harness';
import { bigSeed } from './backend.bench';
import type { Bench, BenchResult } from './types';

const CLIENTS = 50;
const SECONDS = 5;
const WEBHOOK_RUNS = 20;

const ms = (value: number) => Math.round(value * 10) / 10;
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** autocannon (in this process, its own HTTP/1.1 client on keep-alive sockets) for SECONDS. */
async function load(stack: Stack, headers: Record<string, string>, expectStatus: number): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({
    url: `${stack.backendUrl}/v1/status`,
    connections: CLIENTS,
    duration: SECONDS,
    headers: { Authorization: `Bearer ${stack.adminToken}`, ...headers },
  });
  const expected = result.statusCodeStats?.[String(expectStatus) as `${number}`]?.count ?? 0;
  const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return { rps: Math.round(expected / result.duration), p99: ms(result.latency.p99), errors: result.errors + (answered - expected) };
}

async function webhookLatency(stack: Stack, tokens: Record<string, ScenarioInput>): Promise<number[]> {
  const out: number[] = [];
  const ids = Object.keys(tokens).slice(0, WEBHOOK_RUNS);
  for (const [i, token] of ids.entries()) {
    const n = String(i).padStart(5, '0');
    const scenario = tokens[token]!;
    await stack.setScenario(token, { ...scenario, debugToken: { ...scenario.debugToken!, isValid: false, error: { code: 190, subcode: 458, message: 'The user has not authorized application.' } } } as ScenarioInput);
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: `9200000000${n}1`, time: 1, changes: [{ field: 'account_update', value: { event: 'PARTNER_APP_UNINSTALLED', waba_info: { waba_id: `9200000000${n}1` } } }] }],
    });
    const started = performance.now();
    const answer = await fetch(`${stack.backendUrl}/v1/meta/webhooks`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': hubSignature(body, stack.seed.meta.appSecret) } });
    if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}`);
    for (;;) {
      const history = (await (await fetch(`${stack.backendUrl}/v1/workspaces/ws-${n}/history?limit=1`, { headers: { Authorization: `Bearer ${stack.adminToken}` } })).json()) as { entries: { trigger?: string }[] };
      if (history.entries[0]?.trigger === 'webhook') break;
      if (performance.now() - started > 30_000) throw new Error('no status change within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    out.push(performance.now() - started);
  }
  return out;
}

const bench: Bench = {
  description: 'both stores: GET /v1/status for 200 workspaces under 50 clients (200/304); webhook → status changed',
  async run(): Promise<BenchResult> {
    const rows: (string | number)[][] = [];
    const data: Record<string, unknown> = {};
    const cluster = await startPgCluster();
    try {
      for (const store of ['sqlite', 'postgres'] as const) {
        const { seed, tokens } = bigSeed(200);
        const stack = await startStack({
          seed,
          scenarios: { app: { id: seed.meta.appId, secret: seed.meta.appSecret }, tokens },
          databaseUrl: store === 'postgres' ? await cluster.createDatabase('bench') : undefined,
          backendEnv: { CHECK_STARTUP_SPREAD_MS: '0' },
        });
        try {
          const ok = await load(stack, {}, 200);
          const etag = (await fetch(`${stack.backendUrl}/v1/status`, { headers: { Authorization: `Bearer ${stack.adminToken}` } })).headers.get('ETag') ?? '';
          const notModified = await load(stack, { 'If-None-Match': etag }, 304);
          const hook = await webhookLatency(stack, tokens as Record<string, ScenarioInput>);
          rows.push([`${store}: GET /v1/status 200, 200 workspaces, ${CLIENTS} clients`, ok.rps, ok.p99, ok.errors]);
          rows.push([`${store}: GET /v1/status 304`, notModified.rps, notModified.p99, notModified.errors]);
          rows.push([`${store}: webhook → status changed, median / worst (ms) ×${hook.length}`, ms(quantile(hook, 0.5)), ms(Math.max(...hook)), 0]);
          data[store] = { ok, notModified, webhookMs: hook };
        } finally {
          await stack.stop();
        }
      }
    } finally {
      await cluster.stop();
    }
    return {
      title: 'Backend on SQLite and PostgreSQL',
      columns: ['measure', 'req/s or median', 'p99 or worst (ms)', 'errors'],
      rows,
      notes: [
        `Load: autocannon, ${CLIENTS} connections for ${SECONDS} s from the bench process, same 2-core machine as backend, simulator and PostgreSQL; req/s counts only answers with the expected status.`,
        'Webhook latency includes the confirming check against the local simulator (no Graph latency) and the 5 ms history poll.',
        `Node ${process.version}, ${process.platform}/${process.arch}.`,
      ],
      data,
    };
  },
};

export default bench;
