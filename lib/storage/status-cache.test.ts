import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { resellerStatus } from '../../tests/support/reseller-status';
import { connection, statusDoc, workspace } from '../../tests/support/status-fixtures';
import { StatusResponse } from '../contract';
import { rememberParsed } from '../util/parsed';
import type { Snapshot } from './snapshot';
import {
  closeStatusCache,
  LEGACY_KEY,
  readStatusCache,
  recordSaveFailure,
  STATE_KEY,
  STATUS_DB_NAME,
  STATUS_DB_VERSION,
  watchStatusCache,
  writeStatusCache,
} from './status-cache';

const snapshot = (status: Parameters<typeof connection>[0], at = '2026-11-21T10:00:00.000Z', id = 'ws-1'): Snapshot => ({
  lastAttemptAt: at,
  outcome: 'ok',
  detail: null,
  failingSince: null,
  failures: 0,
  retryAfterSeconds: null,
  lastGood: { status: statusDoc([workspace([connection(status)], { id })]), fetchedAt: at, etag: '"7"' },
});

/** What another context opening the database right now would find in it (no memory of ours). */
async function inDatabase(): Promise<unknown> {
  const db = await openDB(STATUS_DB_NAME, STATUS_DB_VERSION);
  try {
    const record = (await db.get('cache', 'snapshot')) as { snapshot?: Record<string, unknown> & { lastGood: { statusRevision: string; fetchedAt: string; etag: string | null } | null } } | undefined;
    const status = (await db.get('cache', 'status')) as { statusRevision: string; status: unknown } | undefined;
    if (!record?.snapshot) return undefined;
    const { lastGood, ...rest } = record.snapshot;
    if (lastGood && status?.statusRevision !== lastGood.statusRevision) throw new Error('the stored status is not the one the snapshot names');
    return { ...rest, lastGood: lastGood ? { status: status!.status, fetchedAt: lastGood.fetchedAt, etag: lastGood.etag } : null };
  } finally {
    db.close();
  }
}

/** The cache of the version before this one: a WXT item in storage.local (value + version meta). */
async function seedLegacy(value: unknown): Promise<void> {
  await fakeBrowser.storage.local.set({ [LEGACY_KEY]: value, [`${LEGACY_KEY}$`]: { v: 1 } });
}

describe('status cache: migration from storage.local', () => {
  it('an old cache moves into IndexedDB whole, and the old key goes only after that write committed', async () => {
    const old = snapshot('expired');
    await seedLegacy(old);
    const local = fakeBrowser.storage.local;
    const realRemove = local.remove.bind(local);
    const seenAtRemove: unknown[] = [];
    local.remove = async (keys: string | string[]) => {
      if ([keys].flat().includes(LEGACY_KEY)) seenAtRemove.push(await inDatabase());
      return realRemove(keys);
    };
    try {
      expect(await readStatusCache()).toEqual(old);
    } finally {
      local.remove = realRemove;
    }
    // When the old key was removed, the snapshot was already readable from a fresh connection.
    expect(seenAtRemove).toEqual([old]);
    expect(await inDatabase()).toEqual(old);
    expect(await fakeBrowser.storage.local.get([LEGACY_KEY, `${LEGACY_KEY}$`])).toEqual({});
    // And a later context (the popup) reads it from IndexedDB.
    await closeStatusCache();
    expect(await readStatusCache()).toEqual(old);
  });

  it('when the IndexedDB write fails, the old key stays and the next start moves it', async () => {
    const old = snapshot('missing-waba');
    await seedLegacy(old);
    const proto = IDBObjectStore.prototype as unknown as { put: (...args: unknown[]) => IDBRequest };
    const realPut = proto.put;
    proto.put = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      await expect(readStatusCache()).resolves.toMatchObject({ outcome: 'storage-error', detail: expect.stringMatching(/could not be read/) });
    } finally {
      proto.put = realPut;
    }
    expect((await fakeBrowser.storage.local.get(LEGACY_KEY))[LEGACY_KEY]).toEqual(old);
    await closeStatusCache();
    expect(await readStatusCache()).toEqual(old);
    expect((await fakeBrowser.storage.local.get(LEGACY_KEY))[LEGACY_KEY]).toBeUndefined();
  });

  it('a snapshot already in IndexedDB is newer than a leftover old key, which is removed', async () => {
    const current = snapshot('healthy', '2026-11-22T10:00:00.000Z');
    await writeStatusCache(current);
    await closeStatusCache();
    await seedLegacy(snapshot('expired'));
    expect(await readStatusCache()).toEqual(current);
    expect((await fakeBrowser.storage.local.get(LEGACY_KEY))[LEGACY_KEY]).toBeUndefined();
  });

  it('an old value that never parsed (the old version read it as no status) is removed, not imported', async () => {
    await seedLegacy({ outcome: 'ok', lastGood: 'garbage' });
    expect(await readStatusCache()).toBeNull();
    expect((await fakeBrowser.storage.local.get(LEGACY_KEY))[LEGACY_KEY]).toBeUndefined();
  });
});

