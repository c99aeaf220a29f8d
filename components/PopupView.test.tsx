import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Connection } from '@/lib/contract';
import { buildTimeDefaults, type Settings } from '@/lib/storage/settings';
import type { Snapshot } from '@/lib/storage/snapshot';
import { connection, statusDoc, workspace } from '../tests/support/status-fixtures';
import { focusFromHash } from './PopupApp';
import { PAGE, PopupView, type PopupViewProps } from './PopupView';

afterEach(cleanup);

const NOW = Date.parse('2026-11-21T12:00:00Z');
const settings: Settings = { ...buildTimeDefaults({}), backendUrl: 'http://127.0.0.1:9', accessToken: 'tok' };

function snap(doc = statusDoc([workspace([connection('healthy')])]), over: Partial<Snapshot> = {}): Snapshot {
  return { lastAttemptAt: '2026-11-21T12:00:00Z', outcome: 'ok', detail: null, failingSince: null, failures: 0, retryAfterSeconds: null, lastGood: { status: doc, fetchedAt: '2026-11-21T11:00:00Z', etag: null }, ...over };
}

function renderView(props: Partial<PopupViewProps> = {}) {
  const actions = { refresh: vi.fn(), checkWorkspace: vi.fn(), reconnect: vi.fn(), copyDiagnostics: vi.fn(), openOptions: vi.fn(), copyText: vi.fn() };
  render(<PopupView snapshot={snap()} settings={settings} checking={false} now={NOW} focus={null} pending={{}} notices={{}} actions={actions} {...props} />);
  return actions;
}

const expired: Connection = connection('expired', {
  tokenType: 'user',
  expiresAt: '2026-11-20T12:00:00Z',
  dataAccessExpiresAt: '2027-01-10T00:00:00Z',
  authorizingUser: { id: '9', name: 'Pat', role: 'employee' },
  scopes: [
    { scope: 'whatsapp_business_management', declared: true, proven: false, note: null },
    { scope: 'whatsapp_business_messaging', declared: false, proven: null, note: 'declared as whatsapp_business_manage_events' },
  ],
  wabas: [
    { id: '100000000000001', name: 'Support line', expected: true, management: true, messaging: true, reachable: false, health: 'limited' },
    { id: '100000000000002', name: 'Sales line', expected: true, management: false, messaging: false, reachable: null, health: 'unknown' },
  ],
  problems: [{ code: 'token-expired', message: 'The access token expired.', hint: 'Reconnect WhatsApp from your product’s settings.', wabaId: null, scope: null }],
  lastError: { code: 190, subcode: 463, category: 'credential', message: 'Session has expired', fbtraceId: 'AbCdEf123', at: '2026-11-21T10:00:00Z' },
});

