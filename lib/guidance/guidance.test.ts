import { describe, expect, it } from 'vitest';
import { emptyReading } from '../screens/read-screen';
import { connection, statusDoc, workspace } from '../../tests/support/status-fixtures';
import type { StatusResponse } from '../contract';
import { Snapshot } from '../storage/snapshot';
import { adminAccessPanel, assessAdminAccess } from './admin-access';
import { appRemovalPanel } from './app-removal';
import type { ScreenReadingReport } from '../messaging';
import { dialogReadingPanel } from './dialog-reading';
import { wabaStatusPanel } from './waba-status';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const WABA = '100000000000001';

function snapshot(status: StatusResponse | null, outcome: Snapshot['outcome'] = 'ok'): Snapshot {
  return Snapshot.parse({
    lastAttemptAt: '2026-11-21T11:59:00Z',
    outcome,
    detail: outcome === 'ok' ? null : 'connect ECONNREFUSED',
    failingSince: outcome === 'ok' ? null : '2026-11-21T11:00:00Z',
    lastGood: status ? { status, fetchedAt: '2026-11-21T10:00:00Z', etag: null } : null,
  });
}

describe('wabaStatusPanel', () => {
  it('says unknown, never green, when there is no status', () => {
    const panel = wabaStatusPanel(null, WABA, NOW);
    expect(panel).toMatchObject({ tone: 'unknown', title: 'Connection status unknown' });
    expect(panel.steps[0]).toMatch(/options/);
    const failing = wabaStatusPanel(snapshot(null, 'unreachable'), WABA, NOW);
    expect(failing.tone).toBe('unknown');
    expect(failing.note).toContain('has not answered since 2026-11-21 11:00 UTC');
  });

  it('says when the product does not use the WABA', () => {
    const panel = wabaStatusPanel(snapshot(statusDoc([workspace([connection('healthy')])])), '100000000000777', NOW);
    expect(panel.tone).toBe('info');
    expect(panel.paragraphs[0]).toBe('None of the product’s 1 workspace uses this WhatsApp account (ID 100000000000777).');
  });

  it('is green only for a healthy connection that proved the WABA reachable', () => {
    const ok = wabaStatusPanel(snapshot(statusDoc([workspace([connection('healthy')])])), WABA, NOW);
    expect(ok).toMatchObject({ tone: 'ok', title: 'Connected and working' });
    expect(ok.items).toEqual([{ tone: 'ok', label: '“Support line” in Acme Support', detail: 'Working: the product reached this account with its token.' }]);
    const unproven = connection('healthy', { wabas: [{ id: WABA, name: 'Support line', expected: true, management: true, messaging: true, reachable: null, health: 'unknown' }] });
    expect(wabaStatusPanel(snapshot(statusDoc([workspace([unproven])])), WABA, NOW).tone).toBe('unknown');
  });

  it('turns a last-known green into unknown while the backend is failing', () => {
    const panel = wabaStatusPanel(snapshot(statusDoc([workspace([connection('healthy')])]), 'unreachable'), WABA, NOW);
    expect(panel.tone).toBe('unknown');
    expect(panel.note).toMatch(/^Last known status, from 2026-11-21 10:00 UTC/);
  });

  it('flags token failures, WABA-level failures and warnings', () => {
    const tone = (c: ReturnType<typeof connection>) => wabaStatusPanel(snapshot(statusDoc([workspace([c])])), WABA, NOW).items[0];
    expect(tone(connection('expired'))).toMatchObject({ tone: 'danger', detail: 'Not working: the token has expired.' });
    expect(tone(connection('healthy', { expiresAt: '2026-11-20T00:00:00Z' }))).toMatchObject({ tone: 'danger', detail: 'Not working: the token has expired.' });
    const deselected = connection('missing-waba', { wabas: [{ id: WABA, name: 'Support line', expected: true, management: false, messaging: false, reachable: false, health: 'unknown' }] });
    expect(tone(deselected)?.tone).toBe('danger');
    expect(tone(deselected)?.detail).toContain('does not cover this account');
    const limited = connection('degraded', { wabas: [{ id: WABA, name: 'Support line', expected: true, management: true, messaging: true, reachable: true, health: 'limited' }] });
    expect(tone(limited)?.tone).toBe('warning');
    expect(tone(connection('expiring', { expiresAt: '2026-11-25T00:00:00Z' }))).toMatchObject({ tone: 'warning', detail: 'Working, but the token expires on 2026-11-25 00:00 UTC.' });
    expect(tone(connection('unknown'))?.tone).toBe('unknown');
  });

  it('takes the worst verdict across workspaces sharing the WABA', () => {
    const doc = statusDoc([workspace([connection('healthy')]), workspace([connection('revoked')], { id: 'ws-2', name: 'Second' })]);
    const panel = wabaStatusPanel(snapshot(doc), WABA, NOW);
    expect(panel.tone).toBe('danger');
    expect(panel.items.map((i) => i.tone)).toEqual(['ok', 'danger']);
  });
});

