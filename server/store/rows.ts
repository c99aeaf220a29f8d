/**
 * Row shapes shared by both stores (./sqlite-store.ts, ./pg-store.ts) and their validation: JSON
 * columns are checked against the contract when read, so a row that no longer fits (hand-edited,
 * or written by a buggy version) reads as "never checked" / is skipped and never reaches the API.
 */
import { z } from 'zod';
import { Connection, FlowReport, HistoryEntry } from '../../lib/contract';
import type { Sealed } from '../crypto';
import type { AppSettings, ConnectionState, ConnectionView, SeedRecords, WorkspaceRecord } from './store';

export const StoredState = Connection.omit({ id: true, kind: true });
const StoredWabas = z.array(z.object({ id: z.string(), name: z.string() }));
export const StoredApp = z.object({
  appId: z.string(),
  appSecret: z.string(),
  appSecretFingerprint: z.string(),
  configId: z.string().nullable(),
  configTokenType: z.enum(['system-user', 'user']).default('system-user'),
  graphApiBaseUrl: z.string().nullable(),
  graphApiVersion: z.string().nullable(),
});
export type StoredAppRow = z.infer<typeof StoredApp>;

/** A seed load rewrites the stored app only when something other than the secret's IV differs. */
export function appChanged(current: StoredAppRow | null, next: SeedRecords['app']): boolean {
  return (
    !current ||
    current.appId !== next.appId ||
    current.appSecretFingerprint !== next.appSecretFingerprint ||
    current.configId !== next.configId ||
    current.configTokenType !== next.configTokenType ||
    current.graphApiBaseUrl !== next.graphApiBaseUrl ||
    current.graphApiVersion !== next.graphApiVersion
  );
}

/** The stored app as the Store hands it out: the secret stays sealed. */
export function appSettingsOf(app: StoredAppRow): AppSettings {
  return {
    appId: app.appId,
    appSecret: app.appSecret as Sealed,
    configId: app.configId,
    configTokenType: app.configTokenType,
    graphApiBaseUrl: app.graphApiBaseUrl,
    graphApiVersion: app.graphApiVersion,
  };
}

const TransitionPayload = z.object({
  from: z.string(),
  to: z.string(),
  problems: z.array(z.string()),
  trigger: z.string(),
});
const FlowReportPayload = z.object({ report: FlowReport });

export interface WorkspaceRow {
  id: string;
  name: string;
  reconnect_url: string;
  business_id: string | null;
  business_name: string | null;
  expected_wabas: string;
}
export interface ConnectionRow {
  id: string;
  workspace_id: string;
  kind: 'whatsapp' | 'catalog';
  token_sealed: string;
  token_fingerprint: string;
  state: string | null;
  token_updated_at: string | null;
  seed_token_fingerprint: string | null;
  seed_token_at: string | null;
}

/** The token columns a seed load writes for an existing connection (the rule of Store.applySeed). */
export interface SeedTokenUpdate {
  /** Something differs from the stored row: write `sealed`…`seedAt`. */
  changed: boolean;
  sealed: string;
  fingerprint: string;
  at: string | null;
  seedFingerprint: string;
  seedAt: string;
}

/**
 * Both stores' one token rule for a seed load (see Store.applySeed): the seed token's time is its
 * own, else the load that first brought this value; the newer token wins (equal times: the
 * seed's), so reloading a seed never undoes a reconnect.
 */
export function seedTokenUpdate(
  existing: Pick<ConnectionRow, 'workspace_id' | 'kind' | 'token_sealed' | 'token_fingerprint' | 'token_updated_at' | 'seed_token_fingerprint' | 'seed_token_at'>,
  seed: { workspaceId: string; kind: string; accessToken: string; tokenFingerprint: string; tokenUpdatedAt: string | null },
  loadedAt: string,
): SeedTokenUpdate {
  const sameSeedToken = existing.seed_token_fingerprint === seed.tokenFingerprint;
  const seedAt = seed.tokenUpdatedAt ?? (sameSeedToken && existing.seed_token_at ? existing.seed_token_at : loadedAt);
  const seedWins =
    existing.token_fingerprint !== seed.tokenFingerprint &&
    (existing.token_updated_at === null || Date.parse(seedAt) >= Date.parse(existing.token_updated_at));
  const next = seedWins
    ? { sealed: seed.accessToken, fingerprint: seed.tokenFingerprint, at: seedAt }
    : { sealed: existing.token_sealed, fingerprint: existing.token_fingerprint, at: existing.token_updated_at };
  const changed = existing.workspace_id !== seed.workspaceId || existing.kind !== seed.kind || seedWins || !sameSeedToken || existing.seed_token_at !== seedAt;
  return { changed, ...next, seedFingerprint: seed.tokenFingerprint, seedAt };
}
export interface HistoryRow {
  id: string;
  at: string;
  kind: string;
  connection_id: string | null;
  payload: string;
}

export function workspaceRecord(row: WorkspaceRow): WorkspaceRecord {
  const wabas = StoredWabas.safeParse(safeJson(row.expected_wabas));
  return {
    id: row.id,
    name: row.name,
    reconnectUrl: row.reconnect_url,
    businessId: row.business_id,
    businessName: row.business_name,
    expectedWabas: wabas.success ? wabas.data : [],
  };
}

export function connectionView(row: ConnectionRow): ConnectionView {
  let state: ConnectionState | null = null;
  if (row.state !== null) {
    const parsed = StoredState.safeParse(safeJson(row.state));
    state = parsed.success ? parsed.data : null;
  }
  return { id: row.id, workspaceId: row.workspace_id, kind: row.kind, state, tokenUpdatedAt: row.token_updated_at ?? null };
}

/** History rows (newest first) to contract entries; a row that does not fit is skipped. */
export function historyEntries(rows: HistoryRow[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const row of rows) {
    const payload = (row.kind === 'transition' ? TransitionPayload : FlowReportPayload).safeParse(safeJson(row.payload));
    if (!payload.success) continue;
    const entry = HistoryEntry.safeParse({
      kind: row.kind,
      id: row.id,
      at: row.at,
      ...(row.kind === 'transition' ? { connectionId: row.connection_id } : {}),
      ...payload.data,
    });
    if (entry.success) entries.push(entry.data);
  }
  return entries;
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
