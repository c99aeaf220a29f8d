import { describe, expect, it } from 'vitest';
import { connection, workspace } from '../../tests/support/status-fixtures';
import { ConnectionStatus } from '../contract';
import { PRIMARY_ACTIONS, primaryActionOf } from '../health/model';
import { filterRows, indexWorkspaces } from '../health/workspace-view';
import type { Verification } from '../flow/verification';
import { causeOf, firstSentence, pinnedVerifications, shortId, statusChanges } from './card';
import { summaryLine } from './words';

const NOW = Date.parse('2026-11-21T12:00:00Z');

describe('the primary action (health model)', () => {
  it('every status has one: Reconnect for credential and access problems, Check now for transient ones, none when healthy', () => {
    expect(Object.keys(PRIMARY_ACTIONS).sort()).toEqual([...ConnectionStatus.options].sort());
    for (const s of ['expired', 'invalid', 'revoked', 'missing-scope', 'missing-waba', 'not-admin', 'expiring'] as const) expect(PRIMARY_ACTIONS[s]).toBe('reconnect');
    expect(PRIMARY_ACTIONS.unknown).toBe('check');
    expect(PRIMARY_ACTIONS.degraded).toBe('check');
    expect(PRIMARY_ACTIONS.healthy).toBeNull();
  });

  it('a workspace needs a reconnect when any connection does, even if another is only unchecked', () => {
    expect(primaryActionOf(['unknown', 'expired'])).toBe('reconnect');
    expect(primaryActionOf(['healthy', 'unknown'])).toBe('check');
    expect(primaryActionOf(['healthy'])).toBeNull();
    expect(primaryActionOf([])).toBeNull();
  });
});

describe('the card’s cause', () => {
  it('is the first sentence of the worst connection’s first problem', () => {
    const [row] = indexWorkspaces(
      [
        workspace([
          connection('expiring', { id: 'a', problems: [{ code: 'token-expiring', message: 'Expires soon.', hint: '', wabaId: null, scope: null }] }),
          connection('expired', { id: 'b', kind: 'catalog', problems: [{ code: 'token-expired', message: 'The token has expired (190/463). Reconnect it.', hint: '', wabaId: null, scope: null }] }),
        ]),
      ],
      NOW,
    );
    expect(row!.worstConnection?.id).toBe('b');
    expect(causeOf(row!)).toBe('The token has expired (190/463).');
  });

  it('a sentence ends only before a capital (ids and versions keep their dots), and is bounded', () => {
    expect(firstSentence('Graph v24.0 refused it. Try again.')).toBe('Graph v24.0 refused it.');
    expect(firstSentence('no full stop at all')).toBe('no full stop at all');
    expect(firstSentence('x'.repeat(400))).toHaveLength(180);
  });
});

describe('ids, summaries and announcements', () => {
  it('shortens long ids only', () => {
    expect(shortId('100000000000002')).toBe('1000…0002');
    expect(shortId('12345678')).toBe('12345678');
  });

  it('the summary line counts workspaces with Intl number formatting', () => {
    expect(summaryLine(0, 1)).toBe('The workspace is healthy.');
    expect(summaryLine(0, 3)).toBe('All 3 workspaces are healthy.');
    expect(summaryLine(1, 0)).toBe('1 workspace needs attention, 0 healthy.');
    expect(summaryLine(500, 4500)).toBe('500 workspaces need attention, 4,500 healthy.');
    expect(summaryLine(0, 0)).toBe('No workspaces to watch.');
  });

  it('names each workspace whose status changed, at most three, then a count; nothing on the first paint', () => {
    const before = [workspace([connection('healthy')], { id: 'a', name: 'A' }), workspace([connection('expired')], { id: 'b', name: 'B' })];
    expect(statusChanges(null, before, NOW)).toBeNull();
    expect(statusChanges(before, before, NOW)).toBeNull();
    const after = [workspace([connection('expired')], { id: 'a', name: 'A' }), workspace([connection('healthy')], { id: 'b', name: 'B' })];
    expect(statusChanges(before, after, NOW)).toBe('A: Token expired (was Healthy); B: Healthy (was Token expired).');
    const many = Array.from({ length: 6 }, (_, i) => workspace([connection('revoked')], { id: `n${i}`, name: `N${i}` }));
    expect(statusChanges(before, many, NOW)).toBe('N0: Access revoked; N1: Access revoked; N2: Access revoked; and 3 more changes.');
    // A hostile name is made inert before it is spoken.
    expect(statusChanges(before, [workspace([connection('healthy')], { id: 'a', name: '\u202eevil\u0000' })], NOW)).toBeNull();
    expect(statusChanges(before, [workspace([connection('expired')], { id: 'a', name: '\u202eevil\u0000' })], NOW)).toBe('evil: Token expired (was Healthy).');
  });

  it('pins the reconnects of the last hour at the top, newest first, at most three', () => {
    const v = (workspaceId: string, startedAt: number) => ({ workspaceId, startedAt }) as Verification;
    const all = { a: v('a', NOW - 10_000), b: v('b', NOW - 2 * 3_600_000), c: v('c', NOW - 1000), d: v('d', NOW - 5000), e: v('e', NOW - 20_000) };
    expect(pinnedVerifications(all, NOW).map((x) => x.workspaceId)).toEqual(['c', 'd', 'a']);
  });
});

describe('the workspace index', () => {
  it('filters by every typed term over names, ids, WABAs and status words, attention first', () => {
    const index = indexWorkspaces(
      [workspace([connection('healthy')], { id: 'w1', name: 'Zulu' }), workspace([connection('expired', { wabas: [] })], { id: 'w2', name: 'Alpha' }), workspace([], { id: 'w3', name: 'Empty' })],
      NOW,
    );
    expect(index.map((r) => r.workspace.id)).toEqual(['w2', 'w3', 'w1']);
    expect(filterRows(index, 'token EXPIRED').attention.map((r) => r.workspace.id)).toEqual(['w2']);
    expect(filterRows(index, '100000000000001').healthy.map((r) => r.workspace.id)).toEqual(['w1']);
    expect(filterRows(index, 'zulu w2').healthy).toEqual([]);
    // A workspace without connections is listed with the healthy ones (nothing to fix), never hidden.
    expect(filterRows(index, '').healthy.map((r) => r.workspace.id)).toEqual(['w3', 'w1']);
  });
});
