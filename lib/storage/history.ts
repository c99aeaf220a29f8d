/**
 * Local history in IndexedDB (via idb): status transitions, checks, backend outages, reconnect
 * starts, flow outcomes and reconnect results (outcome + difference), so an admin (or support) can see what happened and when, and export it.
 *
 * - Bounded: at most MAX_EVENTS rows; the oldest are pruned in the same transaction as each insert.
 * - Versioned: MIGRATIONS[i] upgrades a database from version i to i + 1. Version 1 (the first
 *   release's layout) kept only transitions in a `transitions` store; version 2 keeps every kind in
 *   one `events` store with `at` and `workspaceId` indexes and moves the old rows over. A new
 *   version appends a step here and a test that upgrades real old data (tests use fake-indexeddb).
 * - Validated: rows are zod-checked when read; a row that does not parse is exported as
 *   `unreadable` with its raw value, never silently dropped.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { z } from 'zod';
import { ConnectionStatus, FlowOutcome, Timestamp } from '../contract';
import { Difference } from '../flow/before-after';
import { OutcomeSummary, SeenInFlow } from '../flow/verification';

export const DB_NAME = 'reconnect-assistant-history';
export const MAX_EVENTS = 5000;

const Id = z.string().max(128);
const Outcome = z.enum(['ok', 'not-configured', 'unreachable', 'unauthorized', 'http-error', 'invalid-response', 'not-modified', 'storage-error']);

export const HistoryEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('transition'),
    at: Timestamp,
    workspaceId: Id,
    connectionId: Id,
    from: ConnectionStatus.nullable(),
    to: ConnectionStatus,
    problems: z.array(z.string().max(64)).max(100),
  }),
  z.object({
    kind: z.literal('check'),
    at: Timestamp,
    workspaceId: Id,
    trigger: z.enum(['manual', 'notification', 'reconnect']),
    result: Outcome,
    detail: z.string().max(1000).nullable(),
    statuses: z.array(z.object({ connectionId: Id, status: ConnectionStatus })).max(50),
  }),
  z.object({
    kind: z.literal('backend'),
    at: Timestamp,
    workspaceId: z.null(),
    from: Outcome.nullable(),
    to: Outcome,
    detail: z.string().max(1000).nullable(),
  }),
  z.object({
    kind: z.literal('reconnect-started'),
    at: Timestamp,
    workspaceId: Id,
    url: z.string().max(2000),
    before: z.array(z.object({ connectionId: Id, status: ConnectionStatus })).max(50),
  }),
  z.object({
    kind: z.literal('flow'),
    at: Timestamp,
    workspaceId: Id,
    outcome: FlowOutcome,
    detail: z.string().max(1000).nullable(),
  }),
  /** A reconnect attempt after Meta returned: how it ended, what was verified, what changed. */
  z.object({
    kind: z.literal('reconnect-result'),
    at: Timestamp,
    workspaceId: Id,
    startedAt: Timestamp,
    endedAt: Timestamp,
    outcome: OutcomeSummary,
    seen: SeenInFlow,
    result: z.enum(['verified', 'timeout', 'not-run', 'abandoned', 'unverified']),
    /** The result in words, state first (lib/flow/verification-words.ts). */
    headline: z.string().max(1000),
    difference: Difference.nullable(),
  }),
]);
export type HistoryEvent = z.infer<typeof HistoryEvent>;
export type StoredEvent = HistoryEvent & { id: number };

type Db = IDBPDatabase<unknown>;
type UpgradeTx = IDBPTransaction<unknown, string[], 'versionchange'>;