describe('appRemovalPanel', () => {
  it('warns even without status, and says the accounts at stake are unknown', () => {
    const panel = appRemovalPanel(null, { kind: 'bm-connected-apps', businessId: null });
    expect(panel.tone).toBe('warning');
    expect(panel.paragraphs.at(-1)).toMatch(/unknown/);
    expect(panel.items).toEqual([]);
  });

  it('lists the WABAs of the page’s portfolio once each, with their workspaces', () => {
    const second = connection('healthy', {
      id: 'conn-2',
      wabas: [
        { id: WABA, name: 'Support line', expected: true, management: true, messaging: true, reachable: true, health: 'available' },
        { id: '100000000000002', name: 'Sales line', expected: true, management: null, messaging: null, reachable: null, health: 'unknown' },
        { id: '100000000000003', name: 'Already lost', expected: true, management: false, messaging: false, reachable: false, health: 'unknown' },
      ],
    });
    const doc = statusDoc([
      workspace([connection('healthy')]),
      workspace([second], { id: 'ws-2', name: 'Second' }),
      workspace([connection('healthy', { wabas: [{ id: '100000000000009', name: 'Other portfolio', expected: true, management: true, messaging: true, reachable: true, health: 'available' }] })], { id: 'ws-3', name: 'Elsewhere', businessId: '200000000000009' }),
    ]);
    const panel = appRemovalPanel(snapshot(doc), { kind: 'bm-connected-apps', businessId: '200000000000001' });
    expect(panel.items).toEqual([
      { tone: 'warning', label: 'Support line', detail: `ID ${WABA} · workspace Acme Support, Second` },
      { tone: 'warning', label: 'Sales line', detail: 'ID 100000000000002 · workspace Second' },
    ]);
    // The personal Business Integrations page has no portfolio: every workspace counts.
    expect(appRemovalPanel(snapshot(doc), { kind: 'fb-business-integrations', businessId: null }).items).toHaveLength(3);
  });
});

describe('admin access', () => {
  const employee = connection('not-admin', { authorizingUser: { id: '900000000000001', name: 'Pat Example', role: 'employee' } });

  it('is unknown when nothing says anything', () => {
    const assessment = assessAdminAccess({ people: { access: 'unknown', evidence: null }, dialog: null, snapshot: null, businessId: null });
    expect(assessment.verdict).toBe('unknown');
    expect(adminAccessPanel(assessment).tone).toBe('unknown');
  });

  it('flags each signal that fired and says which', () => {
    const assessment = assessAdminAccess({
      people: { access: 'partial', evidence: 'Ana Example' },
      dialog: { at: '2026-11-21T11:30:00Z', text: 'Admin permission required' },
      snapshot: snapshot(statusDoc([workspace([employee])])),
      businessId: '200000000000001',
    });
    expect(assessment.verdict).toBe('missing');
    expect(assessment.signals.map((s) => [s.source, s.says])).toEqual([
      ['people-page', 'missing'],
      ['dialog', 'missing'],
      ['backend', 'missing'],
    ]);
    const panel = adminAccessPanel(assessment);
    expect(panel.tone).toBe('danger');
    expect(panel.paragraphs[0]).toBe('Reconnecting needs Full control of the business portfolio. Flagged by this People page, Meta’s login dialog and the product’s backend:');
    expect(panel.items[2]?.detail).toBe('Acme Support: authorized by Pat Example, who has Partial access (Employee).');
    expect(panel.steps).toHaveLength(3);
  });

  it('flags the backend signal alone, even when this page shows Full control', () => {
    const assessment = assessAdminAccess({
      people: { access: 'full-control', evidence: 'Ana Example' },
      dialog: null,
      snapshot: snapshot(statusDoc([workspace([employee])])),
      businessId: null,
    });
    expect(assessment.verdict).toBe('missing');
    expect(adminAccessPanel(assessment).items.map((i) => i.tone)).toEqual(['ok', 'danger']);
  });

  it('reports present only from a signal that read it', () => {
    const admin = connection('healthy', { authorizingUser: { id: null, name: null, role: 'admin' } });
    const assessment = assessAdminAccess({ people: null, dialog: null, snapshot: snapshot(statusDoc([workspace([admin])])), businessId: null });
    expect(assessment.verdict).toBe('present');
    expect(adminAccessPanel(assessment).tone).toBe('ok');
    // A workspace of another portfolio does not speak for this one.
    expect(assessAdminAccess({ people: null, dialog: null, snapshot: snapshot(statusDoc([workspace([employee])])), businessId: '200000000000009' }).verdict).toBe('unknown');
  });
});

describe('dialogReadingPanel', () => {
  const base: Omit<ScreenReadingReport, 'kind'> = { ...emptyReading('en'), locale: 'en', confidence: 'high' };
  it('says it could not read an unknown screen', () => {
    expect(dialogReadingPanel({ ...base, kind: 'unknown', confidence: 'none' })).toMatchObject({ tone: 'unknown', title: 'Could not read this screen' });
  });
  it('shows a not-admin alert loudly, with Meta’s own words as text', () => {
    const panel = dialogReadingPanel({ ...base, kind: 'error', alerts: [{ kind: 'not-admin', rule: 'cannot-create-waba', text: 'User does not have permission to create WhatsApp Business Accounts.', blocking: true }] });
    expect(panel.tone).toBe('danger');
    expect(panel.items[0]?.detail).toBe('User does not have permission to create WhatsApp Business Accounts.');
  });
  it('lists WABAs and permissions, unknown states as unknown', () => {
    const panel = dialogReadingPanel({
      ...base,
      kind: 'waba-selection',
      wabaMode: 'selected',
      wabas: [
        { name: 'Support line', selected: true, id: null, disabled: false },
        { name: 'Sales line', selected: null, id: null, disabled: false },
      ],
      permissions: [{ scope: 'whatsapp_business_messaging', granted: false }],
    });
    expect(panel.items).toEqual([
      { tone: 'info', label: 'Mode', detail: 'current WhatsApp accounts only' },
      { tone: 'info', label: 'Support line', detail: 'selected' },
      { tone: 'unknown', label: 'Sales line', detail: 'could not read' },
      { tone: 'warning', label: 'whatsapp_business_messaging', detail: 'off' },
    ]);
  });
});
