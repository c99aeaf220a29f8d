/**
 * The stores a whole-stack test (backend process + simulator) runs on: SQLite always, and a
 * database on a throwaway PostgreSQL cluster when installed (required under CI=true).
 */
import { postgresUnavailableReason, startPgCluster, type PgCluster } from './pg-cluster';

export interface StackStore {
  name: 'sqlite' | 'postgres';
  /** undefined: SQLite (the harness's temp file). */
  databaseUrl(): Promise<string | undefined>;
  teardown(): Promise<void>;
}

export function stackStores(): StackStore[] {
  const sqlite: StackStore = { name: 'sqlite', databaseUrl: async () => undefined, teardown: async () => {} };
  const reason = postgresUnavailableReason();
  if (reason) {
    process.stderr.write(`PostgreSQL stack tests skipped: ${reason}\n`);
    return [sqlite];
  }
  let cluster: PgCluster | null = null;
  return [
    sqlite,
    {
      name: 'postgres',
      async databaseUrl() {
        cluster ??= await startPgCluster();
        return cluster.createDatabase('stack');
      },
      async teardown() {
        await cluster?.stop();
        cluster = null;
      },
    },
  ];
}
