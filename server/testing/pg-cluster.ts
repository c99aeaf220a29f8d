/**
 * A throwaway PostgreSQL cluster for tests and benches: Debian's server binaries, `initdb` into a
 * temporary directory (as the unprivileged `postgres` user when we are root — initdb refuses
 * root), listening on a free loopback port only, removed by `stop()`.
 *
 * Missing PostgreSQL: `findPostgres()` answers null; tests then skip with the reason printed,
 * except under CI=true, where `requirePostgresInCi()` fails the run instead (CI installs it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PgCluster {
  /** postgres://test@127.0.0.1:PORT/… for a database of its own (see createDatabase). */
  readonly baseUrl: string;
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown: sessions are cut), keeping its data, port and databases. */
  pause(): Promise<void>;
  /** Starts a paused server again, on the same port. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export function findPostgres(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

/** Why PostgreSQL tests cannot run here, or null when they can. Throws under CI=true. */
export function postgresUnavailableReason(): string | null {
  if (findPostgres()) return null;
  const reason = "PostgreSQL server binaries not found under /usr/lib/postgresql (Debian's postgresql package)";
  if (process.env.CI === 'true') throw new Error(`${reason}: CI must run the PostgreSQL tests (.ci/run installs the package)`);
  return reason;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = findPostgres();
  if (!bin) throw new Error(postgresUnavailableReason() ?? 'PostgreSQL missing');
  const dir = mkdtempSync(path.join(tmpdir(), 'ra-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
    const result = spawnSync(file, argv, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${cmd} failed (${result.status}): ${result.stderr || result.stdout}`);
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'test', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const startServer = () =>
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start']);
  startServer();
  const baseUrl = `postgres://test@127.0.0.1:${port}`;
  let counter = 0;
  return {
    baseUrl,
    async createDatabase(name) {
      const db = `${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${++counter}`;
      execFileSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'test', '-d', 'postgres', '-qc', `CREATE DATABASE ${db}`]);
      return `${baseUrl}/${db}`;
    },
    async pause() {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
    async resume() {
      startServer();
    },
    async stop() {
      try {
        // Already paused: nothing to stop, only the directory to remove.
        if (existsSync(path.join(data, 'postmaster.pid'))) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
