/**
 * Small, deterministic text helpers for the guidance panels (no locale-dependent formatting, so the
 * same snapshot always produces the same words in tests and in the browser).
 */
import type { Snapshot } from '../storage/snapshot';
import { formatUtc } from '../util/utc-time';

/**
 * Where the panel's data comes from and how fresh it is. A failing backend is said out loud: what
 * follows is the last known status, not the current one.
 */
export function freshnessNote(snapshot: Snapshot): string {
  const fetchedAt = snapshot.lastGood ? formatUtc(snapshot.lastGood.fetchedAt) : null;
  if (snapshot.outcome === 'ok') return `From the product's backend, ${fetchedAt ?? 'just now'}.`;
  const since = snapshot.failingSince ? ` since ${formatUtc(snapshot.failingSince)}` : '';
  return fetchedAt
    ? `Last known status, from ${fetchedAt}: the backend has not answered${since} (${snapshot.outcome}).`
    : `The backend has not answered${since} (${snapshot.outcome}).`;
}

/** True when the snapshot's status is the current one (the last poll succeeded). */
export function isCurrent(snapshot: Snapshot): boolean {
  return snapshot.outcome === 'ok' && snapshot.lastGood !== null;
}
