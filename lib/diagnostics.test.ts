import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connection, statusDoc, workspace } from '../tests/support/status-fixtures';
import { buildDiagnostics } from './diagnostics';
import { buildTimeDefaults, type Settings } from './storage/settings';
import type { Snapshot } from './storage/snapshot';

const TOKEN = 'ra_live_7f3c9a1e5b2d4f60a8c1';
const settings: Settings = { ...buildTimeDefaults({}), backendUrl: 'https://backend.example.test/api?x=1', accessToken: TOKEN, mutedWorkspaces: ['ws-9'] };

function snapshotWith(messageText: string): Snapshot {
  const conn = connection('expired', {
    problems: [{ code: 'token-expired', message: messageText, hint: 'Reconnect.', wabaId: null, scope: null }],
    lastError: { code: 190, subcode: 463, category: 'credential', message: 'Error validating access token: Session has expired.', fbtraceId: 'AbCdEfGhIjK', at: '2026-11-21T09:00:00Z' },
    authorizingUser: { id: '900000000000001', name: 'Pat Example', role: 'admin' },
  });
  return {
    lastAttemptAt: '2026-11-21T12:00:00Z',
    outcome: 'unreachable',
    detail: 'backend unreachable (timed out)',
    failingSince: '2026-11-21T11:30:00Z',
    failures: 3,
    retryAfterSeconds: null,
    lastGood: { status: statusDoc([workspace([conn]), workspace([connection('healthy')], { id: 'ws-2', name: 'Beta' })]), fetchedAt: '2026-11-21T11:00:00Z', etag: '"e"' },
  };
}

describe('diagnostics report', () => {
  const text = buildDiagnostics({ snapshot: snapshotWith('The token expired.'), settings, now: new Date('2026-11-21T12:00:00Z'), extensionVersion: '0.1.0', userAgent: 'TestAgent/1' });

  it('carries statuses, codes, fbtrace ids, times and the extension version', () => {
    expect(text).toContain('Extension version: 0.1.0');
    expect(text).toContain('Generated: 2026-11-21T12:00:00.000Z');
    expect(text).toContain('Backend: https://backend.example.test/api');
    expect(text).toContain('Last poll: 2026-11-21T12:00:00Z, unreachable (backend unreachable (timed out))');
    expect(text).toContain('Failing since: 2026-11-21T11:30:00Z (3 failed polls)');
    expect(text).toContain('Connection conn-expired (whatsapp): expired — Token expired');
    expect(text).toContain('Problem token-expired: The token expired.');
    expect(text).toContain('Last Graph error: credential, code 190/463, fbtrace_id AbCdEfGhIjK, at 2026-11-21T09:00:00Z');
    expect(text).toContain('Permission whatsapp_business_management: declared yes, proven yes');
    expect(text).toContain('WABA 100000000000001 "Support line": expected yes, management yes, messaging yes, reachable yes, health available');
    expect(text).toContain('authorizing user role: admin');
  });

  it('never contains the token, the URL query, or the authorizing person’s name', () => {
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('Access token: set');
    expect(text).not.toContain('x=1');
    expect(text).not.toContain('Pat Example');
  });

  it('can be limited to one workspace', () => {
    const one = buildDiagnostics({ snapshot: snapshotWith('x'), settings, now: new Date('2026-11-21T12:00:00Z'), extensionVersion: '0.1.0', workspaceId: 'ws-2' });
    expect(one).toContain('Workspace Beta (ws-2)');
    expect(one).not.toContain('Workspace Acme Support');
  });

  it('scrubs the token even when a backend echoes it somewhere (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 60 }).filter((t) => /^[\x21-\x7e]+$/.test(t)), fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (token, before, after) => {
        const s = { ...settings, accessToken: token };
        const out = buildDiagnostics({ snapshot: snapshotWith(`${before}${token}${after}`.slice(0, 500)), settings: s, now: new Date('2026-11-21T12:00:00Z'), extensionVersion: '0.1.0' });
        expect(out).not.toContain(token);
      }),
      { numRuns: 300 },
    );
  });

  it('redacts bearer and Meta-shaped tokens too (the patterns are tested in lib/util/redact.test.ts)', () => {
    const out = buildDiagnostics({ snapshot: snapshotWith('proxy said Authorization: Bearer abc.def-ghi_jkl and EAABsbCS1iHgBAKZCZAxyz0123456789abcd'), settings, now: new Date('2026-11-21T12:00:00Z'), extensionVersion: '0.1.0' });
    expect(out).toContain('Authorization: Bearer [redacted] and [redacted]');
    expect(out).not.toContain('EAABsbCS1iHgBAKZCZAxyz0123456789abcd');
  });
});
