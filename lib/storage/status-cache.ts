/**
 * The status cache: the one owner of the cached backend status (the `Snapshot`: the last poll and
 * the last good status). The poller writes it; the badge, the popup, the options page, the panels
 * and the reconnect flow read it through `readStatusCache` / `watchStatusCache` (also reachable as
 * `stored.snapshot` in lib/storage/items.ts, which points here).
 *
 * Where: IndexedDB `reconnect-assistant-status` (via idb), not `storage.local`, whose 10 MB quota a
 * status of 5,000 workspaces × 10 WABAs (about 10 MB of JSON) no longer fits. IndexedDB's quota is
 * a share of the disk (https://developer.mozilla.org/en-US/docs/Web/API/Storage_API/Storage_quotas_and_eviction_criteria),
 * so no `unlimitedStorage` permission is needed.
 *
 *   IndexedDB  store `cache`:  'status'   → { statusRevision, status }  the backend's status (the big part)
 *                              'snapshot' → { revision, savedAt, snapshot }  the rest, small: the
 *                                           outcome, failure streak, fetchedAt, etag, statusRevision
 *                              'revision' → { revision }   (each write is one transaction)
 *   storage.local `statusCache`: { revision, savedAt, failure }: small. Its change is the signal every
 *              context's watch listens to (IndexedDB has no change events), and `failure` says that
 *              the latest answer could not be saved, independently of IndexedDB.
 *
 * Never a false green: when a save fails, the poller records a `storage-error` marker here
 * (`recordSaveFailure`). It goes into IndexedDB if that still works, and into `statusCache.failure`
 * in any case, so even when IndexedDB refuses every write, a reader gets the last stored status
 * marked `storage-error` (the badge greys, the popup says the status may be stale), never the
 * previous status as if current.
 *
 * Cheap at 5,000 workspaces: each context keeps the last snapshot it read or wrote with its
 * revisions, and reads again (and validates) only what moved; the writer's own watchers (the
 * background's) never read IndexedDB back. A write whose status is the object already stored (a
 * 304, a failure streak, the failure marker) writes and validates only the small record.
 *
 * Versioned: MIGRATIONS[i] upgrades the database from version i to i + 1 (like lib/storage/history.ts).
 * Moving from `storage.local` (the `snapshot` item of earlier versions) is `importLegacySnapshot`,
 * run once per context before the first read or write: it copies a stored snapshot into IndexedDB
 * unless IndexedDB already holds a newer one, waits for that transaction to commit, and only then
 * removes the old key, so a failure at any step loses nothing (the old key is read again next time).
 */
import { openDB, type IDBPDatabase } from 'idb';
import { browser } from 'wxt/browser';
import { z, ZodError } from 'zod';
import { StatusResponse, Timestamp } from '../contract';
import { wasParsedBy } from '../util/parsed';
import { Snapshot } from './snapshot';

export const STATUS_DB_NAME = 'reconnect-assistant-status';
const STORE = 'cache';
/** The storage.local key of earlier versions' cache (a WXT item: its version meta is `snapshot$`). */
export const LEGACY_KEY = 'snapshot';
/** The storage.local key of the small state record (change signal + save failure). */
export const STATE_KEY = 'statusCache';

type Db = IDBPDatabase<unknown>;

/** MIGRATIONS[i]: version i → i + 1. */
export const MIGRATIONS: ((db: Db) => void)[] = [
  // → v1: one store holding the snapshot record and its revision.
  (db) => {
    db.createObjectStore(STORE);
  },
];
export const STATUS_DB_VERSION = MIGRATIONS.length;

const SaveFailure = z.object({
  at: Timestamp,
  detail: z.string().max(1000),
  failingSince: Timestamp,
  failures: z.number().int().min(0).max(10_000),
});
export type SaveFailure = z.infer<typeof SaveFailure>;

const State = z.object({
  revision: z.string().max(100).nullable(),
  savedAt: Timestamp.nullable(),
  failure: SaveFailure.nullable(),
});
type State = z.infer<typeof State>;

