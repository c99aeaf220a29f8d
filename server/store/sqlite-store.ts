/**
 * The embedded implementation of ./store.ts: one SQLite file (better-sqlite3), created on first
 * start, WAL journal (readers never wait for the scheduler's writes), foreign keys on, schema
 * from ./migrations.ts. JSON columns are validated against the contract when read: a row that
 * no longer fits (hand-edited, or written by a buggy version) reads as "never checked" / is
 * skipped, so it can never reach the API as an invalid answer.
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { FlowReport, HistoryEntry } from '../../lib/contract';
import type { Sealed } from '../crypto';
import { migrate } from './migrations';
import { appChanged, appSettingsOf, connectionView, historyEntries, seedTokenUpdate, StoredApp, workspaceRecord, type ConnectionRow, type HistoryRow, type WorkspaceRow } from './rows';
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

/**
 * The database holds sealed tokens and the sealed app secret: only its owner may read it. SQLite
 * creates the `-wal` and `-shm` files with the database file's permissions, so creating (or
 * tightening) the main file as 0600 covers all three; existing ones are tightened too.
 */
function ownerOnly(file: string): void {
  if (process.platform === 'win32') return;
  try {
    writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  for (const name of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(name) && (statSync(name).mode & 0o077) !== 0) chmodSync(name, 0o600);
  }
}

