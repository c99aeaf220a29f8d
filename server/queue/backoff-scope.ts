/**
 * Which shared back-off a throttled check puts in place, from the Graph error it ended with
 * (https://developers.facebook.com/docs/graph-api/overview/rate-limiting/, and the rate-limited
 * rows of lib/graph/graph-errors.ts):
 *
 *   code 4, 341                 the app's own limit          → every connection of this app waits
 *   80000–80014, 32, 613        a business-use-case limit    → the connections of this business wait
 *                               (no business known: the app, the only scope left that is shared)
 *   anything else (17 user, WhatsApp throughput codes, no code)
 *                               about this token or number   → only this connection (its own retry)
 *
 * Pure: the scopes are strings the coordination table keys on (`app:ID`, `business:ID`).
 */
import type { ConnectionState } from '../store/store';

export function appScope(appId: string): string {
  return `app:${appId}`;
}

export function businessScope(businessId: string): string {
  return `business:${businessId}`;
}

/** The scopes a check of this connection must respect (whatever throttled them before). */
export function scopesOf(appId: string, businessId: string | null): string[] {
  return businessId ? [appScope(appId), businessScope(businessId)] : [appScope(appId)];
}

/** The scopes this check's outcome throttles; [] when it was not rate limited or only this token. */
export function throttledScopes(state: ConnectionState, appId: string, businessId: string | null): string[] {
  if (!state.problems.some((p) => p.code === 'rate-limited')) return [];
  const code = state.lastError?.category === 'rate-limited' ? state.lastError.code : null;
  if (code === 4 || code === 341) return [appScope(appId)];
  if (code === 32 || code === 613 || (code !== null && code >= 80_000 && code <= 80_014)) {
    return [businessId ? businessScope(businessId) : appScope(appId)];
  }
  return [];
}
