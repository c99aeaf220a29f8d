/**
 * One poll of the backend: fetch, validate, cache, badge. Used by the alarm, install/startup and
 * "check now". A newer poll always wins over an older one still in flight (a poll started by saving
 * the options must not be overwritten by the first-run poll that started before it).
 */
import { fetchStatus, type FetchOutcome } from '../backend/client';
import type { StatusResponse } from '../contract';
import { badgeFor, overallHealth } from '../health/overall';
import { showBadge } from '../health/badge';
import { loadSettings } from '../storage/settings';
import { loadSnapshot, saveSnapshot, type Snapshot } from '../storage/snapshot';

let generation = 0;

export function describeFailure(outcome: FetchOutcome<unknown>): string | null {
  switch (outcome.kind) {
    case 'ok':
    case 'not-modified':
      return null;
    case 'not-configured':
      return 'backend URL or access token not set';
    case 'unreachable':
      return `backend unreachable (${outcome.message})`;
    case 'unauthorized':
      return `backend refused the access token (HTTP ${outcome.httpStatus})`;
    case 'http-error':
      return `backend answered HTTP ${outcome.httpStatus}`;
    case 'invalid-response':
      return `backend answer does not match the contract: ${outcome.message}`;
  }
}

export function nextSnapshot(previous: Snapshot | null, outcome: FetchOutcome<StatusResponse>, now: Date): Snapshot {
  const at = now.toISOString();
  if (outcome.kind === 'ok') {
    return { lastAttemptAt: at, outcome: 'ok', detail: null, failingSince: null, lastGood: { status: outcome.data, fetchedAt: at, etag: outcome.etag } };
  }
  if (outcome.kind === 'not-modified' && previous?.lastGood) {
    return { lastAttemptAt: at, outcome: 'ok', detail: null, failingSince: null, lastGood: { ...previous.lastGood, fetchedAt: at } };
  }
  const kind = outcome.kind === 'not-modified' ? 'invalid-response' : outcome.kind;
  const detail = outcome.kind === 'not-modified' ? 'backend answered 304 to a request without a cached status' : describeFailure(outcome);
  return {
    lastAttemptAt: at,
    outcome: kind,
    detail,
    failingSince: previous && previous.outcome !== 'ok' && previous.failingSince ? previous.failingSince : at,
    lastGood: previous?.lastGood ?? null,
  };
}

export async function pollOnce(fetchImpl?: typeof fetch): Promise<Snapshot | null> {
  const mine = ++generation;
  const settings = await loadSettings();
  const previous = await loadSnapshot();
  const outcome = await fetchStatus(
    { baseUrl: settings.backendUrl, token: settings.accessToken },
    { etag: previous?.lastGood?.etag ?? null, fetchImpl },
  );
  if (mine !== generation) return null; // a newer poll started meanwhile: let it decide
  const snapshot = nextSnapshot(previous, outcome, new Date());
  await saveSnapshot(snapshot);
  await showBadge(badgeFor(overallHealth(snapshot, Date.now(), settings.pollMinutes)));
  return snapshot;
}
