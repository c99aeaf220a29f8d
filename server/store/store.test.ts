// @vitest-environment node
/**
 * The Store contract, run against both implementations: SQLite (a temporary file) and PostgreSQL
 * (a throwaway cluster from ../testing/pg-cluster.ts; fails under CI=true when PostgreSQL is
 * missing, skips elsewhere with the reason printed).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashAdminToken } from '../auth';
import { neverChecked } from '../connection-view';
import { SecretBox } from '../crypto';
import { applySeed, parseSeed, type Seed } from '../seed';
import { storeKinds, type StoreFixture } from '../testing/store-fixtures';
import { migrations } from './migrations';
import { pgMigrations } from './pg-migrations';
import type { ConnectionState } from './store';

const demo = (): Seed => parseSeed(JSON.parse(readFileSync(new URL('../demo/seed.json', import.meta.url), 'utf8')));
const box = new SecretBox(randomBytes(32));
const adminId = (seed: Seed, index = 0) => `admin-${hashAdminToken(seed.admins[index]!.token).slice(0, 16)}`;

describe.each(storeKinds())('$name store', (kind) => {
  let fx: StoreFixture;
  let store: StoreFixture['store'];
  beforeAll(async () => {
    await kind.setup();
  }, 60_000);
  afterAll(async () => {
    await kind.teardown();
  });
  beforeEach(async () => {
    fx = await kind.create();
    store = fx.store;
  });
  afterEach(async () => {
    await fx.close();
  });

  describe('applySeed', () => {
    it('writes the seed once; applying it again changes nothing, byte for byte', async () => {
      const seed = demo();
      expect((await applySeed(store, seed, box)).changed).toBeGreaterThan(0);
      const before = await fx.dump();
      expect((await applySeed(store, seed, box)).changed).toBe(0);
      expect(await fx.dump()).toEqual(before);
    });

    it('treats the seed as the list of admins: a removed or rotated token stops working', async () => {
      const seed = demo();
      await applySeed(store, seed, box);
      expect(await store.findAdminByTokenHash(hashAdminToken(seed.admins[1]!.token))).not.toBeNull();
      const next = demo();
      next.admins = [{ ...next.admins[0]!, token: 'rotated-demo-admin-token-000000000000' }];
      expect((await applySeed(store, next, box)).changed).toBeGreaterThan(0);
      expect(await store.findAdminByTokenHash(hashAdminToken(seed.admins[0]!.token))).toBeNull();
      expect(await store.findAdminByTokenHash(hashAdminToken(seed.admins[1]!.token))).toBeNull();
      const rotated = await store.findAdminByTokenHash(hashAdminToken('rotated-demo-admin-token-000000000000'));
      expect(rotated?.name).toBe('Demo Admin');
      expect((await store.listWorkspaces(rotated!.id)).map((w) => w.id)).toEqual(seed.admins[0]!.workspaces.slice().sort());
    });

    it('syncs memberships, updates changed workspaces, and re-seals a changed token keeping the last state', async () => {
      const seed = demo();
      await applySeed(store, seed, box);
      const state: ConnectionState = { ...neverChecked('whatsapp', []), status: 'healthy', lastCheckedAt: '2026-11-21T10:00:00.000Z' };
      await store.saveCheck('acme-wa', state, null);
      const next = demo();
      next.admins[0]!.workspaces = ['acme-support'];
      next.workspaces[0]!.name = 'Acme Support (renamed)';
      next.workspaces[0]!.connections[0]!.accessToken = 'a-new-token-after-reconnect';
      const { changed } = await applySeed(store, next, box);
      expect(changed).toBe(1 /* workspace */ + 1 /* token */ + 7 /* memberships removed */);
      const workspaces = await store.listWorkspaces(adminId(seed));
      expect(workspaces.map((w) => [w.id, w.name])).toEqual([['acme-support', 'Acme Support (renamed)']]);
      const acme = await store.getConnection('acme-wa');
      expect(acme?.state?.status).toBe('healthy');
      expect(box.open((await store.getConnectionToken('acme-wa'))!, 'connection:acme-wa:token')).toBe('a-new-token-after-reconnect');
      // Other workspaces are not deleted (their history stays), only no longer visible to that admin.
      expect(await store.getConnection('harbor-wa')).not.toBeNull();
    });
  });

  describe('connections a Meta webhook is about', () => {
    it('finds WhatsApp connections by expected WABA and every connection of a business, in the database', async () => {
      await applySeed(store, demo(), box);
      expect(await store.findConnectionsFor({ wabaIds: ['900000000000012'], businessIds: [] })).toEqual(['acme-wa']);
      expect(await store.findConnectionsFor({ wabaIds: ['900000000000021', '900000000000031'], businessIds: [] })).toEqual(['harbor-wa', 'juniper-wa']);
      expect(await store.findConnectionsFor({ wabaIds: [], businessIds: ['800000000000001'] })).toEqual(['acme-catalog', 'acme-wa']);
      expect(await store.findConnectionsFor({ wabaIds: ['900000000000099', "x' OR '1'='1"], businessIds: ['800000000000099'] })).toEqual([]);
      expect(await store.findConnectionsFor({ wabaIds: [], businessIds: [] })).toEqual([]);
    });

    it('follows the seed: a WABA taken off a workspace no longer routes there, a new one does', async () => {
      await applySeed(store, demo(), box);
      const next = demo();
      const acme = next.workspaces.find((w) => w.id === 'acme-support')!;
      const [kept] = acme.expectedWabas;
      acme.expectedWabas = [{ id: '900000000000777', name: 'Acme New' }];
      await applySeed(store, next, box);
      expect(await store.findConnectionsFor({ wabaIds: [kept!.id], businessIds: [] })).toEqual([]);
      expect(await store.findConnectionsFor({ wabaIds: ['900000000000777'], businessIds: [] })).toEqual(['acme-wa']);
      // The same WABA expected by two workspaces routes to both; a catalog connection never by WABA.
      const shared = demo();
      shared.workspaces.find((w) => w.id === 'harbor-shop')!.expectedWabas.push({ id: '900000000000777', name: 'Shared' });
      shared.workspaces.find((w) => w.id === 'acme-support')!.expectedWabas = [{ id: '900000000000777', name: 'Acme New' }];
      await applySeed(store, shared, box);
      expect(await store.findConnectionsFor({ wabaIds: ['900000000000777'], businessIds: [] })).toEqual(['acme-wa', 'harbor-wa']);
      expect((await fx.dump()) as { workspace_wabas: unknown[] }).toMatchObject({ workspace_wabas: expect.arrayContaining([{ waba_id: '900000000000777', workspace_id: 'acme-support' }]) });
    });

    it('a database of the version before the routing index migrates with its WABAs indexed and nothing lost', async () => {
      const indexMigration = (kind.name === 'sqlite' ? migrations : pgMigrations).find((m) => m.name.startsWith('webhook routing index'))!;
      const older = await kind.createAtVersion(indexMigration.version - 1);
      // Rows as the previous version wrote them, with a damaged and an odd JSON among them.
      await older.exec(`
        INSERT INTO workspaces (id, name, reconnect_url, business_id, business_name, expected_wabas) VALUES
          ('w-two', 'Two WABAs', 'https://example.com/r', '800000000000001', 'Biz', '[{"id":"900000000000001","name":"A"},{"id":"900000000000002","name":"B"}]'),
          ('w-none', 'None', 'https://example.com/r', NULL, NULL, '[]'),
          ('w-damaged', 'Damaged', 'https://example.com/r', NULL, NULL, 'not json ['),
          ('w-odd', 'Odd', 'https://example.com/r', NULL, NULL, '[7, {"id": 900000000000003}, {"name": "no id"}, {"id":"900000000000002","name":"B too"}]'),
          ('w-object', 'Object', 'https://example.com/r', NULL, NULL, '{"id":"900000000000001"}');
        INSERT INTO connections (id, workspace_id, kind, token_sealed, token_fingerprint, status) VALUES
          ('c-two-wa', 'w-two', 'whatsapp', 'sealed', 'fp1', 'healthy'),
          ('c-two-cat', 'w-two', 'catalog', 'sealed', 'fp2', 'unknown'),
          ('c-damaged', 'w-damaged', 'whatsapp', 'sealed', 'fp3', 'unknown'),
          ('c-odd', 'w-odd', 'whatsapp', 'sealed', 'fp4', 'unknown'),
          ('c-object', 'w-object', 'whatsapp', 'sealed', 'fp5', 'unknown');
        INSERT INTO settings (name, value) VALUES ('key-check', 'kept');
      `);
      const opened = await older.open();
      try {
        const after = (await opened.dump()) as Record<string, unknown[]>;
        expect(after.workspace_wabas).toEqual([
          { waba_id: '900000000000001', workspace_id: 'w-two' },
          { waba_id: '900000000000002', workspace_id: 'w-odd' },
          { waba_id: '900000000000002', workspace_id: 'w-two' },
        ]);
        expect(after.workspaces).toHaveLength(5);
        expect(after.connections).toHaveLength(5);
        expect(after.settings).toEqual([{ name: 'key-check', value: 'kept' }]);
        expect((after.schema_migrations as { version: number }[]).map((r) => r.version)).toContain(indexMigration.version);
        expect((after.workspaces as { id: string; expected_wabas: string }[]).find((w) => w.id === 'w-damaged')?.expected_wabas).toBe('not json [');
        expect(await opened.store.findConnectionsFor({ wabaIds: ['900000000000002'], businessIds: [] })).toEqual(['c-odd', 'c-two-wa']);
        expect(await opened.store.findConnectionsFor({ wabaIds: ['900000000000001', '900000000000003'], businessIds: [] })).toEqual(['c-two-wa']);
        expect(await opened.store.findConnectionsFor({ wabaIds: [], businessIds: ['800000000000001'] })).toEqual(['c-two-cat', 'c-two-wa']);
      } finally {
        await opened.close();
      }
    });
  });

  describe('checks and history', () => {
    beforeEach(async () => {
      await applySeed(store, demo(), box);
    });

    it('saves a check with its transition atomically, and lists history newest first', async () => {
      const healthy: ConnectionState = { ...neverChecked('whatsapp', []), status: 'healthy', lastCheckedAt: '2026-11-21T10:00:00.000Z' };
      await store.saveCheck('harbor-wa', healthy, { id: 'tr-1', at: '2026-11-21T10:00:00.000Z', from: 'unknown', to: 'healthy', problems: [], trigger: 'startup' });
      await store.addFlowReport({
        id: 'fr-1',
        receivedAt: '2026-11-21T10:05:00.000Z',
        report: { workspaceId: 'harbor-shop', startedAt: '2026-11-21T10:01:00Z', endedAt: '2026-11-21T10:04:00Z', source: 'oauth-dialog', outcome: 'completed', currentStep: null, errorCode: null, businessId: null, wabaMode: null, wabas: [], permissions: [], alerts: [] },
      });
      const expiring: ConnectionState = { ...healthy, status: 'expiring', lastCheckedAt: '2026-11-21T10:10:00.000Z' };
      await store.saveCheck('harbor-wa', expiring, { id: 'tr-2', at: '2026-11-21T10:10:00.000Z', from: 'healthy', to: 'expiring', problems: ['token-expiring'], trigger: 'schedule' });
      const entries = await store.listHistory('harbor-shop', 10);
      expect(entries.map((e) => e.id)).toEqual(['tr-2', 'fr-1', 'tr-1']);
      expect(entries[0]).toEqual({ kind: 'transition', id: 'tr-2', at: '2026-11-21T10:10:00.000Z', connectionId: 'harbor-wa', from: 'healthy', to: 'expiring', problems: ['token-expiring'], trigger: 'schedule' });
      expect(await store.listHistory('harbor-shop', 1)).toHaveLength(1);
      expect(await store.listHistory('acme-support', 10)).toEqual([]);
      expect((await store.getConnection('harbor-wa'))?.state?.status).toBe('expiring');
    });

    it('reads a damaged row as never checked / skips it, instead of serving it', async () => {
      await fx.exec("UPDATE connections SET state = '{\"status\":\"bogus\"}' WHERE id = 'acme-wa'");
      await fx.exec("UPDATE connections SET state = 'not json' WHERE id = 'harbor-wa'");
      await fx.exec("INSERT INTO history (id, workspace_id, at, kind, connection_id, payload) VALUES ('bad', 'acme-support', 'x', 'transition', 'acme-wa', '{')");
      expect((await store.getConnection('acme-wa'))?.state).toBeNull();
      expect((await store.getConnection('harbor-wa'))?.state).toBeNull();
      expect(await store.listHistory('acme-support', 10)).toEqual([]);
    });

    it('isolates workspaces per admin', async () => {
      const seed = demo();
      expect(await store.getWorkspace(adminId(seed), 'zeta-private')).toBeNull();
      expect(await store.getWorkspace(adminId(seed, 1), 'zeta-private')).not.toBeNull();
      expect(await store.getWorkspace(adminId(seed), 'nope')).toBeNull();
    });
  });

  describe('token times (a reconnect versus the seed) and single-use keys', () => {
    const at = (iso: string) => new Date(iso);
    const tokenOf = async (id: string) => box.open((await store.getConnectionToken(id))!, `connection:${id}:token`);
    const updatedAt = async (id: string) => (await store.getConnection(id))!.tokenUpdatedAt;

    it('a seed token gets the time of the load that first brought it; reloading keeps it', async () => {
      await applySeed(store, demo(), box, at('2026-11-01T00:00:00Z'));
      expect(await updatedAt('acme-wa')).toBe('2026-11-01T00:00:00.000Z');
      expect((await applySeed(store, demo(), box, at('2026-11-05T00:00:00Z'))).changed).toBe(0);
      expect(await updatedAt('acme-wa')).toBe('2026-11-01T00:00:00.000Z');
    });

    it('a reconnect’s token survives reloading the same seed; a token newly put in the seed later wins', async () => {
      await applySeed(store, demo(), box, at('2026-11-01T00:00:00Z'));
      const sealed = box.seal('reconnected-token', 'connection:acme-wa:token');
      expect(await store.replaceConnectionToken('acme-wa', sealed, box.fingerprint('reconnected-token'), '2026-11-02T00:00:00.000Z')).toBe(true);
      expect(await store.replaceConnectionToken('no-such-connection', sealed, 'x', '2026-11-02T00:00:00.000Z')).toBe(false);
      expect((await applySeed(store, demo(), box, at('2026-11-03T00:00:00Z'))).changed).toBe(0);
      expect(await tokenOf('acme-wa')).toBe('reconnected-token');
      expect(await updatedAt('acme-wa')).toBe('2026-11-02T00:00:00.000Z');
      const edited = demo();
      edited.workspaces[0]!.connections[0]!.accessToken = 'operator-rotated-token';
      expect((await applySeed(store, edited, box, at('2026-11-04T00:00:00Z'))).changed).toBe(1);
      expect(await tokenOf('acme-wa')).toBe('operator-rotated-token');
      expect(await updatedAt('acme-wa')).toBe('2026-11-04T00:00:00.000Z');
    });

    it('a seed-given tokenUpdatedAt older than the reconnect loses; a newer one wins', async () => {
      await applySeed(store, demo(), box, at('2026-11-01T00:00:00Z'));
      await store.replaceConnectionToken('acme-wa', box.seal('reconnected-token', 'connection:acme-wa:token'), box.fingerprint('reconnected-token'), '2026-11-02T00:00:00.000Z');
      const older = demo();
      older.workspaces[0]!.connections[0]!.accessToken = 'seed-token-older';
      older.workspaces[0]!.connections[0]!.tokenUpdatedAt = '2026-11-01T12:00:00+00:00';
      await applySeed(store, older, box, at('2026-11-09T00:00:00Z'));
      expect(await tokenOf('acme-wa')).toBe('reconnected-token');
      const newer = demo();
      newer.workspaces[0]!.connections[0]!.accessToken = 'seed-token-newer';
      newer.workspaces[0]!.connections[0]!.tokenUpdatedAt = '2026-11-02T12:00:00Z';
      await applySeed(store, newer, box, at('2026-11-09T00:00:00Z'));
      expect(await tokenOf('acme-wa')).toBe('seed-token-newer');
      expect(await updatedAt('acme-wa')).toBe('2026-11-02T12:00:00.000Z');
    });

    it('claimOnce is true once per key, false after, and one of concurrent claims wins', async () => {
      const later = new Date(Date.now() + 60_000).toISOString();
      expect(await store.claimOnce('state:abc', later)).toBe(true);
      expect(await store.claimOnce('state:abc', later)).toBe(false);
      expect(await store.claimOnce('state:def', later)).toBe(true);
      const claims = await Promise.all(Array.from({ length: 8 }, () => store.claimOnce('state:race', later)));
      expect(claims.filter(Boolean)).toHaveLength(1);
    });
  });
});
