/**
 * The PostgreSQL implementation of ./store.ts, for several backend instances on one database
 * (selected with DATABASE_URL=postgres://…; see ../main.ts). Same tables, same sealed secrets and
 * same seed rules as ./sqlite-store.ts; schema from ./pg-migrations.ts. One SQL statement per
 * method where possible (the seed is one transaction), so adding a method is adding a query.
 */
import pg from 'pg';
import type { FlowReport, HistoryEntry } from '../../lib/contract';
import type { z } from 'zod';
import type { Sealed } from '../crypto';
import { migratePg } from './pg-migrations';
import { appChanged, appSettingsOf, connectionView, historyEntries, safeJson, seedTokenUpdate, StoredApp, workspaceRecord, type ConnectionRow, type HistoryRow, type WorkspaceRow } from './rows';
import type {
  AdminRecord,
  AppSettings,
  ConnectionState,
  ConnectionView,
  SeedChanges,
  SeedRecords,
  Store,
  TransitionRecord,
  WorkspaceRecord,
  WorkspaceView,
} from './store';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** Workspace columns prefixed `w_` next to a connection's own, for one-query joins. */
const JOINED = `c.*, w.id AS w_id, w.name AS w_name, w.reconnect_url AS w_reconnect_url, w.business_id AS w_business_id,
  w.business_name AS w_business_name, w.expected_wabas AS w_expected_wabas`;

type JoinedRow = ConnectionRow & { [K in keyof WorkspaceRow as `w_${K}`]: WorkspaceRow[K] };

export class PgStore implements Store {
  readonly pool: pg.Pool;

