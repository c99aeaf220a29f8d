/**
 * `GET /v1/workspaces/{id}/reconnect-plan`: what a correct reconnect of one workspace looks like.
 * The live flow assistant compares what Meta's dialog shows with this plan.
 */
import { z } from 'zod';
import { API_VERSION, HttpsOrLocalUrl, MetaId, ProductId, ScopeName, Text, Timestamp } from './common';

export const ReconnectPlan = z.object({
  apiVersion: z.literal(API_VERSION),
  workspaceId: ProductId,
  /** The product's own Meta app: the dialog's `client_id` / `app_id` must match it. */
  appId: MetaId,
  /** The Facebook Login for Business configuration id (`config_id`), when the product uses one. */
  configId: MetaId.nullable(),
  /**
   * The app's display name as Meta shows it (debug_token's `application`, as last seen by the
   * backend), e.g. to recognise the app in the system-user "Generate token" dialog. Null: never seen.
   */
  appName: Text(200).nullable().default(null).describe('The app’s display name as Meta last reported it (debug_token `application`); null: never seen.'),
  requiredScopes: z.array(ScopeName).min(1).max(20),
  business: z.object({ id: MetaId, name: Text(200).nullable() }).nullable(),
  expectedWabas: z.array(z.object({ id: MetaId, name: Text(200) })).max(500),
  /** WABAs the current token covers: deselecting one of these during the flow revokes access. */
  currentlyGrantedWabaIds: z.array(MetaId).max(500),
  reconnectUrl: HttpsOrLocalUrl,
});
export type ReconnectPlan = z.infer<typeof ReconnectPlan>;

/**
 * `POST /v1/workspaces/{id}/reconnect-link`: asks the backend for a link to its own reconnect page.
 * The body may name the connection; by default the workspace's WhatsApp connection.
 */
export const ReconnectLinkRequest = z.object({
  connectionId: ProductId.optional().describe('The connection to reconnect; default: the workspace’s WhatsApp connection.'),
});
export type ReconnectLinkRequest = z.infer<typeof ReconnectLinkRequest>;

export const ReconnectLink = z.object({
  apiVersion: z.literal(API_VERSION),
  workspaceId: ProductId,
  connectionId: ProductId,
  /** Single use, short lived: opening it starts the reconnect on the backend's own page. */
  url: HttpsOrLocalUrl.describe('The backend’s own reconnect page; works once.'),
  expiresAt: Timestamp.describe('After this the link no longer works (a few minutes).'),
});
export type ReconnectLink = z.infer<typeof ReconnectLink>;