describe('popup states', () => {
  it('names a refused backend URL and where it came from, instead of the generic "not configured"', () => {
    const base = { ...settings, backendUrl: null };
    const problem = { source: 'preset' as const, error: 'Use https (plain http is allowed only for localhost).', message: 'The backend URL from this build’s preset was refused: Use https (plain http is allowed only for localhost). Enter a backend URL in the settings.' };
    renderView({ settings: base, snapshot: null, backendUrlProblem: problem });
    const shown = screen.getByTestId('backend-url-problem');
    expect(shown.textContent).toBe(problem.message);
    expect(shown.dataset.source).toBe('preset');
    expect(screen.getByRole('alert').dataset.state).toBe('not-configured');
  });

  it('paints the cached status before the settings are read; without a status it waits for them', () => {
    renderView({ settings: null, snapshot: snap(statusDoc([workspace([expired])])) });
    expect(screen.getByRole('article', { name: /^Acme Support/ }).isConnected).toBe(true);
    cleanup();
    renderView({ settings: null, snapshot: null });
    expect(screen.getByRole('main').getAttribute('aria-busy')).toEqual('true');
  });

  it('loading, then not configured with a way to the settings', () => {
    renderView({ snapshot: undefined });
    expect(screen.getByRole('main').getAttribute('aria-busy')).toEqual('true');
    cleanup();
    const actions = renderView({ snapshot: null, settings: { ...settings, accessToken: null } });
    expect(screen.getByRole('alert').textContent).toContain('Not configured');
    fireEvent.click(screen.getByRole('button', { name: 'Open settings' }));
    expect(actions.openOptions).toHaveBeenCalled();
  });

  it('unreachable: says so, keeps the last known data and says how old it is', () => {
    renderView({ snapshot: snap(statusDoc([workspace([expired])]), { outcome: 'unreachable', detail: 'backend unreachable (timed out)', failingSince: '2026-11-21T11:30:00Z' }) });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Backend unreachable');
    expect(alert.textContent).toContain('backend unreachable (timed out)');
    expect(within(alert).getByTestId('last-known').textContent).toContain('Showing the last known status, from 1 h ago.');
    // The last known status stays on screen, with its status pill.
    expect(screen.getByText('Token expired').closest('[data-status]')?.getAttribute('data-status')).toBe('expired');
  });

  it('unauthorized: asks to re-enter the token', () => {
    const actions = renderView({ snapshot: snap(undefined, { outcome: 'unauthorized', detail: 'backend refused the access token (HTTP 401)', lastGood: null, failingSince: '2026-11-21T11:59:00Z' }) });
    expect(screen.getByRole('alert').textContent).toContain('Access token refused');
    expect(screen.getByRole('alert').textContent).toContain('No status has been received yet.');
    fireEvent.click(screen.getByRole('button', { name: 'Re-enter token' }));
    expect(actions.openOptions).toHaveBeenCalled();
  });

  it('invalid response and empty have their own screens', () => {
    renderView({ snapshot: snap(undefined, { outcome: 'invalid-response', detail: 'backend answer does not match the contract: apiVersion: Invalid input', lastGood: null, failingSince: '2026-11-21T11:59:00Z' }) });
    expect(screen.getByRole('alert').textContent).toContain('Invalid response');
    cleanup();
    renderView({ snapshot: snap(statusDoc([])) });
    expect(screen.getByText('No workspaces').isConnected).toBe(true);
    expect(screen.queryAllByRole('article')).toHaveLength(0);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a status that could not be stored: its own screen, the older status with its age, and a grey summary', () => {
    renderView({
      snapshot: snap(statusDoc([workspace([connection('healthy')])]), {
        outcome: 'storage-error',
        detail: 'the latest answer could not be saved in this browser (storage quota exceeded)',
        failingSince: '2026-11-21T11:59:00Z',
      }),
    });
    const alert = screen.getByRole('alert');
    expect(alert.getAttribute('data-state')).toBe('storage-error');
    expect(alert.textContent).toContain('Latest status not saved');
    expect(alert.textContent).toContain('storage quota exceeded');
    expect(screen.getByTestId('last-known').textContent).toMatch(/Showing the last known status, from .+ ago/);
    expect(document.querySelector('[data-overall]')?.getAttribute('data-overall')).toBe('stale');
  });

  it('shows "Checking…" while refreshing; the one polite live region says what the popup announces', () => {
    renderView({ checking: true, announcement: 'Checking the backend…' });
    expect(screen.getByTestId('checking').textContent).toBe('Checking…');
    expect(screen.getByRole('main').dataset.checking).toBe('true');
    // One live region for status changes, and only one.
    const live = screen.getAllByRole('status');
    expect(live).toHaveLength(1);
    expect(live[0]!.getAttribute('aria-live')).toBe('polite');
    expect(live[0]!.textContent).toBe('Checking the backend…');
  });

  it('a one-line summary: how many workspaces need attention, how many are healthy, and how old the status is', () => {
    renderView({ snapshot: snap(statusDoc([workspace([expired]), workspace([connection('healthy')], { id: 'ws-2', name: 'Beta' })])) });
    expect(document.querySelector('[data-overall]')?.textContent).toBe('1 workspace needs attention, 1 healthy. · updated 1 hour ago');
  });
});

