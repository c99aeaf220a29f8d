import { describe, expect, it } from 'vitest';
import { connection, statusDoc, workspace } from '../../tests/support/status-fixtures';
import type { Snapshot } from '../storage/snapshot';
import { badgeFor, overallHealth } from './overall';

const NOW = Date.parse('2026-11-21T12:00:00Z');

function ok(doc = statusDoc([workspace([connection('healthy')])])): Snapshot {
  return { lastAttemptAt: '2026-11-21T12:00:00Z', outcome: 'ok', detail: null, failingSince: null, lastGood: { status: doc, fetchedAt: '2026-11-21T12:00:00Z', etag: null } };
}

describe('badge from the overall health', () => {
  it('shows nothing when every connection is healthy', () => {
    expect(badgeFor(overallHealth(ok(), NOW, 15))).toMatchObject({ text: '' });
  });
  it.each(['expired', 'invalid', 'revoked', 'missing-scope', 'missing-waba', 'not-admin'] as const)('shows a red ! for %s', (status) => {
    const badge = badgeFor(overallHealth(ok(statusDoc([workspace([connection('healthy'), connection(status)])])), NOW, 15));
    expect(badge.text).toBe('!');
    expect(badge.color).toBe('#c62828');
    expect(badge.title).toContain(status);
  });
  it('shows the days left for an expiring token', () => {
    const expiring = connection('expiring', { expiresAt: '2026-11-24T11:00:00Z' });
    expect(badgeFor(overallHealth(ok(statusDoc([workspace([expiring])])), NOW, 15)).text).toBe('3d');
  });
  it('greys out when the backend has failed for longer than one interval, keeping the last data', () => {
    const snap: Snapshot = { ...ok(), outcome: 'unreachable', detail: 'backend unreachable', failingSince: '2026-11-21T11:30:00Z' };
    const overall = overallHealth(snap, NOW, 15);
    expect(overall).toMatchObject({ kind: 'status', stale: true });
    expect(badgeFor(overall).text).toBe('?');
  });
  it('keeps the last status within the first interval of a failure', () => {
    const snap: Snapshot = { ...ok(statusDoc([workspace([connection('expired')])])), outcome: 'unreachable', failingSince: '2026-11-21T11:55:00Z' };
    expect(badgeFor(overallHealth(snap, NOW, 15)).text).toBe('!');
  });
  it('says not configured when nothing is set up', () => {
    expect(badgeFor(overallHealth(null, NOW, 15)).title).toMatch(/not configured/);
  });
});
