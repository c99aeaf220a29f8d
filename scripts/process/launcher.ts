/**
 * Starts the backend or the simulator as a real child process (`node --import tsx <entry>`) and
 * stops it by its own PID: shared by `npm start` (scripts/start.ts) and the test harness
 * (tests/support/backend-harness.ts). Readiness is the `… listening on http://…` line each entry
 * point prints on stdout once its socket accepts connections, so `--port 0` (a free port chosen
 * by the OS, no race) works.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface LaunchOptions {
  name: 'backend' | 'simulator';
  /** Entry point, relative to the repository root. */
  entry: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Give up waiting for the ready line after this long (default 30 s). */
  readyTimeoutMs?: number;
  /** Called with each output line (stdout and stderr), e.g. to echo it. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface ChildServer {
  name: string;
  url: string;
  port: number;
  pid: number;
  /** Everything the process printed so far (bounded to the last 1 MB). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 8 s); resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

const MAX_OUTPUT = 1024 * 1024;

export function launchServer(options: LaunchOptions): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', options.entry, ...options.args], {
    cwd: REPO_ROOT,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new RegExp(`^${options.name} listening on (http://\\S+)$`);

  return new Promise<ChildServer>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`${options.name} did not start within ${options.readyTimeoutMs ?? 30_000} ms:\n${output.slice(-4000)}`));
    }, options.readyTimeoutMs ?? 30_000);

    const onData = (stream: 'stdout' | 'stderr') => {
      let pending = '';
      return (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        output = (output + text).slice(-MAX_OUTPUT);
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          options.onLine?.(line, stream);
          const match = stream === 'stdout' ? ready.exec(line.trim()) : null;
          if (match?.[1] && !settled) {
            settled = true;
            clearTimeout(timer);
            const url = match[1];
            resolve({
              name: options.name,
              url,
              port: Number(new URL(url).port),
              pid: child.pid!,
              output: () => output,
              exited,
              stop: (graceMs = 8_000) => stopChild(child, exited, graceMs),
            });
          }
        }
      };
    };
    child.stdout!.on('data', onData('stdout'));
    child.stderr!.on('data', onData('stderr'));
    void exited.then((code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`${options.name} exited with code ${code} before it was ready:\n${output.slice(-4000)}`));
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
