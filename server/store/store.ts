/**
 * The storage interface of the reference backend: everything the HTTP layer, the seed loader and
 * the scheduler need, and nothing SQLite-specific. Two implementations: ./sqlite-store.ts (one
 * file, embedded, the default) and ./pg-store.ts (PostgreSQL, DATABASE_URL, several instances);
 * ./store.test.ts runs the same tests on both. A new method needs both, and a migration in
 * ./migrations.ts and ./pg-migrations.ts when it adds a column.
 *
 * Secrets never cross this interface in clear: tokens and the app secret are {@link Sealed}
 * (AES-256-GCM, see ../crypto.ts) with a keyed fingerprint for change detection, and admin tokens
 * only as SHA-256 hashes. Read models used by the API (WorkspaceView, ConnectionView) carry no
 * secret at all, so a route cannot leak one by accident.
 */
import type { Connection, FlowReportParsed, HistoryEntry, ProblemCode, ConnectionStatus } from '../../lib/contract';
import type { Sealed } from '../crypto';

/** A connection's health as last checked: the contract's Connection minus its product ids. */
export type ConnectionState = Omit<Connection, 'id' | 'kind'>;

export type ConnectionKind = Connection['kind'];

export interface AppSettings {
  appId: string;
  appSecret: Sealed;
  configId: string | null;
  graphApiBaseUrl: string | null;
  graphApiVersion: string | null;
}

export interface AdminRecord {
  id: string;
  name: string;
}

export interface ExpectedWaba {
  id: string;
  name: string;
}

export interface WorkspaceRecord {
  id: string;
  name: string;
  reconnectUrl: string;
  businessId: string | null;
  businessName: string | null;
  expectedWabas: ExpectedWaba[];
}

/** A connection as the API may show it: no token, only the last check (null: never checked). */
export interface ConnectionView {
  id: string;
  workspaceId: string;
  kind: ConnectionKind;
  state: ConnectionState | null;
}

export interface WorkspaceView extends WorkspaceRecord {
  connections: ConnectionView[];
}

/** What applying a seed writes, already hashed/sealed by ../seed.ts. */
export interface SeedRecords {
  app: AppSettings & { appSecretFingerprint: string };
  admins: { id: string; tokenHash: string; name: string; workspaceIds: string[] }[];
  workspaces: (WorkspaceRecord & {
    connections: { id: string; kind: ConnectionKind; accessToken: Sealed; tokenFingerprint: string }[];
  })[];
}

export interface SeedChanges {
  /** Rows inserted, updated or deleted; 0 when the seed was already applied. */
  changed: number;
}

export interface TransitionRecord {
  id: string;
  at: string;
  from: ConnectionStatus;
  to: ConnectionStatus;
  problems: ProblemCode[];
  trigger: string;
}

export interface Store {
  /** Idempotent: applying the same seed twice changes nothing (returns `changed: 0`). */
  applySeed(seed: SeedRecords): Promise<SeedChanges>;
  getAppSettings(): Promise<AppSettings | null>;
  /** Internal key/value settings (e.g. the encryption key check value). */
  getSetting(name: string): Promise<string | null>;
  setSetting(name: string, value: string): Promise<void>;

  findAdminByTokenHash(tokenHash: string): Promise<AdminRecord | null>;
  /** Workspaces this admin administers, ordered by id. */
  listWorkspaces(adminId: string): Promise<WorkspaceView[]>;
  /** Null when the workspace does not exist *or* belongs to another admin (the API answers 404). */
  getWorkspace(adminId: string, workspaceId: string): Promise<WorkspaceView | null>;

  /** Every connection with its workspace, for the scheduler. */
  listAllConnections(): Promise<(ConnectionView & { workspace: WorkspaceRecord })[]>;
  getConnection(connectionId: string): Promise<(ConnectionView & { workspace: WorkspaceRecord }) | null>;
  /** The sealed token of one connection; only the check runner asks for it. */
  getConnectionToken(connectionId: string): Promise<Sealed | null>;
  /** Stores a check's result and, when the status changed, its transition (atomically). */
  saveCheck(connectionId: string, state: ConnectionState, transition: TransitionRecord | null): Promise<void>;

  addFlowReport(entry: { id: string; receivedAt: string; report: FlowReportParsed }): Promise<void>;
  /** Transitions and flow reports of one workspace, newest first. */
  listHistory(workspaceId: string, limit: number): Promise<HistoryEntry[]>;

  close(): Promise<void>;
}
