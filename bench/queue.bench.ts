/**
 * A full check round through the job queue (server/queue/queue-scheduler.ts) on PostgreSQL with
 * two backend instances: 10,000 connections (5,000 workspaces with two each: a seed holds at most
 * 5,000 workspaces), the simulator answering every Graph call after GRAPH_LATENCY_MS, real
 * processes on 127.0.0.1, a throwaway cluster.
 *
 *   round      instance A listening (seed applied) → every connection checked, queue empty
 *   checks/s   connections / round
 *   calls      Graph calls per connection (debug_token, WABA, business users, …)
 *   duplicates connections whose debug_token was called more than once (0 expected: the queue
 *              plans each connection once per interval across instances)
 *   share      checks done by each instance (from their logs)
 *
 * `npm run bench -- queue`; QUEUE_BENCH_CONNECTIONS overrides the size (e.g. 2000 for a quick run).
 */
import { performance } from 'node:perf_hooks';
import { startPgCluster } from '../server/testing/pg-cluster';
import { startStack } from '../tests/support/backend-harness';
import { bigSeed } from './backend.bench';
import type { Bench, BenchResult } from './types';

const CONNECTIONS = Number(process.env.QUEUE_BENCH_CONNECTIONS ?? 10_000);
const GRAPH_LATENCY_MS = 100;
const CONCURRENCY = 32;

const bench: Bench = {
  description: `job queue on PostgreSQL: one check round of ${CONNECTIONS} connections, two instances, ${GRAPH_LATENCY_MS} ms Graph latency`,
  async run(): Promise<BenchResult> {
    const cluster = await startPgCluster();
    try {
      // A seed holds at most 5,000 workspaces: two connections each (two tokens on one business).
      const { seed, tokens } = bigSeed(Math.ceil(CONNECTIONS / 2));
      let total = seed.workspaces.length;
      for (const ws of seed.workspaces) {
        const [first] = ws.connections;
        if (!first || total >= CONNECTIONS) break;
        total += 1;
        ws.connections.push({ ...first, id: `${first.id}-b`, accessToken: `${first.accessToken}-b` });
        tokens[`${first.accessToken}-b`] = tokens[first.accessToken]!;
      }
      for (const scenario of Object.values(tokens)) (scenario as { delayMs?: number }).delayMs = GRAPH_LATENCY_MS;
      const env = { CHECK_CONCURRENCY: String(CONCURRENCY), CHECK_STARTUP_SPREAD_MS: '0', CHECK_INTERVAL_SECONDS: '3600' };
      const seedStarted = performance.now();
      const stack = await startStack({
        seed,
        scenarios: { app: { id: seed.meta.appId, secret: seed.meta.appSecret }, tokens },
        databaseUrl: await cluster.createDatabase('queue_bench'),
        backendEnv: env,
        awaitInitialChecks: false,
        simulatorMaxCalls: CONNECTIONS * 10,
      });
      const roundStarted = performance.now();
      const seedMs = roundStarted - seedStarted;
      try {
        const b = await stack.launchAnotherBackend();
        for (;;) {
          const health = (await (await fetch(`${stack.backendUrl}/healthz`)).json()) as { schedulerReady: boolean; pendingInitialChecks: number; checkBacklog: number };
          if (health.schedulerReady && health.pendingInitialChecks === 0 && health.checkBacklog === 0) break;
          if (performance.now() - roundStarted > 30 * 60_000) throw new Error('round not finished within 30 min');
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        const roundMs = performance.now() - roundStarted;
        const calls = await stack.simulatorCalls();
        const debugTokenCalls = new Map<string, number>();
        for (const call of calls) if (call.endpoint === 'debug_token' && call.token) debugTokenCalls.set(call.token, (debugTokenCalls.get(call.token) ?? 0) + 1);
        const duplicates = [...debugTokenCalls.values()].filter((n) => n > 1).length;
        const unchecked = Object.keys(tokens).filter((t) => !debugTokenCalls.has(t)).length;
        const checksIn = (log: string) => log.split('\n').filter((line) => / check connection=/.test(line)).length;
        const share = [checksIn(stack.backendLog()), checksIn(b.output())];
        const rows: (string | number)[][] = [
          ['seed applied + instance A listening (s)', Math.round(seedMs / 100) / 10],
          ['round: every connection checked (s)', Math.round(roundMs / 100) / 10],
          ['checks / s', Math.round((CONNECTIONS / roundMs) * 1000)],
          ['Graph calls per connection', Math.round((calls.length / CONNECTIONS) * 100) / 100],
          ['connections checked more than once', duplicates],
          ['connections not checked', unchecked],
          ['checks by instance A / B', `${share[0]} / ${share[1]}`],
        ];
        return {
          title: `Job queue round: ${CONNECTIONS} connections, 2 instances × CHECK_CONCURRENCY=${CONCURRENCY}, Graph latency ${GRAPH_LATENCY_MS} ms`,
          columns: ['measure', 'value'],
          rows,
          notes: [
            `Latency alone would allow 2 × ${CONCURRENCY} checks in flight / (calls per check × ${GRAPH_LATENCY_MS} ms); two backend processes, the simulator and PostgreSQL share one 2-core machine (with other work on it), so the figure is CPU-bound and a floor.`,
            `Node ${process.version}, ${process.platform}/${process.arch}.`,
          ],
          data: { connections: CONNECTIONS, roundMs, seedMs, calls: calls.length, duplicates, unchecked, share },
          passed: duplicates === 0 && unchecked === 0,
        };
      } finally {
        await stack.stop();
      }
    } finally {
      await cluster.stop();
    }
  },
};

export default bench;