/** The snapshot as stored, its status replaced by the revision of the `status` record. */
const StoredSnapshot = Snapshot.extend({
  lastGood: z.object({ fetchedAt: Timestamp, etag: z.string().max(500).nullable(), statusRevision: z.string().max(100) }).nullable(),
});
type StoredSnapshot = z.infer<typeof StoredSnapshot>;
const SnapshotRecord = z.object({ revision: z.string().max(100), savedAt: Timestamp, snapshot: z.unknown() });
const StatusRecord = z.object({ statusRevision: z.string().max(100), status: z.unknown() });
const RevisionRecord = z.object({ revision: z.string().max(100) });

/** A write to the cache that did not happen; `cause` is the storage layer's own error. */
export class StatusCacheWriteError extends Error {
  constructor(override readonly cause: unknown) {
    super(`the status could not be saved: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`.slice(0, 500));
    this.name = 'StatusCacheWriteError';
  }
}

export async function openStatusDb(version = STATUS_DB_VERSION): Promise<Db> {
  return openDB(STATUS_DB_NAME, version, {
    upgrade(db, oldVersion, newVersion) {
      for (let v = oldVersion; v < (newVersion ?? version); v += 1) MIGRATIONS[v]!(db);
    },
  });
}

let dbPromise: Promise<Db> | null = null;
/**
 * This context's last read or written snapshot, valid while the stored revision is `revision`;
 * its status (validated) is the `status` record of `statusRevision`.
 */
let memo: { revision: string; statusRevision: string | null; snapshot: Snapshot | null } | null = null;

function db(): Promise<Db> {
  dbPromise ??= openStatusDb()
    .then(async (opened) => {
      opened.addEventListener('versionchange', () => {
        opened.close();
        dbPromise = null;
      });
      await importLegacySnapshot(opened);
      return opened;
    })
    .catch((error: unknown) => {
      dbPromise = null;
      throw error;
    });
  return dbPromise;
}

const newRevision = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

async function readState(): Promise<State> {
  const raw = (await browser.storage.local.get(STATE_KEY))[STATE_KEY];
  const parsed = State.safeParse(raw);
  return parsed.success ? parsed.data : { revision: null, savedAt: null, failure: null };
}

async function writeState(state: State): Promise<void> {
  await browser.storage.local.set({ [STATE_KEY]: State.parse(state) });
}

/**
 * Validates what is not known valid yet: the small part always, the status unless it is the
 * stored one or the very object a parse of the contract returned.
 */
function checked(snapshot: Snapshot): { statusRevision: string | null; newStatus: boolean } {
  const status = snapshot.lastGood?.status;
  const known = status !== undefined && memo?.statusRevision != null && memo.snapshot?.lastGood?.status === status;
  StoredSnapshot.parse({ ...snapshot, lastGood: snapshot.lastGood ? { fetchedAt: snapshot.lastGood.fetchedAt, etag: snapshot.lastGood.etag, statusRevision: 'check' } : null });
  // A status the backend client just parsed is not parsed again (lib/util/parsed.ts).
  if (status !== undefined && !known && !wasParsedBy(StatusResponse, status)) StatusResponse.parse(status);
  return { statusRevision: known ? memo!.statusRevision : null, newStatus: status !== undefined && !known };
}

/**
 * Puts the snapshot (and its status, when it is not the stored one) with a new revision in one
 * transaction; resolves once it committed, with the revisions written. `onlyIfEmpty`: only into an
 * empty cache (null when it was not).
 */
