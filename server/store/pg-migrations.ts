/**
 * Versioned schema migrations of the PostgreSQL store (./pg-store.ts): the same tables as the
 * SQLite schema (./migrations.ts), in PostgreSQL's types. Each migration runs once, in a
 * transaction holding an advisory lock (several instances starting together migrate once), and is
 * recorded in `schema_migrations`; a database written by a newer version is refused.
 * Append new migrations; never edit one that has shipped.
 */
import type { Pool, PoolClient } from 'pg';
import type { Migration } from './migrations';

/** Any constant: serialises migrations between instances (pg_advisory_xact_lock). */
const MIGRATION_LOCK = 7_301_114;

export const pgMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE settings (
        name  TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE admins (
        id         TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL
      );

      CREATE TABLE workspaces (
        id             TEXT PRIMARY KEY,
        name           TEXT NOT NULL,
        reconnect_url  TEXT NOT NULL,
        business_id    TEXT,
        business_name  TEXT,
        expected_wabas TEXT NOT NULL
      );
      CREATE INDEX workspaces_by_business ON workspaces(business_id);

      CREATE TABLE admin_workspaces (
        admin_id     TEXT NOT NULL REFERENCES admins(id) ON DELETE CASCADE,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        PRIMARY KEY (admin_id, workspace_id)
      );

      CREATE TABLE connections (
        id                TEXT PRIMARY KEY,
        workspace_id      TEXT NOT NULL REFERENCES workspaces(id),
        kind              TEXT NOT NULL CHECK (kind IN ('whatsapp', 'catalog')),
        token_sealed      TEXT NOT NULL,
        token_fingerprint TEXT NOT NULL,
        state             TEXT,
        status            TEXT NOT NULL DEFAULT 'unknown',
        last_checked_at   TEXT
      );
      CREATE INDEX connections_by_workspace ON connections(workspace_id);

      CREATE TABLE history (
        seq           BIGSERIAL PRIMARY KEY,
        id            TEXT NOT NULL UNIQUE,
        workspace_id  TEXT NOT NULL REFERENCES workspaces(id),
        at            TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('transition', 'flow-report')),
        connection_id TEXT,
        payload       TEXT NOT NULL
      );
      CREATE INDEX history_by_workspace ON history(workspace_id, seq DESC);
    `,
  },
  {
    version: 2,
    name: 'token times and single-use keys',
    sql: `
      ALTER TABLE connections ADD COLUMN token_updated_at TEXT;
      ALTER TABLE connections ADD COLUMN seed_token_fingerprint TEXT;
      ALTER TABLE connections ADD COLUMN seed_token_at TEXT;
      UPDATE connections SET seed_token_fingerprint = token_fingerprint;
      CREATE TABLE used_once (
        key        TEXT PRIMARY KEY,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX used_once_by_expiry ON used_once (expires_at);
    `,
  },
  {
    version: 3,
    name: 'check leases and shared back-offs (job queue, several instances)',
    sql: `
      CREATE TABLE check_leases (
        connection_id TEXT PRIMARY KEY,
        holder        TEXT NOT NULL,
        expires_at    TIMESTAMPTZ NOT NULL
      );
      CREATE TABLE check_backoffs (
        scope TEXT PRIMARY KEY,
        until TIMESTAMPTZ NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'webhook routing index: expected WABAs',
    // As SQLite's version 3 (./migrations.ts): a mirror of each workspace's expected WABAs, kept by
    // the store, backfilled here. A workspace whose JSON does not parse gets no rows (the cast is
    // tried per row, so one damaged row cannot stop the migration).
    sql: `
      CREATE TABLE workspace_wabas (
        waba_id      TEXT NOT NULL,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        PRIMARY KEY (waba_id, workspace_id)
      );
      CREATE INDEX workspace_wabas_by_workspace ON workspace_wabas(workspace_id);

      DO $$
      DECLARE
        r record;
        wabas jsonb;
      BEGIN
        FOR r IN SELECT id, expected_wabas FROM workspaces LOOP
          BEGIN
            wabas := r.expected_wabas::jsonb;
          EXCEPTION WHEN others THEN
            wabas := NULL;
          END;
          IF jsonb_typeof(wabas) = 'array' THEN
            INSERT INTO workspace_wabas (waba_id, workspace_id)
              SELECT e->>'id', r.id FROM jsonb_array_elements(wabas) AS e
               WHERE jsonb_typeof(e) = 'object' AND jsonb_typeof(e->'id') = 'string'
              ON CONFLICT DO NOTHING;
          END IF;
        END LOOP;
      END
      $$;
    `,
  },
];

/** Applies every migration not yet applied (or only those up to `upTo`: a database as an older version left it). */
export async function migratePg(pool: Pool, now: () => string = () => new Date().toISOString(), upTo = Infinity): Promise<{ applied: number[] }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const known = new Set(pgMigrations.map((m) => m.version));
    const unknown = [...done].filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new Error(`the database has schema version(s) ${unknown.join(', ')} that this server does not know: it was written by a newer version`);
    }
    const applied: number[] = [];
    for (const migration of pgMigrations) {
      if (done.has(migration.version) || migration.version > upTo) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, now()]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return { applied };
  } catch (error) {
    await rollback(client);
    throw error;
  } finally {
    client.release();
  }
}

async function rollback(client: PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
  } catch {
    // the connection is broken; release() discards it
  }
}