/** MIGRATIONS[i]: version i → i + 1. Only IDB requests may be awaited inside (the transaction must stay alive). */
export const MIGRATIONS: ((db: Db, tx: UpgradeTx) => Promise<void>)[] = [
  // → v1: status transitions only.
  async (db) => {
    db.createObjectStore('transitions', { keyPath: 'id', autoIncrement: true }).createIndex('at', 'at');
  },
  // → v2: one store for every kind of event; v1 transitions move over unchanged in meaning.
  async (db, tx) => {
    const events = db.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
    events.createIndex('at', 'at');
    events.createIndex('workspaceId', 'workspaceId');
    const old = tx.objectStore('transitions');
    for (let cursor = await old.openCursor(); cursor; cursor = await cursor.continue()) {
      const row = cursor.value as Record<string, unknown>;
      const { id: _id, ...rest } = row;
      await tx.objectStore('events').add({ kind: 'transition', problems: [], ...rest });
    }
    db.deleteObjectStore('transitions');
  },
];
export const DB_VERSION = MIGRATIONS.length;

export async function openHistoryDb(version = DB_VERSION, name = DB_NAME): Promise<Db> {
  return openDB(name, version, {
    // idb ignores what upgrade returns: a failed migration aborts the upgrade transaction, so
    // openDB rejects instead of leaving a half-migrated database behind an unhandled rejection.
    upgrade(db, oldVersion, newVersion, tx) {
      const migrate = async () => {
        for (let v = oldVersion; v < (newVersion ?? version); v += 1) await MIGRATIONS[v]!(db, tx as UpgradeTx);
      };
      migrate().catch(() => tx.abort());
    },
  });
}

let dbPromise: Promise<Db> | null = null;
function db(): Promise<Db> {
  dbPromise ??= openHistoryDb().then((opened) => {
    // Another context (options page, service worker of a newer version) wants to upgrade: let it.
    opened.addEventListener('versionchange', () => {
      opened.close();
      dbPromise = null;
    });
    return opened;
  });
  return dbPromise;
}

/** Closes this context's connection (tests; before deleting the database). */
export async function closeHistory(): Promise<void> {
  if (dbPromise) (await dbPromise).close();
  dbPromise = null;
}

/** Adds events (validated), then prunes the oldest beyond `max`, in one transaction. */
export async function recordEvents(events: HistoryEvent[], max = MAX_EVENTS): Promise<void> {
  if (!events.length) return;
  const valid = events.map((event) => HistoryEvent.parse(event));
  const tx = (await db()).transaction('events', 'readwrite');
  const store = tx.objectStore('events');
  for (const event of valid) await store.add(event);
  // The oldest `excess` rows go in one range delete (ids grow), not one request per row.
  const excess = (await store.count()) - max;
  if (excess > 0) {
    const first = await store.openKeyCursor();
    const last = first && excess > 1 ? await first.advance(excess - 1) : first;
    if (last) await store.delete(IDBKeyRange.upperBound(last.primaryKey));
  }
  await tx.done;
}

export type ReadEvent = StoredEvent | { id: number; kind: 'unreadable'; raw: string };

/** Oldest first; optionally one workspace's events (plus backend-wide ones), the last `limit`. */
export async function readEvents(options: { workspaceId?: string; limit?: number } = {}): Promise<ReadEvent[]> {
  const database = await db();
  const rows = options.workspaceId
    ? await database.getAllFromIndex('events', 'workspaceId', options.workspaceId)
    : await database.getAll('events');
  const read = rows.map((row): ReadEvent => {
    const parsed = HistoryEvent.safeParse(row);
    const id = Number((row as { id?: unknown }).id);
    return parsed.success ? { ...parsed.data, id } : { id, kind: 'unreadable', raw: JSON.stringify(row).slice(0, 2000) };
  });
  read.sort((a, b) => a.id - b.id);
  return options.limit ? read.slice(-options.limit) : read;
}

export interface HistoryExport {
  format: 'reconnect-assistant-history';
  schemaVersion: number;
  exportedAt: string;
  extensionVersion: string;
  events: ReadEvent[];
}

export async function exportHistory(extensionVersion: string, now = new Date()): Promise<HistoryExport> {
  return { format: 'reconnect-assistant-history', schemaVersion: DB_VERSION, exportedAt: now.toISOString(), extensionVersion, events: await readEvents() };
}