  /** Connects and brings the schema up to date (concurrent starts migrate once). */
  static async open(url: string, options: { max?: number } = {}): Promise<PgStore> {
    // A database that does not answer makes a query fail after 10 s (the API answers 503) instead
    // of leaving the request waiting for a connection forever.
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 10_000 });
    // An idle client losing its server connection must not crash the process.
    pool.on('error', () => undefined);
    try {
      await migratePg(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PgStore(pool);
  }

  private constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  async applySeed(seed: SeedRecords): Promise<SeedChanges> {
    const client = await this.pool.connect();
    let changed = 0;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(7301115)');
      const currentApp = await readApp(client);
      const nextApp = seed.app;
      if (appChanged(currentApp, nextApp)) {
        await writeSetting(client, 'app', JSON.stringify(nextApp));
        changed++;
      }
      for (const ws of seed.workspaces) {
        const wabas = JSON.stringify(ws.expectedWabas);
        const res = await client.query(
          `INSERT INTO workspaces (id, name, reconnect_url, business_id, business_name, expected_wabas) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, reconnect_url = excluded.reconnect_url, business_id = excluded.business_id,
             business_name = excluded.business_name, expected_wabas = excluded.expected_wabas
           WHERE (workspaces.name, workspaces.reconnect_url, workspaces.business_id, workspaces.business_name, workspaces.expected_wabas)
             IS DISTINCT FROM (excluded.name, excluded.reconnect_url, excluded.business_id, excluded.business_name, excluded.expected_wabas)`,
          [ws.id, ws.name, ws.reconnectUrl, ws.businessId, ws.businessName, wabas],
        );
        if ((res.rowCount ?? 0) > 0) {
          // Inserted or changed: mirror its expected WABAs into the webhook routing index.
          await client.query('DELETE FROM workspace_wabas WHERE workspace_id = $1', [ws.id]);
          await client.query('INSERT INTO workspace_wabas (waba_id, workspace_id) SELECT DISTINCT unnest($2::text[]), $1::text ON CONFLICT DO NOTHING', [
            ws.id,
            ws.expectedWabas.map((w) => w.id),
          ]);
        }
        changed += res.rowCount ?? 0;
        for (const conn of ws.connections) {
          const { rows: found } = await client.query<ConnectionRow>('SELECT * FROM connections WHERE id = $1 FOR UPDATE', [conn.id]);
          const existing = found[0];
          if (!existing) {
            const at = conn.tokenUpdatedAt ?? seed.loadedAt;
            await client.query(
              `INSERT INTO connections (id, workspace_id, kind, token_sealed, token_fingerprint, token_updated_at, seed_token_fingerprint, seed_token_at)
               VALUES ($1, $2, $3, $4, $5, $6, $5, $6)`,
              [conn.id, ws.id, conn.kind, conn.accessToken, conn.tokenFingerprint, at],
            );
            changed++;
            continue;
          }
          const next = seedTokenUpdate(existing, { ...conn, workspaceId: ws.id }, seed.loadedAt);
          if (next.changed) {
            // A new token keeps the last known state (no flash of "unknown"); the start-up check
            // re-verifies it within seconds.
            await client.query(
              `UPDATE connections SET workspace_id = $2, kind = $3, token_sealed = $4, token_fingerprint = $5, token_updated_at = $6,
                 seed_token_fingerprint = $7, seed_token_at = $8 WHERE id = $1`,
              [conn.id, ws.id, conn.kind, next.sealed, next.fingerprint, next.at, next.seedFingerprint, next.seedAt],
            );
            changed++;
          }
        }
      }
      // Admins are defined by the seed alone: one that left the seed loses access.
      const removed = await client.query('DELETE FROM admins WHERE NOT (id = ANY($1::text[]))', [seed.admins.map((a) => a.id)]);
      changed += removed.rowCount ?? 0;
      for (const admin of seed.admins) {
        const r = await client.query(
          `INSERT INTO admins (id, token_hash, name) VALUES ($1, $2, $3)
           ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, name = excluded.name
           WHERE (admins.token_hash, admins.name) IS DISTINCT FROM (excluded.token_hash, excluded.name)`,
          [admin.id, admin.tokenHash, admin.name],
        );
        changed += r.rowCount ?? 0;
        const gone = await client.query('DELETE FROM admin_workspaces WHERE admin_id = $1 AND NOT (workspace_id = ANY($2::text[]))', [
          admin.id,
          admin.workspaceIds,
        ]);
        changed += gone.rowCount ?? 0;
        const added = await client.query(
          `INSERT INTO admin_workspaces (admin_id, workspace_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
          [admin.id, admin.workspaceIds],
        );
        changed += added.rowCount ?? 0;
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return { changed };
  }

  async getAppSettings(): Promise<AppSettings | null> {
    const app = await readApp(this.pool);
    if (!app) return null;
    return appSettingsOf(app);
  }

  async getSetting(name: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM settings WHERE name = $1', [name]);
    return rows[0]?.value ?? null;
  }

  async setSetting(name: string, value: string): Promise<void> {
    await writeSetting(this.pool, name, value);
  }

  async findAdminByTokenHash(tokenHash: string): Promise<AdminRecord | null> {
    const { rows } = await this.pool.query<AdminRecord>('SELECT id, name FROM admins WHERE token_hash = $1', [tokenHash]);
    return rows[0] ?? null;
  }

  async listWorkspaces(adminId: string): Promise<WorkspaceView[]> {
    return this.#workspaceViews(
      `SELECT w.* FROM workspaces w JOIN admin_workspaces aw ON aw.workspace_id = w.id WHERE aw.admin_id = $1 ORDER BY w.id`,
      [adminId],
    );
  }

  async getWorkspace(adminId: string, workspaceId: string): Promise<WorkspaceView | null> {
    const views = await this.#workspaceViews(
      `SELECT w.* FROM workspaces w JOIN admin_workspaces aw ON aw.workspace_id = w.id WHERE aw.admin_id = $1 AND w.id = $2`,
      [adminId, workspaceId],
    );
    return views[0] ?? null;
  }

  async listAllConnections(): Promise<(ConnectionView & { workspace: WorkspaceRecord })[]> {
    const { rows } = await this.pool.query<JoinedRow>(`SELECT ${JOINED} FROM connections c JOIN workspaces w ON w.id = c.workspace_id ORDER BY c.id`);
    return rows.map(joined);
  }

  async findConnectionsFor(targets: { wabaIds: readonly string[]; businessIds: readonly string[] }): Promise<string[]> {
    if (targets.wabaIds.length === 0 && targets.businessIds.length === 0) return [];
    // Both halves go through an index (workspaces_by_business, workspace_wabas' key), then
    // connections_by_workspace: the work grows with the matches, not with the workspaces.
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT c.id FROM workspaces w JOIN connections c ON c.workspace_id = w.id WHERE w.business_id = ANY($2::text[])
       UNION
       SELECT c.id FROM workspace_wabas ww JOIN connections c ON c.workspace_id = ww.workspace_id
        WHERE ww.waba_id = ANY($1::text[]) AND c.kind = 'whatsapp'
       ORDER BY 1`,
      [[...targets.wabaIds], [...targets.businessIds]],
    );
    return rows.map((r) => r.id);
  }

  async getConnection(connectionId: string): Promise<(ConnectionView & { workspace: WorkspaceRecord }) | null> {
    const { rows } = await this.pool.query<JoinedRow>(
      `SELECT ${JOINED} FROM connections c JOIN workspaces w ON w.id = c.workspace_id WHERE c.id = $1`,
      [connectionId],
    );
    return rows[0] ? joined(rows[0]) : null;
  }

  async getConnectionToken(connectionId: string): Promise<Sealed | null> {
    const { rows } = await this.pool.query<{ token_sealed: string }>('SELECT token_sealed FROM connections WHERE id = $1', [connectionId]);
    return (rows[0]?.token_sealed as Sealed | undefined) ?? null;
  }

  async replaceConnectionToken(connectionId: string, token: Sealed, tokenFingerprint: string, updatedAt: string): Promise<boolean> {
    const result = await this.pool.query('UPDATE connections SET token_sealed = $2, token_fingerprint = $3, token_updated_at = $4 WHERE id = $1', [
      connectionId,
      token,
      tokenFingerprint,
      updatedAt,
    ]);
    return result.rowCount === 1;
  }

  async claimOnce(key: string, expiresAt: string): Promise<boolean> {
    // One statement: expired keys go, and the insert tells whether this key is new, atomically
    // for every instance on the database (the primary key decides a race).
    const { rows } = await this.pool.query<{ inserted: boolean }>(
      `WITH swept AS (DELETE FROM used_once WHERE expires_at < $3),
            ins AS (INSERT INTO used_once (key, expires_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING 1)
       SELECT EXISTS (SELECT 1 FROM ins) AS inserted`,
      [key, expiresAt, new Date().toISOString()],
    );
    return rows[0]?.inserted === true;
  }

  async saveCheck(connectionId: string, state: ConnectionState, transition: TransitionRecord | null): Promise<void> {
    // One statement: the state update and (when the status changed) its history row, atomically.
    await this.pool.query(
      `WITH updated AS (
         UPDATE connections SET state = $2, status = $3, last_checked_at = $4 WHERE id = $1 RETURNING workspace_id
       )
       INSERT INTO history (id, workspace_id, at, kind, connection_id, payload)
       SELECT $5, workspace_id, $6, 'transition', $1, $7 FROM updated WHERE $5::text IS NOT NULL`,
      [
        connectionId,
        JSON.stringify(state),
        state.status,
        state.lastCheckedAt,
        transition?.id ?? null,
        transition?.at ?? null,
        transition ? JSON.stringify({ from: transition.from, to: transition.to, problems: transition.problems, trigger: transition.trigger }) : null,
      ],
    );
  }

  async addFlowReport(entry: { id: string; receivedAt: string; report: z.output<typeof FlowReport> }): Promise<void> {
    await this.pool.query(
      `INSERT INTO history (id, workspace_id, at, kind, connection_id, payload) VALUES ($1, $2, $3, 'flow-report', NULL, $4)`,
      [entry.id, entry.report.workspaceId, entry.receivedAt, JSON.stringify({ report: entry.report })],
    );
  }

  async listHistory(workspaceId: string, limit: number): Promise<HistoryEntry[]> {
    const { rows } = await this.pool.query<HistoryRow>(
      'SELECT id, at, kind, connection_id, payload FROM history WHERE workspace_id = $1 ORDER BY seq DESC LIMIT $2',
      [workspaceId, limit],
    );
    return historyEntries(rows);
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  /** Workspaces and all their connections in two queries (not one per workspace). */
  async #workspaceViews(sql: string, params: unknown[]): Promise<WorkspaceView[]> {
    const { rows } = await this.pool.query<WorkspaceRow>(sql, params);
    if (rows.length === 0) return [];
    const conns = await this.pool.query<ConnectionRow>('SELECT * FROM connections WHERE workspace_id = ANY($1::text[]) ORDER BY id', [
      rows.map((r) => r.id),
    ]);
    const byWorkspace = new Map<string, ConnectionView[]>();
    for (const row of conns.rows) {
      const list = byWorkspace.get(row.workspace_id) ?? [];
      list.push(connectionView(row));
      byWorkspace.set(row.workspace_id, list);
    }
    return rows.map((row) => ({ ...workspaceRecord(row), connections: byWorkspace.get(row.id) ?? [] }));
  }
}

function joined(row: JoinedRow): ConnectionView & { workspace: WorkspaceRecord } {
  return {
    ...connectionView(row),
    workspace: workspaceRecord({
      id: row.w_id,
      name: row.w_name,
      reconnect_url: row.w_reconnect_url,
      business_id: row.w_business_id,
      business_name: row.w_business_name,
      expected_wabas: row.w_expected_wabas,
    }),
  };
}

async function readApp(db: Queryable): Promise<z.infer<typeof StoredApp> | null> {
  const { rows } = await db.query<{ value: string }>("SELECT value FROM settings WHERE name = 'app'");
  if (!rows[0]) return null;
  const parsed = StoredApp.safeParse(safeJson(rows[0].value));
  return parsed.success ? parsed.data : null;
}

async function writeSetting(db: Queryable, name: string, value: string): Promise<void> {
  await db.query('INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [name, value]);
}