async function putRecord(database: Db, snapshot: Snapshot, now: Date, onlyIfEmpty = false): Promise<{ revision: string; statusRevision: string | null } | null> {
  const { statusRevision: known, newStatus } = checked(snapshot);
  const revision = newRevision();
  const statusRevision = newStatus ? newRevision() : known;
  const stored: StoredSnapshot = { ...snapshot, lastGood: snapshot.lastGood && statusRevision ? { fetchedAt: snapshot.lastGood.fetchedAt, etag: snapshot.lastGood.etag, statusRevision } : null };
  const tx = database.transaction(STORE, 'readwrite');
  const store = tx.objectStore(STORE);
  if (onlyIfEmpty && (await store.get('revision')) !== undefined) {
    await tx.done;
    return null;
  }
  try {
    if (newStatus) await store.put({ statusRevision, status: snapshot.lastGood!.status }, 'status');
    await store.put({ revision, savedAt: now.toISOString(), snapshot: stored }, 'snapshot');
    await store.put({ revision }, 'revision');
  } catch (error) {
    // All or nothing: a new status without the record naming it must not commit.
    try {
      tx.abort();
    } catch {
      // already aborted by the browser
    }
    await tx.done.catch(() => undefined);
    throw error;
  }
  await tx.done;
  return { revision, statusRevision };
}

/**
 * Moves the cache of earlier versions (storage.local `snapshot`) into IndexedDB. The old key goes
 * only after the IndexedDB transaction committed; a snapshot already in IndexedDB is newer (this
 * module wrote it) and wins. A legacy value that does not parse was unreadable to the old version
 * too (it read as "no status"); it is removed.
 */
export async function importLegacySnapshot(database: Db, now = new Date()): Promise<'imported' | 'superseded' | 'none'> {
  const raw = (await browser.storage.local.get(LEGACY_KEY))[LEGACY_KEY];
  if (raw === undefined || raw === null) return 'none';
  const parsed = Snapshot.safeParse(raw);
  const written = parsed.success ? await putRecord(database, parsed.data, now, true) : null;
  await browser.storage.local.remove([LEGACY_KEY, `${LEGACY_KEY}$`]);
  if (written === null) return 'superseded';
  memo = { ...written, snapshot: parsed.success ? parsed.data : null };
  await writeState({ revision: written.revision, savedAt: now.toISOString(), failure: null }).catch(() => undefined);
  return 'imported';
}

/** The snapshot with the recorded save failure laid over it when the failure is newer. */
function withFailure(snapshot: Snapshot | null, failure: SaveFailure | null): Snapshot | null {
  if (!failure) return snapshot;
  if (snapshot && Date.parse(snapshot.lastAttemptAt) >= Date.parse(failure.at)) return snapshot;
  return {
    lastAttemptAt: failure.at,
    outcome: 'storage-error',
    detail: failure.detail,
    failingSince: failure.failingSince,
    failures: failure.failures,
    retryAfterSeconds: null,
    lastGood: snapshot?.lastGood ?? null,
  };
}

/**
 * The cached snapshot, validated (null when there is none or it does not parse), with a recorded
 * save failure laid over it. This is the one read of the cache; its signature stays stable.
 */
export async function readStatusCache(): Promise<Snapshot | null> {
  const state = await readState().catch((): State => ({ revision: null, savedAt: null, failure: null }));
  try {
    return withFailure(await readRecord(await db()), state.failure);
  } catch (error) {
    // IndexedDB itself is unreadable here: say so (grey, never green), keeping what this context saw.
    const at = new Date().toISOString();
    const words = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      lastAttemptAt: at,
      outcome: 'storage-error',
      detail: `the cached status could not be read in this browser (${words})`.slice(0, 1000),
      failingSince: state.failure?.failingSince ?? at,
      failures: (state.failure?.failures ?? 0) + 1,
      retryAfterSeconds: null,
      lastGood: memo?.snapshot?.lastGood ?? null,
    };
  }
}

