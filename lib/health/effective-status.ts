/**
 * Status by the clock: what time alone proves about a connection since the backend last checked
 * it. The one owner of this rule; the popup, the badge, the notifications, the diagnostics and the
 * WABA panel all use it. Content-script safe (types and the severity order only).
 */
import { isFailure } from '../contract/severity';
import type { Connection, ConnectionStatus } from '../contract/status';

const DAY_MS = 86_400_000;

/** Which expiry has passed by `now`: the token's own first, then its data access; null when none. */
export function passedExpiry(connection: Pick<Connection, 'expiresAt' | 'dataAccessExpiresAt'>, now: number): 'token' | 'data-access' | null {
  const passed = (at: string | null) => at !== null && Date.parse(at) <= now;
  if (passed(connection.expiresAt)) return 'token';
  if (passed(connection.dataAccessExpiresAt)) return 'data-access';
  return null;
}

/**
 * The status to act on now. The backend's verdict, except that a token whose expiry time (or data
 * access expiry) has passed since the last check is expired: time alone proves it, and showing it
 * healthy until the next check would be a false green.
 */
export function effectiveStatus(connection: Connection, now: number): ConnectionStatus {
  const status = connection.status;
  if (isFailure(status) || status === 'unknown') return status;
  return passedExpiry(connection, now) ? 'expired' : status;
}

/** Whole days left (rounded up) before the earliest of the token's expiries; null when none is set. */
export function daysLeft(connection: Connection, now: number): number | null {
  const times = [connection.expiresAt, connection.dataAccessExpiresAt]
    .filter((at): at is string => at !== null)
    .map((at) => Date.parse(at))
    .filter((t) => t > now);
  if (!times.length) return null;
  return Math.ceil((Math.min(...times) - now) / DAY_MS);
}
