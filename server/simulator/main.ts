/**
 * The Graph API simulator's entry point:
 *
 *   npm run simulator -- --port N [--scenarios FILE] [--host 127.0.0.1] [--max-calls N (call log size, 10000)]
 *
 * Prints `simulator listening on http://…` on stdout once it accepts connections (scripts wait for
 * that line). Without --scenarios it knows no tokens (add them with PUT /__sim/tokens/{token}) and
 * uses a placeholder app (id 100000000000001, secret `simulator-app-secret`).
 * SIGTERM/SIGINT close it, dropping any request a `timeout` fault is holding.
 */
import { serve } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createSimulatorApp, createSimulatorState } from './app';
import { SimulatorFile } from './scenario';

function fail(message: string): never {
  process.stderr.write(`simulator: ${message}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' }, scenarios: { type: 'string' }, 'max-calls': { type: 'string', default: '10000' } },
    strict: true,
  }));
} catch (error) {
  fail(`${(error as Error).message}\nusage: npm run simulator -- --port N [--scenarios FILE] [--max-calls N]`);
}
const maxCalls = Number(values['max-calls']);
if (!Number.isInteger(maxCalls) || maxCalls < 1 || maxCalls > 1_000_000) fail(`--max-calls must be 1–1000000, got ${values['max-calls']}`);
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be 0–65535, got ${values.port}`);

let raw: unknown = { app: { id: '100000000000001', secret: 'simulator-app-secret' } };
if (values.scenarios) {
  try {
    raw = JSON.parse(readFileSync(values.scenarios, 'utf8'));
  } catch (error) {
    fail(`cannot read ${values.scenarios}: ${(error as Error).message}`);
  }
}
const file = SimulatorFile.safeParse(raw);
if (!file.success) {
  fail(`${values.scenarios} is not a valid scenarios file:\n${file.error.issues.slice(0, 20).map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`);
}

let server: ReturnType<typeof serve> | null = null;
const shutdown = () => {
  setTimeout(() => process.exit(1), 5_000).unref();
  if (!server) process.exit(0);
  server.close(() => process.exit(0));
  if ('closeAllConnections' in server) server.closeAllConnections();
};
// Before the ready line: a supervisor may signal as soon as it reads it.
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

const state = { ...createSimulatorState(file.data), maxCalls };
const app = createSimulatorApp(state);
server = serve({ fetch: app.fetch, port, hostname: values.host }, (info: AddressInfo) => {
  const host = values.host.includes(':') ? `[${values.host}]` : values.host;
  process.stderr.write(`simulator: app ${file.data.app.id}, ${state.tokens.size} scripted token(s)\n`);
  process.stdout.write(`simulator listening on http://${host}:${info.port}\n`);
});
server.once('error', (error) => fail(error.message));

