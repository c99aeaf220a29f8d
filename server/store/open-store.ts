/**
 * Store selection: DATABASE_URL=postgres://… opens ./pg-store.ts (several instances on one
 * database), otherwise the SQLite file (./sqlite-store.ts, the embedded default). Both migrate
 * their schema on open.
 */
import { PgStore } from './pg-store';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';

export async function openStore(options: { databaseUrl: string | null; sqliteFile: string | null }): Promise<Store> {
  if (options.databaseUrl) return PgStore.open(options.databaseUrl);
  if (!options.sqliteFile) throw new Error('no database: give --db FILE or DATABASE_URL');
  return SqliteStore.open(options.sqliteFile);
}