describe('status cache: reads, writes, watchers', () => {
  it('holds a status far beyond storage.local’s 10 MB quota', async () => {
    const big: Snapshot = { ...snapshot('healthy'), lastGood: { status: resellerStatus(5000, 10), fetchedAt: '2026-11-21T10:00:00.000Z', etag: null } };
    expect(JSON.stringify(big).length).toBeGreaterThan(10 * 1024 * 1024);
    await writeStatusCache(big);
    await closeStatusCache();
    const read = await readStatusCache();
    expect(read?.lastGood?.status.workspaces).toHaveLength(5000);
    expect(read?.lastGood?.status.workspaces[4999]).toEqual(big.lastGood?.status.workspaces[4999]);
  });

  it('checks a status again unless the backend client’s parse returned that very object', async () => {
    const parse = vi.spyOn(StatusResponse, 'parse');
    const fromClient = rememberParsed(StatusResponse, StatusResponse.parse(snapshot('healthy').lastGood!.status));
    parse.mockClear();
    await writeStatusCache({ ...snapshot('healthy'), lastGood: { status: fromClient, fetchedAt: '2026-11-21T10:00:00.000Z', etag: null } });
    expect(parse).not.toHaveBeenCalled();
    await writeStatusCache(snapshot('expired', '2026-11-21T10:05:00.000Z'));
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('refuses to store a snapshot that does not fit its schema, and keeps what was stored', async () => {
    const good = snapshot('healthy');
    await writeStatusCache(good);
    await expect(writeStatusCache({ ...good, outcome: 'nonsense' } as unknown as Snapshot)).rejects.toThrow();
    await closeStatusCache();
    expect(await readStatusCache()).toEqual(good);
  });

  it('reads the record again only when its revision moved', async () => {
    await writeStatusCache(snapshot('healthy'));
    await closeStatusCache();
    const proto = IDBObjectStore.prototype as unknown as { get: (key: unknown) => IDBRequest };
    const realGet = proto.get;
    const keys: unknown[] = [];
    proto.get = function (this: IDBObjectStore, key: unknown) {
      keys.push(key);
      return realGet.call(this, key);
    };
    try {
      const first = await readStatusCache();
      const second = await readStatusCache();
      expect(second).toBe(first);
      expect(keys.filter((k) => k === 'snapshot')).toHaveLength(1);
    } finally {
      proto.get = realGet;
    }
  });

  it('a write that keeps the stored status object (a 304, a failure streak) writes only the small record', async () => {
    const first = snapshot('expired');
    await writeStatusCache(first);
    const proto = IDBObjectStore.prototype as unknown as { put: (value: unknown, key?: IDBValidKey) => IDBRequest };
    const realPut = proto.put;
    const keys: unknown[] = [];
    proto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      keys.push(key);
      return realPut.call(this, value, key);
    };
    const later: Snapshot = { ...first, lastAttemptAt: '2026-11-21T10:15:00.000Z', lastGood: { ...first.lastGood!, fetchedAt: '2026-11-21T10:15:00.000Z' } };
    const changed = snapshot('revoked', '2026-11-21T10:30:00.000Z');
    try {
      await writeStatusCache(later);
      expect(keys).toEqual(['snapshot', 'revision']);
      keys.length = 0;
      await writeStatusCache(changed);
      expect(keys).toEqual(['status', 'snapshot', 'revision']);
    } finally {
      proto.put = realPut;
    }
    await writeStatusCache(later);
    await closeStatusCache();
    // Another context reads the whole snapshot: the status record the small one names.
    expect(await readStatusCache()).toEqual(later);
    expect(await inDatabase()).toEqual(later);
  });

  it('a watcher hears each write (through the small storage.local signal) with the snapshot', async () => {
    const heard: (string | undefined)[] = [];
    const stop = watchStatusCache((s) => heard.push(s?.lastGood?.status.workspaces[0]?.connections[0]?.status));
    await writeStatusCache(snapshot('healthy'));
    await expect.poll(() => heard).toEqual(['healthy']);
    await writeStatusCache(snapshot('revoked', '2026-11-21T10:05:00.000Z'));
    await expect.poll(() => heard).toEqual(['healthy', 'revoked']);
    stop();
    expect((await fakeBrowser.storage.local.get(STATE_KEY))[STATE_KEY]).toMatchObject({ failure: null });
  });

  it('a save failure recorded when IndexedDB takes nothing is still what every reader gets, until the next good write', async () => {
    const good = snapshot('healthy');
    await writeStatusCache(good);
    const proto = IDBObjectStore.prototype as unknown as { put: (...args: unknown[]) => IDBRequest };
    const realPut = proto.put;
    proto.put = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const marker: Snapshot = { ...good, lastAttemptAt: '2026-11-21T10:15:00.000Z', outcome: 'storage-error', detail: 'the latest answer could not be saved in this browser (storage quota exceeded)', failingSince: '2026-11-21T10:15:00.000Z', failures: 1 };
    try {
      await expect(writeStatusCache(snapshot('expired', '2026-11-21T10:15:00.000Z'))).rejects.toThrow(/QuotaExceededError/);
      await recordSaveFailure(marker);
    } finally {
      proto.put = realPut;
    }
    expect(await inDatabase()).toEqual(good);
    await closeStatusCache();
    expect(await readStatusCache()).toEqual(marker);
    await writeStatusCache(snapshot('expired', '2026-11-21T10:30:00.000Z'));
    await closeStatusCache();
    expect(await readStatusCache()).toMatchObject({ outcome: 'ok', lastAttemptAt: '2026-11-21T10:30:00.000Z' });
  });
});
