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
 *   IndexedDB  store `cache`:  'snapshot' → { revision, savedAt, snapshot }
 *                              'revision' → { revision }   (same transaction; cheap to read)
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
 * revision, and reads again (and re-validates) only when the stored revision moved; the writer's
 * own watchers (the background's) never read IndexedDB back.
 *
 * Versioned: MIGRATIONS[i] upgrades the database from version i to i + 1 (like lib/storage/history.ts).
 * Moving from `storage.local` (the `snapshot` item of earlier versions) is `importLegacySnapshot`,
 * run once per context before the first read or write: it copies a stored snapshot into IndexedDB
 * unless IndexedDB already holds a newer one, waits for that transaction to commit, and only then
 * removes the old key, so a failure at any step loses nothing (the old key is read again next time).
 */
import { openDB, type IDBPDatabase } from 'idb';
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { Timestamp } from '../contract';
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

const Record_ = z.object({ revision: z.string().max(100), savedAt: Timestamp, snapshot: z.unknown() });
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
/** This context's last read or written snapshot, valid while the stored revision is `revision`. */
let memo: { revision: string; snapshot: Snapshot | null } | null = null;

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

/** Puts the snapshot and its revision in one transaction; resolves once it committed. */
async function putRecord(database: Db, snapshot: Snapshot | null, now: Date, onlyIfEmpty = false): Promise<string | null> {
  const revision = newRevision();
  const tx = database.transaction(STORE, 'readwrite');
  const store = tx.objectStore(STORE);
  if (onlyIfEmpty && (await store.get('revision')) !== undefined) {
    await tx.done;
    return null;
  }
  await store.put({ revision, savedAt: now.toISOString(), snapshot }, 'snapshot');
  await store.put({ revision }, 'revision');
  await tx.done;
  return revision;
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
  const revision = parsed.success ? await putRecord(database, parsed.data, now, true) : null;
  await browser.storage.local.remove([LEGACY_KEY, `${LEGACY_KEY}$`]);
  if (revision === null) return 'superseded';
  memo = { revision, snapshot: parsed.success ? parsed.data : null };
  await writeState({ revision, savedAt: now.toISOString(), failure: null }).catch(() => undefined);
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
  const revision = current.success ? current.data.revision : null;
  if (revision === null) return null;
  if (memo?.revision !== revision) {
    const record = Record_.safeParse(await database.get(STORE, 'snapshot'));
    const parsed = record.success ? Snapshot.nullable().safeParse(record.data.snapshot) : null;
    memo = { revision: record.success ? record.data.revision : revision, snapshot: parsed?.success ? parsed.data : null };
  }
  return memo.snapshot;
}

/**
 * Validates and stores the snapshot. Throws a StatusCacheWriteError when it could not be stored
 * (quota, a broken database): the caller then records what is true instead (`recordSaveFailure`).
 */
export async function writeStatusCache(snapshot: Snapshot, now = new Date()): Promise<void> {
  // Checked, then stored and remembered as given (the parse's copy would only cost a second
  // 10 MB object, and this context's watchers compare the status by identity).
  Snapshot.parse(snapshot);
  let revision: string;
  try {
    revision = (await putRecord(await db(), snapshot, now))!;
  } catch (error) {
    throw new StatusCacheWriteError(error);
  }
  memo = { revision, snapshot };
  // The signal for other contexts, and the end of any recorded failure. If only this small write
  // fails, the status is stored; other contexts see it on their next read.
  await writeState({ revision, savedAt: now.toISOString(), failure: null }).catch(() => undefined);
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
    Snapshot.parse(marker);
    const written = await putRecord(await db(), marker, now);
    if (written !== null) memo = { revision: written, snapshot: marker };
    revision = written;
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
