/**
 * The one place that says which connection status is worse than which.
 * Order from the contract: revoked > invalid > expired > missing-scope > missing-waba > not-admin >
 * degraded > expiring > healthy. `unknown` ranks between the failures and the warnings: it is not
 * a failure (never a false red) and not a pass (never a false green).
 */
import type { ConnectionStatus } from './status';

const ORDER: readonly ConnectionStatus[] = [
  'revoked',
  'invalid',
  'expired',
  'missing-scope',
  'missing-waba',
  'not-admin',
  'unknown',
  'degraded',
  'expiring',
  'healthy',
];

/** Higher is worse. */
export function severity(status: ConnectionStatus): number {
  return ORDER.length - ORDER.indexOf(status);
}

export function worstStatus(statuses: Iterable<ConnectionStatus>): ConnectionStatus | null {
  let worst: ConnectionStatus | null = null;
  for (const status of statuses) {
    if (worst === null || severity(status) > severity(worst)) worst = status;
  }
  return worst;
}

/** Statuses that mean the connection does not work (or only partly) and the admin must act. */
export function isFailure(status: ConnectionStatus): boolean {
  return severity(status) >= severity('not-admin');
}
