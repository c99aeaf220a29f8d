/**
 * Both stores as test fixtures: a fresh, empty store per test with raw SQL access (to damage a
 * row or dump every table). PostgreSQL runs when its binaries are installed (always under CI).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
}

const TABLES = ['admin_workspaces', 'admins', 'connections', 'history', 'schema_migrations', 'settings', 'used_once', 'workspaces'];

export const sqliteKind: StoreKind = {
  name: 'sqlite',
  async setup() {},
  async teardown() {},
  async create() {
    const dir = mkdtempSync(path.join(tmpdir(), 'ra-store-'));
    const file = path.join(dir, 'db.sqlite');
    const store = SqliteStore.open(file);
    const withDb = <T>(fn: (db: Database.Database) => T): T => {
      const db = new Database(file);
      try {
        return fn(db);
      } finally {
        db.close();
      }
    };
    return {
      store,
      location: file,
      exec: async (sql) => withDb((db) => void db.exec(sql)),
      dump: async () => withDb((db) => Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]))),
      close: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
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
      const url = await cluster.createDatabase('store');
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
    },
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
