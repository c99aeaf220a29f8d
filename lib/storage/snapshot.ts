/**
 * The last poll of the backend and the last good status, cached in `storage.local` so the popup
 * renders at once, even right after the service worker was killed and restarted.
 */
import { z } from 'zod';
import { browser } from 'wxt/browser';
import { StatusResponse, Timestamp } from '../contract';

export const PollOutcome = z.enum([
  'ok',
  'not-configured',
  'unreachable',
  'unauthorized',
  'http-error',
  'invalid-response',
  /** The backend answered, but its answer could not be stored here (storage quota, for one). */
  'storage-error',
]);
export type PollOutcome = z.infer<typeof PollOutcome>;

export const Snapshot = z.object({
  lastAttemptAt: Timestamp,
  outcome: PollOutcome,
  /** Why the last poll failed, in words (never contains the token). */
  detail: z.string().max(1000).nullable(),
  /** First failed poll of the current failure streak. */
  failingSince: Timestamp.nullable(),
  /** Consecutive failed polls (drives the back-off); 0 after a good answer. */
  failures: z.number().int().min(0).max(10_000).default(0),
  /** The backend's Retry-After on the last failure, in seconds. */
  retryAfterSeconds: z.number().int().min(0).nullable().default(null),
  lastGood: z
    .object({ status: StatusResponse, fetchedAt: Timestamp, etag: z.string().max(500).nullable() })
    .nullable(),
});
export type Snapshot = z.output<typeof Snapshot>;

const KEY = 'snapshot';

export async function loadSnapshot(): Promise<Snapshot | null> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  const parsed = Snapshot.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export async function saveSnapshot(snapshot: Snapshot): Promise<void> {
  await browser.storage.local.set({ [KEY]: Snapshot.parse(snapshot) });
}

export function onSnapshotChange(listener: (snapshot: Snapshot | null) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(KEY in changes)) return;
    const parsed = Snapshot.safeParse(changes[KEY]?.newValue);
    listener(parsed.success ? parsed.data : null);
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
