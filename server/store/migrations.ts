/**
 * Versioned schema migrations of the SQLite store. Each migration runs once, in a transaction,
 * and is recorded in `schema_migrations`; a database written by a newer version of the server
 * (a version this list does not know) is refused rather than misread.
 * Append new migrations; never edit one that has shipped.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE settings (
        name  TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE admins (
        id         TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,  -- sha-256 of the bearer token, hex
        name       TEXT NOT NULL
      ) STRICT;

      CREATE TABLE workspaces (
        id             TEXT PRIMARY KEY,
        name           TEXT NOT NULL,
        reconnect_url  TEXT NOT NULL,
        business_id    TEXT,
        business_name  TEXT,
        expected_wabas TEXT NOT NULL      -- JSON [{id, name}]
      ) STRICT;

      CREATE TABLE admin_workspaces (
        admin_id     TEXT NOT NULL REFERENCES admins(id) ON DELETE CASCADE,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        PRIMARY KEY (admin_id, workspace_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE connections (
        id                TEXT PRIMARY KEY,
        workspace_id      TEXT NOT NULL REFERENCES workspaces(id),
        kind              TEXT NOT NULL CHECK (kind IN ('whatsapp', 'catalog')),
        token_sealed      TEXT NOT NULL,  -- AES-256-GCM, see server/crypto.ts
        token_fingerprint TEXT NOT NULL,  -- keyed HMAC, detects a changed token without decrypting
        state             TEXT,           -- JSON of the last check; NULL: never checked
        status            TEXT NOT NULL DEFAULT 'unknown',
        last_checked_at   TEXT
      ) STRICT;
      CREATE INDEX connections_by_workspace ON connections(workspace_id);

      CREATE TABLE history (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        id            TEXT NOT NULL UNIQUE,
        workspace_id  TEXT NOT NULL REFERENCES workspaces(id),
        at            TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('transition', 'flow-report')),
        connection_id TEXT,
        payload       TEXT NOT NULL       -- JSON, validated against the contract when read
      ) STRICT;
      CREATE INDEX history_by_workspace ON history(workspace_id, seq DESC);
    `,
  },
  {
    version: 2,
    name: 'token times and single-use keys',
    sql: `
      ALTER TABLE connections ADD COLUMN token_updated_at TEXT;        -- when a new token was stored; NULL: unknown
      ALTER TABLE connections ADD COLUMN seed_token_fingerprint TEXT;  -- the last token value the seed brought
      ALTER TABLE connections ADD COLUMN seed_token_at TEXT;           -- and its time (seed-given or first load)
      UPDATE connections SET seed_token_fingerprint = token_fingerprint;

      CREATE TABLE used_once (
        key        TEXT PRIMARY KEY,
        expires_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX used_once_by_expiry ON used_once(expires_at);
    `,
  },
  {
    version: 3,
    name: 'webhook routing index: expected WABAs and businesses',
    // A webhook names a WABA or a business: find its workspaces by index, not by reading every
    // workspace's JSON. The JSON column stays the source of truth; this table mirrors it (the
    // store rewrites a workspace's rows whenever it writes the workspace). Backfilled from the
    // JSON of existing rows; a row whose JSON is damaged simply gets no index rows (it matched
    // nothing before either).
    sql: `
      CREATE TABLE workspace_wabas (
        waba_id      TEXT NOT NULL,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        PRIMARY KEY (waba_id, workspace_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX workspace_wabas_by_workspace ON workspace_wabas(workspace_id);
      CREATE INDEX workspaces_by_business ON workspaces(business_id);

      INSERT OR IGNORE INTO workspace_wabas (waba_id, workspace_id)
        SELECT json_extract(e.value, '$.id'), w.id
          FROM workspaces w, json_each(CASE WHEN json_valid(w.expected_wabas) AND json_type(w.expected_wabas) = 'array' THEN w.expected_wabas ELSE '[]' END) AS e
         WHERE json_type(e.value) = 'object' AND json_type(e.value, '$.id') = 'text';
    `,
  },
];

/** Applies every migration not yet applied (or only those up to `upTo`: a database as an older version left it). */
export function migrate(db: Database, now: () => string = () => new Date().toISOString(), upTo = Infinity): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const done = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version),
  );
  const known = new Set(migrations.map((m) => m.version));
  const unknown = [...done].filter((version) => !known.has(version));
  if (unknown.length > 0) {
    throw new Error(
      `the database has schema version(s) ${unknown.join(', ')} that this server does not know: it was written by a newer version`,
    );
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version) || migration.version > upTo) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        now(),
      );
    })();
    applied.push(migration.version);
  }
  return { applied };
}
