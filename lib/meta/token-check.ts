/**
 * INTERFACE DRAFT (owned by the token-check work, issue #3): the server calls `checkConnection`
 * with an HTTP Graph client; tests call it with an in-memory one. Replace the body, keep the types
 * (or change both sides together).
 */
import type { Connection } from '../contract';

/** One Graph GET: a response (any status), or a network failure / timeout. */
export type GraphResult =
  | { ok: true; httpStatus: number; body: unknown }
  | { ok: false; network: 'timeout' | 'error'; message: string };

export interface GraphClient {
  /** `path` like `/debug_token` or `/123/business_users`; the client adds base URL and version. */
  get(path: string, params: Record<string, string>): Promise<GraphResult>;
}

export interface CheckTarget {
  kind: 'whatsapp' | 'catalog';
  accessToken: string;
  appId: string;
  appSecret: string;
  businessId: string | null;
  expectedWabas: { id: string; name: string }[];
  requiredScopes: string[];
}

export interface CheckOptions {
  now: Date;
  /** A token expiring within this many days is `expiring` (default 7). */
  expiringWithinDays: number;
  /** The connection's last known state (null if never checked): kept through transient faults. */
  previous: Omit<Connection, 'id' | 'kind'> | null;
}

export interface CheckOutcome {
  /** Everything about the connection except its product ids. */
  connection: Omit<Connection, 'id' | 'kind'>;
  /** Set when Graph was rate limited or failing: when the scheduler may try again. */
  retryAfterMs: number | null;
}

export async function checkConnection(_graph: GraphClient, _target: CheckTarget, _options: CheckOptions): Promise<CheckOutcome> {
  throw new Error('checkConnection: not implemented yet (issue #3)');
}
