// @vitest-environment node
/**
 * What survives a restart and what is on disk: data persists in the SQLite file, tokens and the
 * app secret are encrypted at rest (the raw file bytes are searched for them), admin tokens are
 * only hashes, the seed loaded again changes nothing, and the encryption-key rules at start-up
 * (production refuses without a key; development generates one next to the database and says so;
 * a different key is refused). All with real processes.
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowReport } from '../lib/contract';
import { backendApi, expectOk } from '../tests/support/backend-api';
import { DEMO_SEED_PATH, startStack, type Stack } from '../tests/support/backend-harness';
import { SecretBox, type Sealed } from './crypto';
import { launchServer } from '../scripts/process/launcher';
import { secretContext } from './seed';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

function dump(dbPath: string): Record<string, unknown[]> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return {
      settings: db.prepare("SELECT name, value FROM settings ORDER BY name").all(),
      admins: db.prepare('SELECT * FROM admins ORDER BY id').all(),
      adminWorkspaces: db.prepare('SELECT * FROM admin_workspaces ORDER BY admin_id, workspace_id').all(),
      workspaces: db.prepare('SELECT * FROM workspaces ORDER BY id').all(),
      connections: db.prepare('SELECT id, workspace_id, kind, token_sealed, token_fingerprint FROM connections ORDER BY id').all(),
      migrations: db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all(),
    };
  } finally {
    db.close();
  }
}

/** The database file and its WAL/SHM companions, as raw bytes. */
function rawDatabaseBytes(dbPath: string): Buffer {
  return Buffer.concat([dbPath, `${dbPath}-wal`, `${dbPath}-shm`].filter((file) => existsSync(file)).map((file) => readFileSync(file)));
}

describe('restart', () => {
  it('keeps workspaces, states and history in the SQLite file; loading the seed again changes nothing', { timeout: 40_000 }, async () => {
    const api = backendApi(stack.backendUrl, stack.adminToken);
    const report: FlowReport = {
      workspaceId: 'harbor-shop',
      startedAt: '2026-11-21T09:00:00Z',
      endedAt: '2026-11-21T09:02:00Z',
      source: 'oauth-dialog',
      outcome: 'cancelled',
      currentStep: 'PERMISSIONS',
    };
    const accepted = expectOk(await api.flowReport(JSON.stringify(report)), 201);
    const historyBefore = expectOk(await api.history('harbor-shop'));
    const statusBefore = expectOk(await api.status());
    const tablesBefore = dump(stack.dbPath);

    await stack.restartBackend();

    expect(stack.backendLog()).toMatch(/backend info seed file=\S+ changed=0/);
    expect(dump(stack.dbPath)).toEqual(tablesBefore);
    const statusAfter = expectOk(await api.status());
    const summary = (s: typeof statusBefore) => s.workspaces.map((w) => [w.id, w.connections.map((c) => [c.id, c.status, c.tokenType])]);
    expect(summary(statusAfter)).toEqual(summary(statusBefore));
    const historyAfter = expectOk(await api.history('harbor-shop'));
    expect(historyAfter.entries.map((e) => e.id)).toEqual(expect.arrayContaining(historyBefore.entries.map((e) => e.id)));
    expect(historyAfter.entries.find((e) => e.id === accepted.id)).toMatchObject({ kind: 'flow-report', report: { currentStep: 'PERMISSIONS' } });
  });
});

describe('at rest', () => {
  it('holds no Meta token, app secret or admin token in the raw database bytes', async () => {
    const bytes = rawDatabaseBytes(stack.dbPath);
    // The right file: its plain data is there.
    expect(bytes.includes(Buffer.from('Acme Trading Co. (demo)'))).toBe(true);
    const secrets = [
      stack.seed.meta.appSecret,
      ...stack.seed.admins.map((a) => a.token),
      ...stack.seed.workspaces.flatMap((w) => w.connections.map((c) => c.accessToken)),
    ];
    for (const secret of secrets) {
      expect(bytes.includes(Buffer.from(secret, 'utf8')), 'a secret in clear in the database').toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'utf16le')), 'a secret (UTF-16) in the database').toBe(false);
    }
    // Admin tokens are stored as their SHA-256.
    for (const admin of stack.seed.admins) {
      expect(bytes.includes(Buffer.from(createHash('sha256').update(admin.token).digest('hex')))).toBe(true);
    }
  });

  it('stores each token sealed (AES-256-GCM) for its own row: it opens with the key there and nowhere else', () => {
    const box = new SecretBox(Buffer.from(stack.encryptionKey, 'hex'));
    const db = new Database(stack.dbPath, { readonly: true });
    try {
      const rows = db.prepare('SELECT id, token_sealed FROM connections ORDER BY id').all() as { id: string; token_sealed: Sealed }[];
      const tokens = new Map(stack.seed.workspaces.flatMap((w) => w.connections.map((c) => [c.id, c.accessToken])));
      expect(rows.length).toBe(tokens.size);
      for (const row of rows) {
        expect(row.token_sealed.startsWith('v1.')).toBe(true);
        expect(box.open(row.token_sealed, secretContext.connectionToken(row.id))).toBe(tokens.get(row.id));
        expect(() => box.open(row.token_sealed, secretContext.connectionToken('another-row'))).toThrow();
      }
      expect(() => new SecretBox(randomBytes(32)).open(rows[0]!.token_sealed, secretContext.connectionToken(rows[0]!.id))).toThrow();
    } finally {
      db.close();
    }
  });
});

