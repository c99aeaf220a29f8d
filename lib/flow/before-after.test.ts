import { describe, expect, it } from 'vitest';
import type { Connection, Problem } from '../contract';
import { connection, workspace } from '../../tests/support/status-fixtures';
import { connectionDifference, difference, Difference, expiryOf, permissionHeld, wabaCovered } from './before-after';
import { ACCESS_REDUCED, differenceWords } from './before-after-words';

const MGMT = 'whatsapp_business_management';
const MSG = 'whatsapp_business_messaging';
const WABA_A = { id: '100000000000001', name: 'Support line', expected: true, management: true, messaging: true, reachable: true, health: 'available' as const };
const WABA_B = { id: '100000000000002', name: 'Sales line', expected: true, management: true, messaging: true, reachable: true, health: 'available' as const };
const STARTED = Date.parse('2026-11-21T10:00:00Z');
const problem = (code: Problem['code'], about: Partial<Problem> = {}): Problem => ({ code, message: `${code} message`, hint: 'hint', wabaId: null, scope: null, ...about });

const healthy = (o: Partial<Connection> = {}) =>
  connection('healthy', { id: 'wa', wabas: [WABA_A, WABA_B], authorizingUser: { id: '1', name: 'A', role: 'admin' }, tokenUpdatedAt: '2026-11-21T10:01:00Z', ...o });

