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

/** A connection's health as last checked: the contract's Connection minus its ids and tokenUpdatedAt. */
export type ConnectionState = Omit<Connection, 'id' | 'kind' | 'tokenUpdatedAt'>;

export type ConnectionKind = Connection['kind'];

export interface AppSettings {
  appId: string;
  appSecret: Sealed;
  configId: string | null;
  /**
   * The token the configuration issues: `system-user` (a business integration system user, the
   * usual WhatsApp tech-provider set-up) needs `override_default_response_type=true` on the
   * dialog; `user` must not have it.
   */
  configTokenType: 'system-user' | 'user';
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
  /** When a new token was last stored for this connection (seed or reconnect); null: not known. */
  tokenUpdatedAt: string | null;
}

export interface WorkspaceView extends WorkspaceRecord {
  connections: ConnectionView[];
}

/** What applying a seed writes, already hashed/sealed by ../seed.ts. */
export interface SeedRecords {
  /** When this seed is being applied (ISO-8601): the tokenUpdatedAt of a token the seed brings new. */
  loadedAt: string;
  app: AppSettings & { appSecretFingerprint: string };
  admins: { id: string; tokenHash: string; name: string; workspaceIds: string[] }[];
  workspaces: (WorkspaceRecord & {
    connections: {
      id: string;
      kind: ConnectionKind;
      accessToken: Sealed;
      tokenFingerprint: string;
      /** The seed's own timestamp for this token (ISO-8601), when it gives one. */
      tokenUpdatedAt: string | null;
    }[];
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
  /**
   * Idempotent: applying the same seed twice changes nothing (returns `changed: 0`).
   *
   * Tokens: the newer `tokenUpdatedAt` wins, so reloading a seed never undoes a reconnect. A seed
   * token's time is the seed's own `tokenUpdatedAt` when given; otherwise the `loadedAt` of the
   * load that first brought this token value (remembered with its fingerprint, so reloading an
   * unchanged seed keeps the original time). A seed token replaces the stored one only when its
   * fingerprint differs and its time is later than the stored `tokenUpdatedAt` (or that is null);
   * a new connection is inserted with the seed token and that time.
   */
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
  /**
   * The connections a Meta webhook is about, ordered by id: those of a workspace whose business is
   * one of `businessIds`, and the WhatsApp connections of a workspace expecting one of `wabaIds`.
   */
  findConnectionsFor(targets: { wabaIds: readonly string[]; businessIds: readonly string[] }): Promise<string[]>;
  /** The sealed token of one connection; only the check runner asks for it. */
  getConnectionToken(connectionId: string): Promise<Sealed | null>;
  /**
   * Stores a new token for a connection (a reconnect's code exchange) with its time as
   * `tokenUpdatedAt`; the last check's state stays until the next check. False when there is no
   * such connection (nothing stored).
   */
  replaceConnectionToken(connectionId: string, token: Sealed, tokenFingerprint: string, updatedAt: string): Promise<boolean>;
  /**
   * Records a single-use key (e.g. a reconnect state's nonce): true the first time, false when it
   * was already recorded, atomically across every instance sharing the store. The record must be
   * kept at least until `expiresAt`; entries past it may be deleted.
   */
  claimOnce(key: string, expiresAt: string): Promise<boolean>;
  /** Stores a check's result and, when the status changed, its transition (atomically). */
  saveCheck(connectionId: string, state: ConnectionState, transition: TransitionRecord | null): Promise<void>;

  addFlowReport(entry: { id: string; receivedAt: string; report: FlowReportParsed }): Promise<void>;
  /** Transitions and flow reports of one workspace, newest first. */
  listHistory(workspaceId: string, limit: number): Promise<HistoryEntry[]>;

  close(): Promise<void>;
}