describe('start-up rules', () => {
  let dir: string;
  const env = (extra: Record<string, string | undefined>): NodeJS.ProcessEnv => {
    const base = { ...process.env };
    for (const name of Object.keys(base)) if (/^(TOKEN_ENCRYPTION_KEY|GRAPH_API_|CHECK_)/.test(name)) delete base[name];
    // Graph is unreachable here (port 9): these tests are about start-up, not checks.
    return { ...base, GRAPH_API_BASE_URL: 'http://127.0.0.1:9', CHECK_STARTUP_SPREAD_MS: '0', ...extra };
  };
  const start = (dbPath: string, extra: Record<string, string | undefined>, seed = DEMO_SEED_PATH) =>
    launchServer({ name: 'backend', entry: 'server/main.ts', args: ['--seed', seed, '--db', dbPath, '--port', '0'], env: env(extra), readyTimeoutMs: 20_000 });

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ra-startup-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start in production without TOKEN_ENCRYPTION_KEY', async () => {
    const dbPath = path.join(dir, 'prod.sqlite');
    await expect(start(dbPath, { NODE_ENV: 'production' })).rejects.toThrow(/exited with code 2[\s\S]*NODE_ENV=production requires TOKEN_ENCRYPTION_KEY/);
    expect(existsSync(`${dbPath}.key`)).toBe(false);
  });

  it('refuses a malformed key', async () => {
    await expect(start(path.join(dir, 'bad-key.sqlite'), { TOKEN_ENCRYPTION_KEY: 'too-short' })).rejects.toThrow(/exited with code 2[\s\S]*64 hex characters or base64/);
  });

  it('in development generates a key file next to the database, says so, and reuses it', { timeout: 30_000 }, async () => {
    const dbPath = path.join(dir, 'dev.sqlite');
    const first = await start(dbPath, { NODE_ENV: 'development' });
    expect(first.output()).toContain(`generated a local encryption key in ${dbPath}.key`);
    await first.stop();
    expect(await first.exited).toBe(0); // graceful SIGTERM
    expect(statSync(`${dbPath}.key`).mode & 0o777).toBe(0o600);
    const second = await start(dbPath, { NODE_ENV: 'development' });
    expect(second.output()).toContain(`using the local encryption key in ${dbPath}.key`);
    await second.stop();

    // Another key for the same database is refused before anything is read or written.
    const key = randomBytes(32).toString('base64');
    await expect(start(dbPath, { TOKEN_ENCRYPTION_KEY: key })).rejects.toThrow(/does not match the one .* was written with/);
  });

  it('serves before any check ran: every connection is `unknown`, with nothing claimed', { timeout: 30_000 }, async () => {
    const backend = await start(path.join(dir, 'unchecked.sqlite'), { TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'), CHECK_STARTUP_SPREAD_MS: '600000' });
    try {
      const token = (JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as { admins: { token: string }[] }).admins[0]!.token;
      const status = expectOk(await backendApi(backend.url, token).status());
      const connections = status.workspaces.flatMap((w) => w.connections);
      expect(connections.length).toBe(9);
      for (const conn of connections) {
        expect(conn).toMatchObject({ status: 'unknown', tokenType: 'unknown', expiresAt: null, lastCheckedAt: null, problems: [], lastError: null, authorizingUser: { role: 'unknown' } });
        expect(conn.scopes.every((s) => s.declared === null && s.proven === null)).toBe(true);
        expect(conn.wabas.every((w) => w.management === null && w.health === 'unknown')).toBe(true);
      }
      const health = (await (await fetch(`${backend.url}/healthz`)).json()) as { pendingInitialChecks: number };
      expect(health.pendingInitialChecks).toBe(10);
    } finally {
      await backend.stop();
    }
  });

  it('takes the Graph base URL and version from the seed when the environment has none', { timeout: 30_000 }, async () => {
    const simulator = await launchServer({ name: 'simulator', entry: 'server/simulator/main.ts', args: ['--port', '0', '--scenarios', path.join(path.dirname(DEMO_SEED_PATH), 'scenarios.json')], env: env({}) });
    try {
      const seed = JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as { meta: Record<string, string> };
      seed.meta.graphApiBaseUrl = simulator.url;
      seed.meta.graphApiVersion = 'v23.0';
      const file = path.join(dir, 'seed-with-graph.json');
      writeFileSync(file, JSON.stringify(seed));
      const backend = await start(path.join(dir, 'seed-graph.sqlite'), { TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'), GRAPH_API_BASE_URL: undefined }, file);
      try {
        expect(backend.output()).toContain(`graph=${simulator.url}/v23.0`);
        const deadline = Date.now() + 10_000;
        let calls: { version: string | null }[] = [];
        while (calls.length === 0 && Date.now() < deadline) {
          calls = ((await (await fetch(`${simulator.url}/__sim/calls`)).json()) as { calls: { version: string | null }[] }).calls;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(calls.length).toBeGreaterThan(0);
        expect(calls.every((c) => c.version === 'v23.0')).toBe(true);
      } finally {
        await backend.stop();
      }
    } finally {
      await simulator.stop();
    }
  });

  it('refuses an invalid seed with every offending path, and never echoes a token', async () => {
    const seed = JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as { admins: { token: string }[]; workspaces: { id: string; reconnectUrl: string; typo?: boolean }[] };
    seed.admins[1]!.token = seed.admins[0]!.token;
    seed.workspaces[0]!.reconnectUrl = 'javascript:alert(1)';
    seed.workspaces[1]!.typo = true;
    const file = path.join(dir, 'bad-seed.json');
    writeFileSync(file, JSON.stringify(seed));
    const failure = start(path.join(dir, 'bad-seed.sqlite'), { TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex') }, file);
    await expect(failure).rejects.toThrow(/exited with code 2/);
    const message = String(await failure.catch((error: unknown) => error));
    expect(message).toContain('workspaces[0].reconnectUrl');
    expect(message).toContain('workspaces[1]: Unrecognized key: "typo"');
    expect(message).toContain('two admins share the same token');
    expect(message.includes(seed.admins[0]!.token)).toBe(false);
  });
});

describe('answers are validated before they are sent', () => {
  it('leaves a row that no longer fits out of /v1/status (logged), answers the admin’s other workspaces, and refuses its plan', async () => {
    const api = backendApi(stack.backendUrl, stack.adminToken);
    const all = expectOk(await api.status()).workspaces.map((w) => w.id);
    expect(all).toContain('harbor-shop');
    const db = new Database(stack.dbPath);
    const original = (db.prepare("SELECT reconnect_url FROM workspaces WHERE id = 'harbor-shop'").get() as { reconnect_url: string }).reconnect_url;
    try {
      for (const bad of ['javascript:alert(1)', '/settings/reconnect', '']) {
        // A row no seed could have written (the seed only allows absolute https or local http URLs).
        db.prepare("UPDATE workspaces SET reconnect_url = ? WHERE id = 'harbor-shop'").run(bad);
        const status = await api.status();
        expect(status.status).toBe(200);
        expect(expectOk(status).workspaces.map((w) => w.id)).toEqual(all.filter((id) => id !== 'harbor-shop'));
        if (bad) expect(status.raw).not.toContain(bad);
        const plan = await api.plan('harbor-shop');
        expect(plan.status).toBe(500);
        expect(plan.body).toEqual({ error: { code: 'internal', message: 'The server produced an answer that does not match the API contract; it was not sent.' } });
      }
      expect(stack.backendLog()).toMatch(/error invalid-workspace workspace=harbor-shop issues="?reconnectUrl/);
    } finally {
      db.prepare("UPDATE workspaces SET reconnect_url = ? WHERE id = 'harbor-shop'").run(original);
      db.close();
    }
    expect(expectOk(await api.status()).workspaces.map((w) => w.id)).toEqual(all);
    expect((await api.status()).status).toBe(200);
  });
});