describe('a problem as a compact card', () => {
  it('says the status in words with its icon, the cause in one sentence and the one primary action, details closed', () => {
    const actions = renderView({ snapshot: snap(statusDoc([workspace([expired])])) });
    const card = screen.getByRole('article', { name: /^Acme Support/ });
    const badge = within(card).getByText('Token expired').closest('[data-status]')!;
    expect(badge.getAttribute('data-tone')).toBe('red');
    // Colour is never the only signal: an icon (hidden from screen readers, the words say it) and the words.
    expect(badge.querySelector('[aria-hidden="true"]')?.getAttribute('data-icon')).toBe('✕');
    expect(badge.textContent).toBe('Token expired');
    expect(within(card).getByTestId('cause').textContent).toBe('The access token expired.');
    const details = within(card).getByRole('button', { name: 'Details for Acme Support' });
    expect(details.getAttribute('aria-expanded')).toBe('false');
    expect(within(card).queryByRole('table')).toBeNull();
    // The primary action is there without expanding, named with its workspace.
    fireEvent.click(within(card).getByRole('button', { name: 'Reconnect for Acme Support' }));
    expect(actions.reconnect).toHaveBeenCalledWith('ws-1');
    // Only one Reconnect per card, and it comes before Details in the tab order.
    const buttons = within(card).getAllByRole('button').map((b) => b.textContent);
    expect(buttons).toEqual(['Reconnect for Acme Support', '▸Details for Acme Support']);
  });

  it('the cause is the first sentence of the backend’s problem; without one, the status’s own sentence', () => {
    const long = connection('missing-waba', { problems: [{ code: 'waba-missing', message: 'The WhatsApp account North Bakery Catering (900000000000052) is not covered. Graph refused GET /900000000000052: the object does not exist.', hint: 'x', wabaId: null, scope: null }] });
    renderView({ snapshot: snap(statusDoc([workspace([long]), workspace([connection('not-admin', { problems: [] })], { id: 'ws-2', name: 'Beta' })])) });
    expect(within(screen.getByRole('article', { name: /^Acme Support/ })).getByTestId('cause').textContent).toBe('The WhatsApp account North Bakery Catering (900000000000052) is not covered.');
    expect(within(screen.getByRole('article', { name: /^Beta/ })).getByTestId('cause').textContent).toBe('The person who connected it is not an admin of the business.');
  });

  it('a transient cause leads with Check now (the health model says which), Reconnect moves into the details', () => {
    const actions = renderView({
      snapshot: snap(statusDoc([workspace([connection('unknown', { lastCheckedAt: null })], { id: 'ws-u', name: 'Unchecked Co' }), workspace([connection('degraded')], { id: 'ws-d', name: 'Limited Co' })])),
    });
    for (const [name, id] of [['Unchecked Co', 'ws-u'], ['Limited Co', 'ws-d']] as const) {
      const card = screen.getByRole('article', { name: new RegExp(`^${name}`) });
      expect(within(card).queryByRole('button', { name: /^Reconnect/ })).toBeNull();
      fireEvent.click(within(card).getByRole('button', { name: `Check now for ${name}` }));
      expect(actions.checkWorkspace).toHaveBeenCalledWith(id);
      fireEvent.click(within(card).getByRole('button', { name: `Details for ${name}` }));
      fireEvent.click(within(within(card).getByRole('group', { name: `Actions for ${name}` })).getByRole('button', { name: /^Reconnect/ }));
      expect(actions.reconnect).toHaveBeenCalledWith(id);
    }
  });
});