describe('before/after difference', () => {
  const cases: { name: string; before: Connection | null; after: Connection; expect: Partial<Record<'permLost' | 'permGained' | 'permUnknown' | 'wabaLost' | 'wabaGained' | 'wabaUnknown', string[]>> & { reduced: boolean; why?: string[] } }[] = [
    { name: 'nothing changed', before: healthy(), after: healthy(), expect: { reduced: false } },
    {
      name: 'a permission unticked: declared no more',
      before: healthy(),
      after: healthy({ status: 'missing-scope', scopes: [{ scope: MGMT, declared: true, proven: true, note: null }, { scope: MSG, declared: false, proven: null, note: null }], problems: [problem('scope-missing', { scope: MSG })] }),
      expect: { permLost: [MSG], reduced: true },
    },
    {
      name: 'a permission declared but a call needing it refused',
      before: healthy(),
      after: healthy({ scopes: [{ scope: MGMT, declared: true, proven: false, note: null }, { scope: MSG, declared: true, proven: null, note: null }] }),
      expect: { permLost: [MGMT], reduced: true },
    },
    {
      name: 'a permission gained',
      before: healthy({ scopes: [{ scope: MGMT, declared: true, proven: true, note: null }, { scope: MSG, declared: false, proven: null, note: null }] }),
      after: healthy(),
      expect: { permGained: [MSG], reduced: false },
    },
    {
      name: 'a permission that cannot be read now is unknown, not kept',
      before: healthy(),
      after: healthy({ status: 'unknown', scopes: [{ scope: MGMT, declared: null, proven: null, note: null }, { scope: MSG, declared: true, proven: null, note: null }] }),
      expect: { permUnknown: [MGMT], reduced: false },
    },
    {
      name: 'a WABA deselected: no longer listed',
      before: healthy(),
      after: healthy({ status: 'missing-waba', wabas: [WABA_A] }),
      expect: { wabaLost: [WABA_B.id], reduced: true, why: ['not-covered'] },
    },
    {
      name: 'a WABA still listed, but calls to it are refused',
      before: healthy(),
      after: healthy({ wabas: [WABA_A, { ...WABA_B, management: true, reachable: false }] }),
      expect: { wabaLost: [WABA_B.id], reduced: true, why: ['refused'] },
    },
    {
      name: 'a WABA named by a waba-missing problem',
      before: healthy(),
      after: healthy({ problems: [problem('waba-missing', { wabaId: WABA_B.id })] }),
      expect: { wabaLost: [WABA_B.id], reduced: true, why: ['not-covered'] },
    },
    {
      name: 'a WABA covered by messaging only now is lost (management refused)',
      before: healthy(),
      after: healthy({ wabas: [WABA_A, { ...WABA_B, management: false }] }),
      expect: { wabaLost: [WABA_B.id], reduced: true },
    },
    {
      name: 'a WABA gained',
      before: healthy({ wabas: [WABA_A] }),
      after: healthy(),
      expect: { wabaGained: [WABA_B.id], reduced: false },
    },
    {
      name: 'a WABA whose coverage is unknown now',
      before: healthy(),
      after: healthy({ wabas: [WABA_A, { ...WABA_B, management: null, messaging: null, reachable: null }] }),
      expect: { wabaUnknown: [WABA_B.id], reduced: false },
    },
    {
      name: 'no before-state: nothing gained or lost',
      before: null,
      after: healthy({ wabas: [WABA_A] }),
      expect: { reduced: false },
    },
    {
      name: 'the authoriser is no admin any more',
      before: healthy(),
      after: healthy({ status: 'not-admin', authorizingUser: { id: '2', name: 'B', role: 'employee' } }),
      expect: { reduced: true },
    },
  ];

  it.each(cases)('$name', ({ before, after, expect: want }) => {
    const d = connectionDifference(before, after, STARTED);
    expect(d.permissions.lost).toEqual(want.permLost ?? []);
    expect(d.permissions.gained).toEqual(want.permGained ?? []);
    expect(d.permissions.nowUnknown).toEqual(want.permUnknown ?? []);
    expect(d.wabas.lost.map((w) => w.id)).toEqual(want.wabaLost ?? []);
    if (want.why) expect(d.wabas.lost.map((w) => w.why)).toEqual(want.why);
    expect(d.wabas.gained.map((w) => w.id)).toEqual(want.wabaGained ?? []);
    expect(d.wabas.nowUnknown.map((w) => w.id)).toEqual(want.wabaUnknown ?? []);
    expect(d.accessReduced).toBe(want.reduced);
  });

  it('reports token type, expiry, role, health and the remaining problems', () => {
    const before = healthy({ status: 'expired', tokenType: 'user', expiresAt: '2026-11-01T00:00:00Z', authorizingUser: { id: '1', name: 'A', role: 'unknown' } });
    const after = healthy({ status: 'degraded', tokenType: 'system-user', expiresAt: null, wabas: [WABA_A, { ...WABA_B, health: 'limited' }], problems: [problem('waba-health', { wabaId: WABA_B.id })] });
    const d = connectionDifference(before, after, STARTED);
    expect(d.tokenType).toEqual({ before: 'user', after: 'system-user' });
    expect(d.expiry).toEqual({ before: { kind: 'at', at: '2026-11-01T00:00:00Z' }, after: { kind: 'never' } });
    expect(d.role).toEqual({ before: 'unknown', after: 'admin', reduced: false });
    expect(d.wabaHealth).toEqual([{ id: WABA_B.id, name: 'Sales line', before: 'available', after: 'limited' }]);
    expect(d.remainingProblems.map((p) => p.code)).toEqual(['waba-health']);
    expect(d.status).toEqual({ before: 'expired', after: 'degraded' });
    expect(Difference.safeParse(difference(workspace([before]), workspace([after]), STARTED)).success).toBe(true);
  });

  it('tells whether the token was replaced after the attempt began', () => {
    expect(connectionDifference(null, healthy({ tokenUpdatedAt: '2026-11-21T10:01:00Z' }), STARTED).tokenReplaced).toBe(true);
    expect(connectionDifference(null, healthy({ tokenUpdatedAt: '2026-11-21T09:59:00Z' }), STARTED).tokenReplaced).toBe(false);
    expect(connectionDifference(null, healthy({ tokenUpdatedAt: null }), STARTED).tokenReplaced).toBeNull();
  });

  it('reads held / covered / expiry conservatively', () => {
    expect(permissionHeld(healthy({ scopes: [] }), MGMT)).toBeNull();
    expect(permissionHeld(healthy({ problems: [problem('scope-missing', { scope: MGMT })] }), MGMT)).toBe(false);
    expect(wabaCovered(healthy({ lastCheckedAt: null, wabas: [] }), WABA_B.id).held).toBeNull();
    expect(expiryOf(healthy({ lastCheckedAt: null }))).toEqual({ kind: 'unknown' });
    expect(expiryOf(healthy({ problems: [problem('check-failed')] }))).toEqual({ kind: 'unknown' });
  });

  it('says "access reduced" first, and names what was lost', () => {
    const d = difference(workspace([healthy()]), workspace([healthy({ status: 'missing-waba', wabas: [WABA_A] })]), STARTED);
    const words = differenceWords(d);
    expect(words.headline).toBe(`${ACCESS_REDUCED}.`);
    expect(words.lines[0]).toContain('WhatsApp account lost: Sales line (100000000000002)');
  });

  it('says nothing was lost when nothing was', () => {
    const words = differenceWords(difference(workspace([healthy()]), workspace([healthy()]), STARTED));
    expect(words.headline).toBe('Nothing lost.');
    expect(words.lines).toEqual(['No permission, WhatsApp account, role or expiry changed.']);
  });
});
