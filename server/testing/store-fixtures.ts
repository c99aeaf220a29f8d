/**
 * Both stores as test fixtures: a fresh, empty store per test with raw SQL access (to damage a
 * row or dump every table). PostgreSQL runs when its binaries are installed (always under CI).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate } from '../store/migrations';
import { migratePg } from '../store/pg-migrations';
import { PgStore } from '../store/pg-store';
import { SqliteStore } from '../store/sqlite-store';
import type { Store } from '../store/store';
import { postgresUnavailableReason, startPgCluster, type PgCluster } from './pg-cluster';

export interface StoreFixture {
  store: Store;
  /** Where a backend process finds this store: a file path, or a postgres:// URL. */
  location: string;
  exec(sql: string): Promise<void>;
  /** Every table's rows, in a stable order. */
  dump(): Promise<unknown>;
  close(): Promise<void>;
}

export interface StoreKind {
  name: 'sqlite' | 'postgres';
  setup(): Promise<void>;
  teardown(): Promise<void>;
  create(): Promise<StoreFixture>;
  /**
   * A database as a server that knew migrations up to `version` left it: raw SQL in, then
   * `open()` opens it with today's store (which migrates the rest).
   */
  createAtVersion(version: number): Promise<{ exec(sql: string): Promise<void>; open(): Promise<StoreFixture> }>;
}

const TABLES = ['admin_workspaces', 'admins', 'connections', 'history', 'schema_migrations', 'settings', 'used_once', 'workspace_wabas', 'workspaces'];

function sqliteFixture(dir: string, file: string): StoreFixture {
  const store = SqliteStore.open(file);
  return {
    store,
    location: file,
    exec: async (sql) => withSqlite(file, (db) => void db.exec(sql)),
    dump: async () => withSqlite(file, (db) => Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]))),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function withSqlite<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export const sqliteKind: StoreKind = {
  name: 'sqlite',
  async setup() {},
  async teardown() {},
  async create() {
    const dir = mkdtempSync(path.join(tmpdir(), 'ra-store-'));
    return sqliteFixture(dir, path.join(dir, 'db.sqlite'));
  },
  async createAtVersion(version) {
    const dir = mkdtempSync(path.join(tmpdir(), 'ra-store-'));
    const file = path.join(dir, 'db.sqlite');
    withSqlite(file, (db) => {
      db.pragma('foreign_keys = ON');
      migrate(db, undefined, version);
    });
    return {
      exec: async (sql) => withSqlite(file, (db) => void db.exec(sql)),
      open: async () => sqliteFixture(dir, file),
    };
  },
};

export function postgresKind(): StoreKind {
  let cluster: PgCluster | null = null;
  return {
    name: 'postgres',
    async setup() {
      cluster = await startPgCluster();
    },
    async teardown() {
      await cluster?.stop();
      cluster = null;
    },
    async create() {
      if (!cluster) throw new Error('postgres cluster not started');
      return pgFixture(await cluster.createDatabase('store'));
    },
    async createAtVersion(version) {
      if (!cluster) throw new Error('postgres cluster not started');
      const url = await cluster.createDatabase('older');
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      try {
        await migratePg(pool, undefined, version);
      } finally {
        await pool.end();
      }
      return {
        exec: async (sql) => {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            await client.query(sql);
          } finally {
            await client.end();
          }
        },
        open: () => pgFixture(url),
      };
    },
  };
}

async function pgFixture(url: string): Promise<StoreFixture> {
  const store = await PgStore.open(url, { max: 4 });
  return {
    store,
    location: url,
    exec: async (sql) => void (await store.pool.query(sql)),
    dump: async () => {
      const out: Record<string, unknown> = {};
      for (const t of TABLES) out[t] = (await store.pool.query(`SELECT * FROM ${t} ORDER BY 1, 2`)).rows;
      return out;
    },
    close: () => store.close(),
  };
}

/** SQLite always; PostgreSQL when installed (required under CI=true: throws there otherwise). */
export function storeKinds(): StoreKind[] {
  const reason = postgresUnavailableReason();
  if (reason) {
    process.stderr.write(`PostgreSQL store tests skipped: ${reason}\n`);
    return [sqliteKind];
  }
  return [sqliteKind, postgresKind()];
}