describe('a connection in detail', () => {
  const openDetails = (name: string) => {
    const card = screen.getByRole('article', { name: new RegExp(`^${name}`) });
    const toggle = within(card).getByRole('button', { name: `Details for ${name}` });
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(document.getElementById(toggle.getAttribute('aria-controls')!)?.hidden).toBe(false);
    return card;
  };

  it('shows everything the backend knows, in words, once opened', () => {
    renderView({ snapshot: snap(statusDoc([workspace([expired])])) });
    const card = openDetails('Acme Support');
    const row = within(card).getByRole('list', { name: 'Connections of Acme Support' }).querySelector('[data-connection="conn-expired"]') as HTMLElement;
    expect(within(row).getByText('Token expired').closest('[data-tone]')?.getAttribute('data-tone')).toEqual('red');
    expect(card.textContent).toContain('User token');
    const expiry = within(card).getByText('24 hours ago');
    expect(expiry.tagName).toBe('TIME');
    expect(expiry.getAttribute('title')).toEqual(expect.stringContaining('2026-11-20T12:00:00.000Z'));
    expect(within(card).getByText('in 50 days').getAttribute('dateTime')).toEqual('2027-01-10T00:00:00Z');
    expect(card.textContent).toContain('Employee (Partial access)');
    expect(within(card).getByTestId('last-error').textContent).toContain('credential, code 190/463, fbtrace_id AbCdEf123');
    expect(card.textContent).toContain('The access token expired. Reconnect WhatsApp from your product’s settings.');
    const permissions = within(card).getByRole('table', { name: 'Permissions' });
    expect(within(permissions).getAllByRole('row').map((r) => r.textContent)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^whatsapp_business_management\s*yes\s*no/), expect.stringMatching(/^whatsapp_business_messaging.*whatsapp_business_manage_events.*no\s*unknown/)]),
    );
    const wabas = within(card).getByRole('table', { name: /WhatsApp Business Accounts: 2 expected, 1 of them granted/ });
    const sales = wabas.querySelector('[data-waba="100000000000002"]') as HTMLElement;
    expect(within(sales).getAllByRole('cell').map((c) => c.textContent)).toEqual(['no', 'unknown', 'unknown']);
    expect(within(sales).getByRole('rowheader').textContent).toContain('Sales line');
    expect(within(sales).getByRole('rowheader').textContent).toContain('expected');
    expect(within(wabas).getByRole('link', { name: 'Open Support line in Business Settings' }).getAttribute('href')).toBe(
      'https://business.facebook.com/latest/settings/whatsapp_account?business_id=200000000000001&selected_asset_id=100000000000001&selected_asset_type=whatsapp-business-account',
    );
  });

  it('long ids are shortened, whole in their title, with a copy button that copies the whole id', () => {
    const actions = renderView({ snapshot: snap(statusDoc([workspace([expired])])) });
    const card = openDetails('Acme Support');
    const id = card.querySelector('[data-waba="100000000000002"] [data-id]') as HTMLElement;
    expect(within(id).getByText('1000…0002').getAttribute('title')).toBe('100000000000002');
    fireEvent.click(within(id).getByRole('button', { name: 'Copy WABA id 100000000000002' }));
    expect(actions.copyText).toHaveBeenCalledWith('100000000000002', 'WABA id');
  });

  it('says "unknown" for a connection never checked, never a guess', () => {
    renderView({ snapshot: snap(statusDoc([workspace([connection('unknown', { lastCheckedAt: null, scopes: [], wabas: [] })])])) });
    const card = openDetails('Acme Support');
    expect(card.textContent).toContain('Not checked yet');
    expect(card.textContent).toContain('Token expiresunknown (not checked yet)');
    expect(card.textContent).toContain('Last checknever');
    // Both WhatsApp permissions are listed even when the backend reported none.
    const permissions = within(card).getByRole('table', { name: 'Permissions' });
    expect(within(permissions).getByRole('row', { name: /whatsapp_business_messaging not reported by the backend unknown unknown/ }).textContent).toContain('not reported by the backend');
  });

  it('actions: Reconnect, then Check now and Copy diagnostics in the details, carry the workspace id; pending state and notices are visible', () => {
    const actions = renderView({ snapshot: snap(statusDoc([workspace([expired])])), pending: {}, notices: { 'ws-1': { text: 'Check failed: backend unreachable', error: true } } });
    const card = openDetails('Acme Support');
    fireEvent.click(within(card).getByRole('button', { name: 'Reconnect for Acme Support' }));
    const group = screen.getByRole('group', { name: 'Actions for Acme Support' });
    fireEvent.click(within(group).getByRole('button', { name: 'Check now for Acme Support' }));
    fireEvent.click(within(group).getByRole('button', { name: 'Copy diagnostics for Acme Support' }));
    expect(actions.checkWorkspace).toHaveBeenCalledWith('ws-1');
    expect(actions.reconnect).toHaveBeenCalledWith('ws-1');
    expect(actions.copyDiagnostics).toHaveBeenCalledWith('ws-1');
    expect(screen.getByRole('alert').textContent).toContain('Check failed: backend unreachable');
    cleanup();
    renderView({ snapshot: snap(statusDoc([workspace([expired])])), pending: { 'ws-1': 'reconnecting' }, notices: { 'ws-1': { text: 'Reconnect page opened in a new tab.', error: false } } });
    expect((screen.getByRole('button', { name: 'Opening… for Acme Support' }) as HTMLButtonElement).disabled).toBe(true);
    // A result is shown on the card, but is not a live region of its own (the one region says it).
    const notice = document.querySelector('[data-notice="ws-1"]') as HTMLElement;
    expect(notice.textContent).toBe('Reconnect page opened in a new tab.');
    expect(notice.getAttribute('role')).toBeNull();
  });
});

