import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterCall, begin, summarizeOutcome, TOKEN_WAIT_MS, type Basis } from '@/lib/flow/verification';
import { buildTimeDefaults, type Settings } from '@/lib/storage/settings';
import type { Snapshot } from '@/lib/storage/snapshot';
import { connection, statusDoc, workspace } from '../tests/support/status-fixtures';
import { PopupView } from './PopupView';

afterEach(cleanup);

const T0 = Date.parse('2026-11-21T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const WABA = { id: '100000000000001', name: 'Support line', expected: true, management: true, messaging: true, reachable: true, health: 'available' as const };
const settings: Settings = { ...buildTimeDefaults({}), backendUrl: 'http://127.0.0.1:9', accessToken: 'tok' };
const before = workspace([connection('healthy', { id: 'wa', wabas: [WABA] })]);
const basis: Basis = { workspaceId: 'ws-1', connectionId: null, startedAt: T0, before, seen: { businessId: null, wabaMode: null, wabas: [], permissions: [], alerts: [] } };

function show(after: ReturnType<typeof workspace>, verification: ReturnType<typeof begin>, retry = vi.fn()) {
  const snap: Snapshot = { lastAttemptAt: iso(T0), outcome: 'ok', detail: null, failingSince: null, failures: 0, retryAfterSeconds: null, lastGood: { status: statusDoc([after]), fetchedAt: iso(T0), etag: null } };
  const actions = { refresh: vi.fn(), checkWorkspace: vi.fn(), reconnect: vi.fn(), copyDiagnostics: vi.fn(), openOptions: vi.fn(), retryVerification: retry };
  render(<PopupView snapshot={snap} settings={settings} checking={false} now={T0 + 120_000} focus={{ workspaceId: 'ws-1', connectionId: 'wa' }} pending={{}} notices={{}} actions={actions} verifications={{ 'ws-1': verification }} />);
  // At the top of the popup, named with its workspace.
  return screen.getByRole('region', { name: 'Last reconnect: Acme Support' });
}

describe('the popup’s "Last reconnect" part', () => {
  it('stays at the top, before the list, and is not repeated in the workspace’s details', () => {
    const after = workspace([connection('healthy', { id: 'wa', wabas: [WABA], tokenUpdatedAt: iso(T0 + 1000), lastCheckedAt: iso(T0 + 2000) })]);
    const part = show(after, afterCall(begin(basis, summarizeOutcome({ kind: 'redirect-code', statePresent: true, grantedScopes: null, deniedScopes: null }), T0), 'check', { kind: 'ok', workspace: after }, T0 + 3000));
    const list = screen.getByRole('region', { name: 'Selected workspace' });
    expect(part.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getAllByRole('region', { name: /Last reconnect/ })).toHaveLength(1);
  });

  it('an older reconnect (over an hour) is shown in its workspace’s details instead', () => {
    const after = workspace([connection('healthy', { id: 'wa', wabas: [WABA], tokenUpdatedAt: iso(T0 + 1000), lastCheckedAt: iso(T0 + 2000) })]);
    const v = afterCall(begin(basis, summarizeOutcome({ kind: 'redirect-code', statePresent: true, grantedScopes: null, deniedScopes: null }), T0), 'check', { kind: 'ok', workspace: after }, T0 + 3000);
    const snapshot: Snapshot = { lastAttemptAt: iso(T0), outcome: 'ok', detail: null, failingSince: null, failures: 0, retryAfterSeconds: null, lastGood: { status: statusDoc([after]), fetchedAt: iso(T0), etag: null } };
    const actions = { refresh: vi.fn(), checkWorkspace: vi.fn(), reconnect: vi.fn(), copyDiagnostics: vi.fn(), openOptions: vi.fn() };
    render(<PopupView snapshot={snapshot} settings={settings} checking={false} now={T0 + 2 * 3_600_000} focus={{ workspaceId: 'ws-1', connectionId: 'wa' }} pending={{}} notices={{}} actions={actions} verifications={{ 'ws-1': v }} />);
    const selected = screen.getByRole('region', { name: 'Selected workspace' });
    expect(within(selected).getByRole('region', { name: 'Last reconnect' }).getAttribute('data-verification')).toBe('verified');
    expect(screen.getAllByRole('region', { name: /Last reconnect/ })).toHaveLength(1);
  });

  it('calls out a reduced grant in words, as an alert, naming what was lost', () => {
    const after = workspace([connection('missing-waba', { id: 'wa', wabas: [], tokenUpdatedAt: iso(T0 + 1000), lastCheckedAt: iso(T0 + 2000) })]);
    const part = show(after, afterCall(begin(basis, summarizeOutcome({ kind: 'redirect-code', statePresent: true, grantedScopes: null, deniedScopes: null }), T0), 'check', { kind: 'ok', workspace: after }, T0 + 3000));
    expect(within(part).getByRole('alert').textContent).toBe('Verified: The reconnect ran but access was reduced.');
    expect(within(part).getByRole('list', { name: 'What changed' }).textContent).toContain('WhatsApp account lost: Support line (100000000000001)');
  });

  it('a timeout says Meta returned without a stored token yet, and offers Retry', () => {
    const stale = workspace([connection('healthy', { id: 'wa', wabas: [WABA], tokenUpdatedAt: iso(T0 - 99_000), lastCheckedAt: iso(T0) })]);
    const retry = vi.fn();
    const part = show(stale, afterCall(begin(basis, summarizeOutcome({ kind: 'redirect-code', statePresent: true, grantedScopes: null, deniedScopes: null }), T0), 'check', { kind: 'ok', workspace: stale }, T0 + TOKEN_WAIT_MS), retry);
    expect(within(part).getByTestId('verification-headline').textContent).toBe('Meta returned, but the product has not stored a new token yet.');
    fireEvent.click(within(part).getByRole('button', { name: 'Retry verification' }));
    expect(retry).toHaveBeenCalledWith('ws-1');
  });

  it('a cancelled flow says where it stopped and that nothing changed', () => {
    const part = show(before, begin(basis, summarizeOutcome({ kind: 'es-cancel', step: 'PERMISSIONS', stepRaw: 'PERMISSIONS', errorMessage: null }), T0));
    expect(within(part).getByTestId('verification-headline').textContent).toBe('Not verified: the reconnect stopped at the permissions step; nothing changed.');
    expect(within(part).queryByRole('button')).toBeNull();
  });
});
