import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { closeHistory, DB_NAME, DB_VERSION, exportHistory, MIGRATIONS, openHistoryDb, readEvents, recordEvents, type HistoryEvent } from './history';

afterEach(async () => {
  await closeHistory();
  await deleteDB(DB_NAME);
});

const transition = (i: number): HistoryEvent => ({
  kind: 'transition',
  at: new Date(Date.UTC(2026, 10, 21, 0, i)).toISOString(),
  workspaceId: 'ws-1',
  connectionId: 'c',
  from: 'healthy',
  to: 'expired',
  problems: ['token-expired'],
});

describe('history in IndexedDB', () => {
  it('is at version 2 or later', () => {
    expect(DB_VERSION).toBeGreaterThanOrEqual(2);
  });

  it('upgrades a version 1 database and keeps its transitions (v1 → current)', async () => {
    // A profile from the first release: only the v1 step ran, and it holds data.
    const v1 = await openHistoryDb(1);
    expect([...v1.objectStoreNames]).toEqual(['transitions']);
    await v1.add('transitions', { at: '2026-10-01T00:00:00.000Z', workspaceId: 'ws-1', connectionId: 'c', from: 'healthy', to: 'expiring' });
    await v1.add('transitions', { at: '2026-10-02T00:00:00.000Z', workspaceId: 'ws-2', connectionId: 'c', from: null, to: 'revoked' });
    await v1.add('transitions', { at: 'garbage', workspaceId: 42 });
    v1.close();

    const events = await readEvents();
    expect(events.slice(0, 2)).toEqual([
      { id: 1, kind: 'transition', at: '2026-10-01T00:00:00.000Z', workspaceId: 'ws-1', connectionId: 'c', from: 'healthy', to: 'expiring', problems: [] },
      { id: 2, kind: 'transition', at: '2026-10-02T00:00:00.000Z', workspaceId: 'ws-2', connectionId: 'c', from: null, to: 'revoked', problems: [] },
    ]);
    // A row that was already broken is kept and shown as unreadable, not dropped.
    expect(events[2]).toMatchObject({ id: 3, kind: 'unreadable', raw: expect.stringContaining('garbage') });
    const db = await openDB(DB_NAME);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames]).toEqual(['events']);
    expect([...db.transaction('events').store.indexNames].sort()).toEqual(['at', 'workspaceId']);
    db.close();
  });

  it('creates the current schema from scratch in the same shape as an upgrade', async () => {
    const fresh = await openHistoryDb();
    const stores = [...fresh.objectStoreNames];
    fresh.close();
    expect(stores).toEqual(['events']);
    expect(MIGRATIONS).toHaveLength(DB_VERSION);
  });

  it('records every kind, validated, and reads one workspace', async () => {
    await recordEvents([
      transition(1),
      { kind: 'check', at: '2026-11-21T00:02:00.000Z', workspaceId: 'ws-2', trigger: 'manual', result: 'ok', detail: null, statuses: [{ connectionId: 'c', status: 'healthy' }] },
      { kind: 'backend', at: '2026-11-21T00:03:00.000Z', workspaceId: null, from: 'ok', to: 'unreachable', detail: 'backend unreachable (network error)' },
      { kind: 'reconnect-started', at: '2026-11-21T00:04:00.000Z', workspaceId: 'ws-1', url: 'https://app.example.test/reconnect', before: [{ connectionId: 'c', status: 'expired' }] },
      { kind: 'flow', at: '2026-11-21T00:05:00.000Z', workspaceId: 'ws-1', outcome: 'completed', detail: null },
    ]);
    expect((await readEvents()).map((e) => e.kind)).toEqual(['transition', 'check', 'backend', 'reconnect-started', 'flow']);
    expect((await readEvents({ workspaceId: 'ws-1' })).map((e) => e.kind)).toEqual(['transition', 'reconnect-started', 'flow']);
    await expect(recordEvents([{ ...transition(1), to: 'bogus' } as unknown as HistoryEvent])).rejects.toThrow();
  });

  it('is bounded: the oldest events are pruned', async () => {
    await recordEvents(Array.from({ length: 8 }, (_, i) => transition(i)), 5);
    await recordEvents([transition(9)], 5);
    const events = await readEvents();
    expect(events.map((e) => e.id)).toEqual([5, 6, 7, 8, 9]);
  });

  it('exports as JSON with its schema version', async () => {
    await recordEvents([transition(1)]);
    const exported = await exportHistory('1.2.3', new Date('2026-11-21T12:00:00Z'));
    expect(JSON.parse(JSON.stringify(exported))).toEqual({
      format: 'reconnect-assistant-history',
      schemaVersion: DB_VERSION,
      exportedAt: '2026-11-21T12:00:00.000Z',
      extensionVersion: '1.2.3',
      events: [{ id: 1, ...transition(1) }],
    });
  });
});