export class SqliteStore implements Store {
  readonly #db: Database.Database;

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  static open(file: string): SqliteStore {
    if (file !== ':memory:') {
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      ownerOnly(file);
    }
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new SqliteStore(db);
  }

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  async applySeed(seed: SeedRecords): Promise<SeedChanges> {
    const db = this.#db;
    let changed = 0;
    db.transaction(() => {
      // App settings: rewritten only when something other than the IV differs.
      const currentApp = this.#readApp();
      const nextApp = seed.app;
      if (appChanged(currentApp, nextApp)) {
        this.#writeSetting('app', JSON.stringify(nextApp));
        changed++;
      }

      for (const ws of seed.workspaces) {
        const row = db.prepare('SELECT * FROM workspaces WHERE id = ?').get(ws.id) as WorkspaceRow | undefined;
        const wabas = JSON.stringify(ws.expectedWabas);
        if (!row) {
          db.prepare(
            'INSERT INTO workspaces (id, name, reconnect_url, business_id, business_name, expected_wabas) VALUES (?, ?, ?, ?, ?, ?)',
          ).run(ws.id, ws.name, ws.reconnectUrl, ws.businessId, ws.businessName, wabas);
          this.#indexWabas(ws.id, ws.expectedWabas);
          changed++;
        } else if (
          row.name !== ws.name ||
          row.reconnect_url !== ws.reconnectUrl ||
          row.business_id !== ws.businessId ||
          row.business_name !== ws.businessName ||
          row.expected_wabas !== wabas
        ) {
          db.prepare(
            'UPDATE workspaces SET name = ?, reconnect_url = ?, business_id = ?, business_name = ?, expected_wabas = ? WHERE id = ?',
          ).run(ws.name, ws.reconnectUrl, ws.businessId, ws.businessName, wabas, ws.id);
          if (row.expected_wabas !== wabas) this.#indexWabas(ws.id, ws.expectedWabas);
          changed++;
        }
        for (const conn of ws.connections) {
          const existing = db.prepare('SELECT * FROM connections WHERE id = ?').get(conn.id) as ConnectionRow | undefined;
          if (!existing) {
            const at = conn.tokenUpdatedAt ?? seed.loadedAt;
            db.prepare(
              `INSERT INTO connections (id, workspace_id, kind, token_sealed, token_fingerprint, token_updated_at, seed_token_fingerprint, seed_token_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            ).run(conn.id, ws.id, conn.kind, conn.accessToken, conn.tokenFingerprint, at, conn.tokenFingerprint, at);
            changed++;
            continue;
          }
          const next = seedTokenUpdate(existing, { ...conn, workspaceId: ws.id }, seed.loadedAt);
          if (next.changed) {
            // A new token keeps the last known state (no flash of "unknown"); the start-up check
            // re-verifies it within seconds.
            db.prepare(
              `UPDATE connections SET workspace_id = ?, kind = ?, token_sealed = ?, token_fingerprint = ?, token_updated_at = ?,
                 seed_token_fingerprint = ?, seed_token_at = ? WHERE id = ?`,
            ).run(ws.id, conn.kind, next.sealed, next.fingerprint, next.at, next.seedFingerprint, next.seedAt, conn.id);
            changed++;
          }
        }
      }

      // Admins are defined by the seed alone: one that left the seed loses access (its token stops
      // working), so rotating a token in the seed revokes the old one.
      const wanted = new Map(seed.admins.map((admin) => [admin.id, admin]));
      const existingAdmins = db.prepare('SELECT id, token_hash, name FROM admins').all() as {
        id: string;
        token_hash: string;
        name: string;
      }[];
      for (const admin of existingAdmins) {
        if (!wanted.has(admin.id)) {
          db.prepare('DELETE FROM admins WHERE id = ?').run(admin.id);
          changed++;
        }
      }
      for (const admin of seed.admins) {
        const existing = existingAdmins.find((row) => row.id === admin.id);
        if (!existing) {
          db.prepare('INSERT INTO admins (id, token_hash, name) VALUES (?, ?, ?)').run(admin.id, admin.tokenHash, admin.name);
          changed++;
        } else if (existing.name !== admin.name || existing.token_hash !== admin.tokenHash) {
          db.prepare('UPDATE admins SET name = ?, token_hash = ? WHERE id = ?').run(admin.name, admin.tokenHash, admin.id);
          changed++;
        }
        const current = new Set(
          (db.prepare('SELECT workspace_id FROM admin_workspaces WHERE admin_id = ?').all(admin.id) as { workspace_id: string }[]).map(
            (row) => row.workspace_id,
          ),
        );
        const next = new Set(admin.workspaceIds);
        for (const id of current) {
          if (!next.has(id)) {
            db.prepare('DELETE FROM admin_workspaces WHERE admin_id = ? AND workspace_id = ?').run(admin.id, id);
            changed++;
          }
        }
        for (const id of next) {
          if (!current.has(id)) {
            db.prepare('INSERT INTO admin_workspaces (admin_id, workspace_id) VALUES (?, ?)').run(admin.id, id);
            changed++;
          }
        }
      }
    })();
    return { changed };
  }

  async getAppSettings(): Promise<AppSettings | null> {
    const app = this.#readApp();
    if (!app) return null;
    return appSettingsOf(app);
  }

  async getSetting(name: string): Promise<string | null> {
    const row = this.#db.prepare('SELECT value FROM settings WHERE name = ?').get(name) as { value: string } | undefined;
    return row?.value ?? null;
  }

  async setSetting(name: string, value: string): Promise<void> {
    this.#writeSetting(name, value);
  }

  async findAdminByTokenHash(tokenHash: string): Promise<AdminRecord | null> {
    const row = this.#db.prepare('SELECT id, name FROM admins WHERE token_hash = ?').get(tokenHash) as AdminRecord | undefined;
    return row ?? null;
  }

  async listWorkspaces(adminId: string): Promise<WorkspaceView[]> {
    const rows = this.#db
      .prepare(
        `SELECT w.* FROM workspaces w JOIN admin_workspaces aw ON aw.workspace_id = w.id
         WHERE aw.admin_id = ? ORDER BY w.id`,
      )
      .all(adminId) as WorkspaceRow[];
    return rows.map((row) => this.#workspaceView(row));
  }

  async getWorkspace(adminId: string, workspaceId: string): Promise<WorkspaceView | null> {
    const row = this.#db
      .prepare(
        `SELECT w.* FROM workspaces w JOIN admin_workspaces aw ON aw.workspace_id = w.id
         WHERE aw.admin_id = ? AND w.id = ?`,
      )
      .get(adminId, workspaceId) as WorkspaceRow | undefined;
    return row ? this.#workspaceView(row) : null;
  }

  async listAllConnections(): Promise<(ConnectionView & { workspace: WorkspaceRecord })[]> {
    const rows = this.#db.prepare('SELECT * FROM connections ORDER BY id').all() as ConnectionRow[];
    return rows.map((row) => this.#connectionWithWorkspace(row));
  }

  async findConnectionsFor(targets: { wabaIds: readonly string[]; businessIds: readonly string[] }): Promise<string[]> {
    if (targets.wabaIds.length === 0 && targets.businessIds.length === 0) return [];
    // Both halves go through an index (workspaces_by_business, workspace_wabas' key), then
    // connections_by_workspace: the work grows with the matches, not with the workspaces.
    const rows = this.#db
      .prepare(
        `SELECT c.id FROM workspaces w JOIN connections c ON c.workspace_id = w.id
          WHERE w.business_id IN (SELECT value FROM json_each(?))
         UNION
         SELECT c.id FROM workspace_wabas ww JOIN connections c ON c.workspace_id = ww.workspace_id
          WHERE ww.waba_id IN (SELECT value FROM json_each(?)) AND c.kind = 'whatsapp'
         ORDER BY 1`,
      )
      .all(JSON.stringify(targets.businessIds), JSON.stringify(targets.wabaIds)) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** Mirrors a workspace's expected WABAs into workspace_wabas (inside the seed's transaction). */
  #indexWabas(workspaceId: string, wabas: readonly { id: string }[]): void {
    this.#db.prepare('DELETE FROM workspace_wabas WHERE workspace_id = ?').run(workspaceId);
    const insert = this.#db.prepare('INSERT OR IGNORE INTO workspace_wabas (waba_id, workspace_id) VALUES (?, ?)');
    for (const waba of wabas) insert.run(waba.id, workspaceId);
  }

  async getConnection(connectionId: string): Promise<(ConnectionView & { workspace: WorkspaceRecord }) | null> {
    const row = this.#db.prepare('SELECT * FROM connections WHERE id = ?').get(connectionId) as ConnectionRow | undefined;
    return row ? this.#connectionWithWorkspace(row) : null;
  }

  async getConnectionToken(connectionId: string): Promise<Sealed | null> {
    const row = this.#db.prepare('SELECT token_sealed FROM connections WHERE id = ?').get(connectionId) as
      | { token_sealed: string }
      | undefined;
    return (row?.token_sealed as Sealed | undefined) ?? null;
  }

  async replaceConnectionToken(connectionId: string, token: Sealed, tokenFingerprint: string, updatedAt: string): Promise<boolean> {
    const result = this.#db
      .prepare('UPDATE connections SET token_sealed = ?, token_fingerprint = ?, token_updated_at = ? WHERE id = ?')
      .run(token, tokenFingerprint, updatedAt, connectionId);
    return result.changes === 1;
  }

  async claimOnce(key: string, expiresAt: string): Promise<boolean> {
    const db = this.#db;
    return db.transaction(() => {
      db.prepare('DELETE FROM used_once WHERE expires_at < ?').run(new Date().toISOString());
      return db.prepare('INSERT INTO used_once (key, expires_at) VALUES (?, ?) ON CONFLICT(key) DO NOTHING').run(key, expiresAt).changes === 1;
    })();
  }

  async saveCheck(connectionId: string, state: ConnectionState, transition: TransitionRecord | null): Promise<void> {
    const db = this.#db;
    db.transaction(() => {
      const row = db.prepare('SELECT workspace_id FROM connections WHERE id = ?').get(connectionId) as
        | { workspace_id: string }
        | undefined;
      if (!row) return; // removed meanwhile: nothing to record
      db.prepare('UPDATE connections SET state = ?, status = ?, last_checked_at = ? WHERE id = ?').run(
        JSON.stringify(state),
        state.status,
        state.lastCheckedAt,
        connectionId,
      );
      if (transition) {
        db.prepare(
          'INSERT INTO history (id, workspace_id, at, kind, connection_id, payload) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(
          transition.id,
          row.workspace_id,
          transition.at,
          'transition',
          connectionId,
          JSON.stringify({ from: transition.from, to: transition.to, problems: transition.problems, trigger: transition.trigger }),
        );
      }
    })();
  }

  async addFlowReport(entry: { id: string; receivedAt: string; report: z.output<typeof FlowReport> }): Promise<void> {
    this.#db
      .prepare('INSERT INTO history (id, workspace_id, at, kind, connection_id, payload) VALUES (?, ?, ?, ?, NULL, ?)')
      .run(entry.id, entry.report.workspaceId, entry.receivedAt, 'flow-report', JSON.stringify({ report: entry.report }));
  }

  async listHistory(workspaceId: string, limit: number): Promise<HistoryEntry[]> {
    const rows = this.#db
      .prepare('SELECT id, at, kind, connection_id, payload FROM history WHERE workspace_id = ? ORDER BY seq DESC LIMIT ?')
      .all(workspaceId, limit) as HistoryRow[];
    return historyEntries(rows);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  #readApp(): z.infer<typeof StoredApp> | null {
    const raw = this.#db.prepare("SELECT value FROM settings WHERE name = 'app'").get() as { value: string } | undefined;
    if (!raw) return null;
    const parsed = StoredApp.safeParse(JSON.parse(raw.value));
    return parsed.success ? parsed.data : null;
  }

  #writeSetting(name: string, value: string): void {
    this.#db
      .prepare('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value')
      .run(name, value);
  }

  #workspaceView(row: WorkspaceRow): WorkspaceView {
    const connections = this.#db
      .prepare('SELECT * FROM connections WHERE workspace_id = ? ORDER BY id')
      .all(row.id) as ConnectionRow[];
    return { ...workspaceRecord(row), connections: connections.map((conn) => connectionView(conn)) };
  }

  #connectionWithWorkspace(row: ConnectionRow): ConnectionView & { workspace: WorkspaceRecord } {
    const ws = this.#db.prepare('SELECT * FROM workspaces WHERE id = ?').get(row.workspace_id) as WorkspaceRow;
    return { ...connectionView(row), workspace: workspaceRecord(ws) };
  }
}
