/**
 * `GET /v1/status` and `POST /v1/workspaces/{id}/checks`: the health of every connection.
 *
 * One connection = one Meta access token held by the product for one workspace. Everything the
 * extension shows about token health comes from here; the extension never sees the token itself.
 * `null` always means "not known" (never checked, or Meta did not say), so the UI can show it as
 * unknown instead of guessing. Exceptions, documented per field: `expiresAt` and
 * `dataAccessExpiresAt` use null for "never expires" once the connection has been checked.
 */
import { z } from 'zod';
import { API_VERSION, HttpsOrLocalUrl, MetaId, ProductId, ScopeName, Text, Timestamp } from './common';

/** The worst-wins order is defined in lib/contract/severity.ts. */
export const ConnectionStatus = z.enum([
  'healthy',
  'expiring',
  'expired',
  'invalid',
  'revoked',
  'missing-scope',
  'missing-waba',
  'not-admin',
  'degraded',
  'unknown',
]);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const TokenType = z.enum(['user', 'system-user', 'business-integration', 'unknown']);
export type TokenType = z.infer<typeof TokenType>;

export const ProblemCode = z.enum([
  'token-expired',
  'token-invalid',
  'token-revoked',
  'token-expiring',
  'data-access-expired',
  'scope-missing',
  'waba-missing',
  'not-admin',
  'waba-health',
  'rate-limited',
  'check-failed',
]);
export type ProblemCode = z.infer<typeof ProblemCode>;

export const Problem = z.object({
  code: ProblemCode,
  message: Text(500),
  hint: Text(500),
  /** The WABA or scope the problem is about, when it is about one. */
  wabaId: MetaId.nullable().default(null),
  scope: ScopeName.nullable().default(null),
});
export type Problem = z.infer<typeof Problem>;

export const ScopeCheck = z.object({
  scope: ScopeName,
  /** Listed in debug_token's `scopes` / `granular_scopes`; null when debug_token was not read. */
  declared: z.boolean().nullable(),
  /** A real Graph call that needs this permission succeeded (true), failed for lack of it (false). */
  proven: z.boolean().nullable(),
  /** E.g. "declared as whatsapp_business_manage_events" when Meta used another name. */
  note: Text(300).nullable().default(null),
});
export type ScopeCheck = z.infer<typeof ScopeCheck>;

export const WabaHealth = z.enum(['available', 'limited', 'blocked', 'unknown']);
export type WabaHealth = z.infer<typeof WabaHealth>;

export const WabaCheck = z.object({
  id: MetaId,
  name: Text(200).nullable(),
  /** The workspace expects this WABA (reconnect plan). */
  expected: z.boolean(),
  /** Covered by whatsapp_business_management (true / false / unknown). */
  management: z.boolean().nullable(),
  /** Covered by whatsapp_business_messaging (true / false / unknown). */
  messaging: z.boolean().nullable(),
  /** `GET /{waba-id}` with the customer's token succeeded (true) or was refused (false). */
  reachable: z.boolean().nullable(),
  health: WabaHealth,
});
export type WabaCheck = z.infer<typeof WabaCheck>;

export const GraphErrorCategory = z.enum([
  'credential',
  'permission',
  'rate-limited',
  'blocked',
  'transient',
  'not-found',
  'unknown',
]);
export type GraphErrorCategory = z.infer<typeof GraphErrorCategory>;

/** Graph error codes and subcodes: small integers (lib/graph/graph-errors.ts reads at most 15 digits). */
const GraphCode = z.number().int().min(-999_999_999_999_999).max(999_999_999_999_999);

export const GraphErrorInfo = z.object({
  code: GraphCode.nullable(),
  subcode: GraphCode.nullable(),
  category: GraphErrorCategory,
  message: Text(1000),
  fbtraceId: Text(100).nullable(),
  at: Timestamp,
});
export type GraphErrorInfo = z.infer<typeof GraphErrorInfo>;

