/**
 * When the background polls: an alarm at the configured interval (5–60 min), pulled in or pushed
 * back by failures. Alarms, not timers: an MV3 service worker is killed when idle and a timer dies
 * with it, an alarm wakes it up again.
 *
 * Back-off after n consecutive failures: 1, 2, 4, 8… minutes, capped at four intervals (at most an
 * hour, never less than one interval), and never sooner than the backend's Retry-After. A transient
 * blip is retried within a minute; a backend that stays down is asked less and less often.
 * A second, one-shot alarm fires when a failure has outlasted one interval, so the badge turns grey
 * exactly then even if no poll is due (lib/health/model.ts: `stale`).
 */
import { browser } from 'wxt/browser';
import type { Snapshot } from '../storage/snapshot';

export const POLL_ALARM = 'poll-backend';
export const STALE_ALARM = 'health-stale-check';

export function backoffMinutes(failures: number, pollMinutes: number, retryAfterSeconds: number | null = null): number {
  if (failures <= 0) return pollMinutes;
  const cap = Math.max(pollMinutes, Math.min(60, pollMinutes * 4));
  let delay = Math.min(cap, 2 ** Math.min(failures - 1, 10));
  if (retryAfterSeconds !== null) delay = Math.max(delay, Math.min(cap, Math.ceil(retryAfterSeconds / 60)));
  return delay;
}

/**
 * Whether a poll asked for by opening the popup may run now. After a good answer it may (a
 * conditional GET is cheap and the admin wants fresh data); while failing, only once the back-off
 * since the last attempt has passed, so opening the popup never defeats the back-off or the
 * backend's Retry-After. An explicit "Refresh" click is the admin's decision and is not gated.
 */
export function isPollDue(snapshot: Snapshot | null, pollMinutes: number, now: number): boolean {
  if (!snapshot || snapshot.outcome === 'ok' || snapshot.outcome === 'not-configured' || snapshot.failures <= 0) return true;
  const waitMs = backoffMinutes(snapshot.failures, pollMinutes, snapshot.retryAfterSeconds) * 60_000;
  return now >= Date.parse(snapshot.lastAttemptAt) + waitMs;
}

/** The next poll: after `delayMinutes`, then every interval (so a poll that dies still recurs). */
export async function scheduleNextPoll(delayMinutes: number, pollMinutes: number): Promise<void> {
  await browser.alarms.create(POLL_ALARM, { delayInMinutes: delayMinutes, periodInMinutes: Math.max(delayMinutes, pollMinutes) });
}

/** Sets (or clears) the one-shot alarm for the moment a failure becomes "longer than one interval". */
export async function scheduleStaleCheck(snapshot: Snapshot, pollMinutes: number, now: number): Promise<void> {
  if (snapshot.outcome === 'ok' || snapshot.outcome === 'not-configured' || !snapshot.failingSince) {
    await browser.alarms.clear(STALE_ALARM);
    return;
  }
  const when = Date.parse(snapshot.failingSince) + pollMinutes * 60_000 + 1_000;
  if (when > now) await browser.alarms.create(STALE_ALARM, { when });
}

/** After the poll, depending on how it went. */
export async function scheduleAfter(snapshot: Snapshot, pollMinutes: number, now: number): Promise<number> {
  const delay = snapshot.outcome === 'ok' || snapshot.outcome === 'not-configured' ? pollMinutes : backoffMinutes(snapshot.failures, pollMinutes, snapshot.retryAfterSeconds);
  await scheduleNextPoll(delay, pollMinutes);
  await scheduleStaleCheck(snapshot, pollMinutes, now);
  return delay;
}