describe('many workspaces', () => {
  const many = statusDoc(
    Array.from({ length: 200 }, (_, i) =>
      workspace(
        [
          connection(i % 20 === 0 ? 'expired' : 'healthy', {
            id: `c-${i}`,
            wabas: Array.from({ length: 10 }, (_, j) => ({ id: `1${String(i).padStart(4, '0')}${j}`, name: `Line ${i}-${j}`, expected: true, management: true, messaging: true, reachable: true, health: 'available' as const })),
          }),
        ],
        { id: `ws-${i}`, name: `Workspace ${String(i).padStart(3, '0')}` },
      ),
    ),
  );

  it('puts the ones needing attention first, collapses the healthy group, and renders one page at a time', () => {
    renderView({ snapshot: snap(many) });
    expect(screen.getByRole('heading', { name: 'Needs attention (10)' }).textContent).toBe('Needs attention (10)');
    const healthyToggle = screen.getByRole('button', { name: 'Healthy (190)' });
    expect(healthyToggle.getAttribute('aria-expanded')).toEqual('false');
    expect(screen.getAllByRole('article')).toHaveLength(10);
    // Every card is compact: no table is rendered until its details are opened.
    expect(screen.queryAllByRole('table')).toHaveLength(0);
    fireEvent.click(healthyToggle);
    expect(screen.getAllByRole('article')).toHaveLength(10 + PAGE);
    const pager = screen.getByRole('navigation', { name: 'Pages of Healthy (190)' });
    expect(pager.textContent).toContain('1–50 of 190');
    fireEvent.click(within(pager).getByRole('button', { name: 'Next' }));
    expect(screen.getAllByRole('article')).toHaveLength(10 + PAGE);
    expect(pager.textContent).toContain('51–100 of 190');
    // The 51st healthy one by name (every 20th workspace is expired, so not in this group).
    expect(screen.getAllByRole('article')[10]!.getAttribute('data-workspace')).toBe('ws-53');
    for (let i = 0; i < 2; i++) fireEvent.click(within(pager).getByRole('button', { name: 'Next' }));
    expect(pager.textContent).toContain('151–190 of 190');
    expect((within(pager).getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('at 5,000 workspaces, numbers are written with separators and the page stays one page', () => {
    const huge = statusDoc(Array.from({ length: 5000 }, (_, i) => workspace([connection(i % 10 === 0 ? 'expired' : 'healthy', { id: `c-${i}`, wabas: [] })], { id: `ws-${i}`, name: `Workspace ${String(i).padStart(4, '0')}` })));
    renderView({ snapshot: snap(huge) });
    expect(document.querySelector('[data-overall]')?.textContent).toMatch(/^500 workspaces need attention, 4,500 healthy\./);
    expect(screen.getByRole('button', { name: 'Healthy (4,500)' }).isConnected).toBe(true);
    expect(screen.getAllByRole('article')).toHaveLength(PAGE);
    expect(screen.getByRole('navigation', { name: 'Pages of Needs attention (500)' }).textContent).toContain('1–50 of 500');
  });

  it('filters by name, WABA id or status words', () => {
    renderView({ snapshot: snap(many) });
    const box = screen.getByLabelText('Filter workspaces');
    fireEvent.change(box, { target: { value: 'WS-40' } });
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('data-workspace'))).toEqual(['ws-40']);
    fireEvent.change(box, { target: { value: '100457' } });
    expect(screen.getByRole('button', { name: 'Healthy (1)' }).getAttribute('aria-expanded')).toBe('true');
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('data-workspace'))).toEqual(['ws-45']);
    fireEvent.change(box, { target: { value: 'token expired' } });
    expect(screen.getByRole('heading', { name: 'Needs attention (10)' }).textContent).toBe('Needs attention (10)');
    fireEvent.change(box, { target: { value: 'nothing like this' } });
    expect(screen.getByText('No workspace matches “nothing like this”.').isConnected).toBe(true);
    expect(screen.queryAllByRole('article')).toHaveLength(0);
    fireEvent.change(box, { target: { value: '' } });
    expect(screen.getByRole('button', { name: 'Healthy (190)' }).getAttribute('aria-expanded')).toBe('false');
  });

  it('a notification’s link (#ws=…&conn=…) shows that workspace first, expanded, even when healthy', () => {
    expect(focusFromHash('#ws=ws-7&conn=c-7')).toEqual({ workspaceId: 'ws-7', connectionId: 'c-7' });
    expect(focusFromHash('')).toBeNull();
    renderView({ snapshot: snap(many), focus: { workspaceId: 'ws-7', connectionId: 'c-7' } });
    const selected = screen.getByRole('region', { name: 'Selected workspace' });
    expect(within(selected).getAllByRole('article').map((a) => a.getAttribute('data-workspace'))).toEqual(['ws-7']);
    // Opened: its WABA table is rendered even though the workspace is healthy.
    expect(within(selected).getAllByRole('table', { name: /WhatsApp Business Accounts/ })).toHaveLength(1);
  });
});