export const UserRole = z.enum(['admin', 'employee', 'unknown']);
export type UserRole = z.infer<typeof UserRole>;

export const Connection = z.object({
  id: ProductId,
  kind: z.enum(['whatsapp', 'catalog']),
  status: ConnectionStatus,
  tokenType: TokenType,
  /**
   * Null: never expires (debug_token `expires_at: 0`), or not yet checked (see lastCheckedAt), or
   * Meta gave no readable `expires_at`, which a `check-failed` problem then says (never assumed "never").
   */
  expiresAt: Timestamp.nullable(),
  /** Null: Meta gives no data-access deadline (`data_access_expires_at` 0 or absent), or not yet checked. */
  dataAccessExpiresAt: Timestamp.nullable(),
  issuedAt: Timestamp.nullable(),
  lastCheckedAt: Timestamp.nullable(),
  scopes: z.array(ScopeCheck).max(50),
  wabas: z.array(WabaCheck).max(500),
  authorizingUser: z.object({
    id: Text(64).nullable(),
    name: Text(200).nullable(),
    role: UserRole,
  }),
  problems: z.array(Problem).max(100),
  lastError: GraphErrorInfo.nullable(),
  /**
   * When the backend last stored a new token for this connection (a reconnect's code exchange, or
   * a token loaded from the product's own configuration). Null: not known. A client waiting for a
   * reconnect to land compares it with the moment the attempt began.
   */
  tokenUpdatedAt: Timestamp.nullable().default(null).describe('When the backend last stored a new token for this connection (a reconnect, or the product’s own configuration); null: not known.'),
});
export type Connection = z.infer<typeof Connection>;

/**
 * The product's Meta app as this workspace uses it, so a client can recognise the app's dialogs
 * (its `client_id` / `app_id` and `config_id`) without fetching every reconnect plan. Per workspace,
 * because a product may run more than one Meta app; null when the backend does not say.
 */
export const MetaApp = z.object({
  appId: MetaId,
  /** The Facebook Login for Business configuration id (`config_id`), when the product uses one. */
  configId: MetaId.nullable(),
  /** The app's display name as Meta last reported it (debug_token `application`); null: never seen. */
  appName: Text(200).nullable(),
}).describe('The product’s Meta app as this workspace uses it: its dialogs carry this client_id / app_id and config_id. appName is the display name Meta last reported (debug_token `application`); null: never seen.');
export type MetaApp = z.infer<typeof MetaApp>;

export const Workspace = z.object({
  id: ProductId,
  name: Text(200),
  businessId: MetaId.nullable(),
  businessName: Text(200).nullable(),
  reconnectUrl: HttpsOrLocalUrl,
  metaApp: MetaApp.nullable().default(null),
  /**
   * The WhatsApp accounts the workspace's reconnect plan expects (the plan's `expectedWabas`, as they
   * are now, not as of a connection's last check), so a client can tell which workspace a dialog on
   * screen is for without fetching every plan. Empty: none expected, or an older backend.
   */
  expectedWabas: z
    .array(z.object({ id: MetaId, name: Text(200) }))
    .max(500)
    .default([])
    .describe('The WhatsApp accounts the workspace’s reconnect plan expects (the plan’s expectedWabas, as they are now); empty: none, or an older backend.'),
  connections: z.array(Connection).max(50),
});
export type Workspace = z.infer<typeof Workspace>;

export const StatusResponse = z.object({
  apiVersion: z.literal(API_VERSION),
  generatedAt: Timestamp,
  workspaces: z.array(Workspace).max(5000),
});
export type StatusResponse = z.infer<typeof StatusResponse>;

export const CheckResponse = z.object({
  apiVersion: z.literal(API_VERSION),
  workspace: Workspace,
  /**
   * Set when at least one connection was checked so recently that the backend answered its stored
   * result instead of calling Meta again: a new check can run from this time. Null or absent: every
   * connection was checked now.
   */
  cooldownUntil: Timestamp.nullable().default(null),
});
export type CheckResponse = z.infer<typeof CheckResponse>;
