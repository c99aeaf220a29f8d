import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphFixture } from '../../tests/support/graph-fixtures';
import { isScopeDeclared, parseDebugToken, scopeCovers, scopeTargets, toUnixTime, tokenTypeOf, unixToIso, type DebugTokenInfo } from './debug-token';

const fixture = graphFixture;
const M = 'whatsapp_business_management';
const G = 'whatsapp_business_messaging';
const A = '100000000000101';
const B = '100000000000102';
const C = '100000000000103';

function info(body: unknown): DebugTokenInfo {
  const parsed = parseDebugToken(body);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.info;
}

describe('parseDebugToken', () => {
  it('reads the documented ES sample (selected WABAs)', () => {
    const i = info(fixture('debug-token-es-selected.json'));
    expect(i).toMatchObject({ appId: '900000000000001', rawType: 'USER', tokenType: 'user', isValid: true, userId: '700000000000001', scopesPresent: true, warnings: [] });
    expect(i.expiresAt).toEqual({ kind: 'at', seconds: 1893456000 + 30 * 86400 });
    expect(i.scopes).toEqual([M, G, 'public_profile']);
    expect(scopeCovers(i, M, A)).toBe(true);
    expect(scopeCovers(i, M, B)).toBe(true);
    expect(scopeCovers(i, M, C)).toBe(false);
  });

  it('reads the documented system-user sample: 0 means never, no target_ids means all', () => {
    const i = info(fixture('debug-token-system-user-all.json'));
    expect(i.tokenType).toBe('system-user');
    expect(i.expiresAt).toEqual({ kind: 'zero' });
    expect(i.dataAccessExpiresAt).toEqual({ kind: 'zero' });
    expect(unixToIso(i.expiresAt)).toBeNull();
    for (const id of [A, B, C, '1']) expect(scopeCovers(i, M, id)).toBe(true);
  });

  it('accepts the inner object as well as the {data} wrapper', () => {
    const wrapped = fixture('debug-token-es-selected.json') as { data: unknown };
    expect(info(wrapped.data)).toEqual(info(wrapped));
  });

  it('reads an invalid token with its embedded error', () => {
    const i = info(fixture('debug-token-invalid-password-changed.json'));
    expect(i.isValid).toBe(false);
    expect(i.error).toMatchObject({ code: 190, subcode: 460 });
    expect(i.scopes).toEqual([]);
  });

  it('tolerates real-world noise: numbers as strings, numeric ids, lower-case type, duplicates, unknown keys', () => {
    const i = info(fixture('debug-token-messy-inner.json'));
    expect(i).toMatchObject({ appId: '900000000000001', tokenType: 'user', isValid: true, warnings: [] });
    expect(i.expiresAt.kind).toBe('at');
    expect(i.scopes).toEqual([M, G]); // de-duplicated
    // Two management entries are merged (union); messaging has one entry without targets: all.
    expect(scopeCovers(i, M, A)).toBe(true);
    expect(scopeCovers(i, M, B)).toBe(true);
    expect(scopeCovers(i, M, C)).toBe(false);
    expect(scopeCovers(i, G, C)).toBe(true);
    expect(new Set(scopeTargets(i, M))).toEqual(new Set([A, B]));
  });

  it('checks membership against the whole target list, not target_ids[0]', () => {
    const i = info(fixture('debug-token-waba-later-in-list.json'));
    expect(scopeCovers(i, M, B)).toBe(true);
    expect(scopeCovers(i, G, A)).toBe(true);
  });

  it('keeps absent, zero and malformed times apart', () => {
    expect(toUnixTime(undefined)).toEqual({ kind: 'absent' });
    expect(toUnixTime(null)).toEqual({ kind: 'absent' });
    expect(toUnixTime(0)).toEqual({ kind: 'zero' });
    expect(toUnixTime('0')).toEqual({ kind: 'zero' });
    expect(toUnixTime('1700000000')).toEqual({ kind: 'at', seconds: 1700000000 });
    expect(toUnixTime(1700000000.9)).toEqual({ kind: 'at', seconds: 1700000000 });
    for (const bad of [-1, 'soon', '', true, {}, [], Number.NaN, Number.POSITIVE_INFINITY, 1e15]) expect(toUnixTime(bad)).toEqual({ kind: 'malformed' });
    const i = info({ data: { is_valid: true, expires_at: 'tomorrow', scopes: [] } });
    expect(i.expiresAt).toEqual({ kind: 'malformed' });
    expect(i.warnings).toContain('expires_at is malformed');
    expect(info({ data: { is_valid: true } }).expiresAt).toEqual({ kind: 'absent' });
  });

  it('maps token types: USER, SYSTEM_USER; PAGE, APP and others are unknown', () => {
    expect(['USER', 'SYSTEM_USER', 'PAGE', 'APP', 'WHATEVER', null].map(tokenTypeOf)).toEqual(['user', 'system-user', 'unknown', 'unknown', 'unknown', 'unknown']);
    expect(info({ data: { type: 'system_user', is_valid: true } }).tokenType).toBe('system-user');
    expect(info({ data: { type: 'PAGE', is_valid: true, profile_id: '600000000000001' } })).toMatchObject({ tokenType: 'unknown', profileId: '600000000000001' });
  });

  it('scopes present but granular_scopes absent: declared, coverage unknown', () => {
    const i = info(fixture('debug-token-no-granular.json'));
    expect(i.granular).toBeNull();
    expect(isScopeDeclared(i, M)).toBe(true);
    expect(scopeCovers(i, M, A)).toBeNull();
    expect(scopeCovers(i, 'catalog_management', A)).toBe(false);
  });

  it('neither list: nothing is known', () => {
    const i = info({ data: { is_valid: true, app_id: '1' } });
    expect(scopeCovers(i, M, A)).toBeNull();
  });

  it('unreadable target_ids make coverage unknown, never "all"', () => {
    const i = info({ data: { is_valid: true, scopes: [M], granular_scopes: [{ scope: M, target_ids: null }, { scope: G, target_ids: [A, 'not-an-id'] }] } });
    expect(scopeCovers(i, M, A)).toBeNull();
    expect(scopeCovers(i, G, A)).toBe(true);
    expect(scopeCovers(i, G, B)).toBeNull();
    expect(i.warnings.length).toBe(2);
  });

  it('an empty target list covers nothing', () => {
    const i = info({ data: { is_valid: true, scopes: [M], granular_scopes: [{ scope: M, target_ids: [] }] } });
    expect(scopeCovers(i, M, A)).toBe(false);
  });

  it('drops malformed entries with a warning instead of failing', () => {
    const i = info({ data: { is_valid: 'yes', scopes: [M, 42, null, ' '], granular_scopes: [{ target_ids: [A] }, 'x', { scope: G }], app_id: 'abc', user_id: {} } });
    expect(i.isValid).toBeNull();
    expect(i.appId).toBeNull();
    expect(i.userId).toBeNull();
    expect(i.scopes).toEqual([M]);
    expect(scopeCovers(i, G, A)).toBe(true);
    expect(i.warnings).toEqual(expect.arrayContaining(['is_valid is malformed', 'app_id is malformed', 'user_id is malformed']));
  });

  it('accepts a comma-separated scopes string', () => {
    expect(info({ data: { is_valid: true, scopes: `${M},${G}` } }).scopes).toEqual([M, G]);
  });

  it('refuses what is not a debug_token answer, with a reason', () => {
    for (const bad of [null, [], 'x', 1, {}, { data: {} }, { hello: 'world' }]) {
      const parsed = parseDebugToken(bad);
      expect(parsed.ok).toBe(false);
    }
    const envelope = parseDebugToken({ error: { code: 190, message: 'Invalid OAuth access token' } });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) expect(envelope.reason).toMatch(/Graph error/);
  });

  it('property: never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(() => parseDebugToken(value)).not.toThrow();
        expect(() => parseDebugToken({ data: value })).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('property: coverage of a granular entry without target_ids is true for any id', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,20}$/), (id) => {
        expect(scopeCovers(info({ data: { is_valid: true, granular_scopes: [{ scope: M, target_ids: [A] }, { scope: M }] } }), M, id)).toBe(true);
      }),
    );
  });
});