async function readRecord(database: Db): Promise<Snapshot | null> {
  const current = RevisionRecord.safeParse(await database.get(STORE, 'revision'));
  if (!current.success) return null;
  if (memo?.revision === current.data.revision) return memo.snapshot;
  const record = SnapshotRecord.safeParse(await database.get(STORE, 'snapshot'));
  const stored = record.success ? StoredSnapshot.safeParse(record.data.snapshot) : null;
  const revision = record.success ? record.data.revision : current.data.revision;
  if (!stored?.success) {
    memo = { revision, statusRevision: null, snapshot: null };
    return null;
  }
  const { lastGood, ...rest } = stored.data;
  let status: StatusResponse | null = null;
  if (lastGood && memo?.statusRevision === lastGood.statusRevision && memo.snapshot?.lastGood) {
    status = memo.snapshot.lastGood.status;
  } else if (lastGood) {
    const statusRecord = StatusRecord.safeParse(await database.get(STORE, 'status'));
    const parsed = statusRecord.success && statusRecord.data.statusRevision === lastGood.statusRevision ? StatusResponse.safeParse(statusRecord.data.status) : null;
    status = parsed?.success ? parsed.data : null;
  }
  // A status that no longer reads (or is missing) leaves the rest standing, without a last good status.
  const snapshot: Snapshot = { ...rest, lastGood: lastGood && status ? { status, fetchedAt: lastGood.fetchedAt, etag: lastGood.etag } : null };
  memo = { revision, statusRevision: snapshot.lastGood ? lastGood!.statusRevision : null, snapshot };
  return snapshot;
}

/**
 * Validates and stores the snapshot. Throws a StatusCacheWriteError when it could not be stored
 * (quota, a broken database): the caller then records what is true instead (`recordSaveFailure`).
 */
export async function writeStatusCache(snapshot: Snapshot, now = new Date()): Promise<void> {
  let written: { revision: string; statusRevision: string | null };
  try {
    written = (await putRecord(await db(), snapshot, now))!;
  } catch (error) {
    if (error instanceof ZodError) throw error;
    throw new StatusCacheWriteError(error);
  }
  // Remembered as given (already checked: a parse's copy would only cost a second 10 MB object, and
  // this context's watchers compare the status by identity).
  memo = { ...written, snapshot };
  // The signal for other contexts, and the end of any recorded failure. If only this small write
  // fails, the status is stored; other contexts see it on their next read.
  await writeState({ revision: written.revision, savedAt: now.toISOString(), failure: null }).catch(() => undefined);
}

/**
 * Records that the latest answer could not be saved: `marker` is the last stored status with a
 * `storage-error` outcome. It goes into storage.local's small state record (so a reader sees it
 * even when IndexedDB refuses every write) and, if IndexedDB still takes it, into IndexedDB.
 */
export async function recordSaveFailure(marker: Snapshot, now = new Date()): Promise<void> {
  const failure: SaveFailure = {
    at: marker.lastAttemptAt,
    detail: (marker.detail ?? 'the latest answer could not be saved in this browser').slice(0, 1000),
    failingSince: marker.failingSince ?? marker.lastAttemptAt,
    failures: marker.failures,
  };
  const state = await readState().catch((): State => ({ revision: null, savedAt: null, failure: null }));
  const stateWritten = writeState({ ...state, failure }).then(
    () => true,
    () => false,
  );
  let revision: string | null = null;
  try {
    const written = (await putRecord(await db(), marker, now))!;
    memo = { ...written, snapshot: marker };
    revision = written.revision;
  } catch {
    // IndexedDB refused this too: the state record above carries the failure.
  }
  if (!(await stateWritten) && revision === null) throw new StatusCacheWriteError('neither IndexedDB nor storage.local took the failure marker');
  if (revision !== null) await writeState({ revision, savedAt: now.toISOString(), failure }).catch(() => undefined);
}

/** Calls back with the snapshot (as readStatusCache reads it) whenever the cache changes, in any context. */
export function watchStatusCache(listener: (snapshot: Snapshot | null) => void): () => void {
  const onChanged = (changes: Record<string, unknown>, area: string) => {
    if (area !== 'local' || !(STATE_KEY in changes)) return;
    void readStatusCache().then(listener, () => undefined);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}

/** Empties the cache (IndexedDB record and state). */
export async function clearStatusCache(): Promise<void> {
  const database = await db();
  const tx = database.transaction(STORE, 'readwrite');
  await tx.objectStore(STORE).clear();
  await tx.done;
  memo = null;
  await browser.storage.local.remove(STATE_KEY);
}

/** Closes this context's connection and forgets its memo (tests; before deleting the database). */
export async function closeStatusCache(): Promise<void> {
  const open = dbPromise;
  dbPromise = null;
  memo = null;
  if (open) (await open.catch(() => null))?.close();
}
