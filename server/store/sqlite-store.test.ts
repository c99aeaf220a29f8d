// @vitest-environment node
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from './migrations';
import { SqliteStore } from './sqlite-store';

let dir: string;
let file: string;
let store: SqliteStore;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ra-store-'));
  file = path.join(dir, 'nested', 'db.sqlite');
  store = SqliteStore.open(file);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('schema', () => {
  it('is created on first open (WAL, versioned) and not re-applied', async () => {
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version, name FROM schema_migrations').all()).toEqual(migrations.map((m) => ({ version: m.version, name: m.name })));
    db.close();
    await store.close();
    store = SqliteStore.open(file);
    const again = new Database(file, { readonly: true });
    expect((again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(migrations.length);
    again.close();
  });

  it('refuses a database written by a newer version', async () => {
    await store.close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')").run();
    db.close();
    expect(() => SqliteStore.open(file)).toThrow(/schema version\(s\) 999 .* newer version/);
    store = SqliteStore.open(path.join(dir, 'other.sqlite'));
  });
});

// Seeding, checks, history and token times run on both stores in ./store.test.ts; here only
// what is SQLite's own: the schema file and single-use keys across a reopen of the file.

describe('claimOnce', () => {
  it('is true once per key, false after, across a reopen of the file', async () => {
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(await store.claimOnce('state:abc', later)).toBe(true);
    expect(await store.claimOnce('state:abc', later)).toBe(false);
    expect(await store.claimOnce('state:def', later)).toBe(true);
    await store.close();
    store = SqliteStore.open(file);
    expect(await store.claimOnce('state:abc', later)).toBe(false);
  });

  it('forgets keys past their expiry (they are refused by their signature’s expiry anyway)', async () => {
    expect(await store.claimOnce('old', new Date(Date.now() - 1000).toISOString())).toBe(true);
    await store.claimOnce('trigger-cleanup', new Date(Date.now() + 60_000).toISOString());
    const db = new Database(file, { readonly: true });
    try {
      expect((db.prepare('SELECT key FROM used_once ORDER BY key').all() as { key: string }[]).map((r) => r.key)).toEqual(['trigger-cleanup']);
    } finally {
      db.close();
    }
  });
});
