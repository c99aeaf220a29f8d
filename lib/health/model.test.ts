import { describe, expect, it } from 'vitest';
import { connection, statusDoc, workspace } from '../../tests/support/status-fixtures';
import { ConnectionStatus, type StatusResponse } from '../contract';
import type { Snapshot } from '../storage/snapshot';
import { effectiveStatus } from './effective-status';
import { ALERT_TRANSITIONS, decideAlerts, overallHealth, sameAlertStates, STATUS_TONES, type AlertStates } from './model';
import { badgeFor, STATUS_WORDS } from './words';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const DAY = 86_400_000;

function ok(doc: StatusResponse = statusDoc([workspace([connection('healthy')])])): Snapshot {
  return { lastAttemptAt: '2026-11-21T12:00:00Z', outcome: 'ok', detail: null, failingSince: null, failures: 0, retryAfterSeconds: null, lastGood: { status: doc, fetchedAt: '2026-11-21T12:00:00Z', etag: null } };
}
const badge = (doc: StatusResponse, now = NOW) => badgeFor(overallHealth(ok(doc), now, 15));
const one = (status: ConnectionStatus, overrides = {}) => statusDoc([workspace([connection(status, overrides)])]);

describe('the badge table: every status → badge and title', () => {
  // One row per contract status: what a single connection in that state shows on the toolbar.
  const TABLE: Record<ConnectionStatus, { text: string; color: string; title: RegExp }> = {
    healthy: { text: '', color: '#2e7d32', title: /all 1 connection healthy/ },
    expiring: { text: '3d', color: '#b26a00', title: /a token expires in 3 days: Acme Support \(WhatsApp\): token expires in 3 days/ },
    degraded: { text: '!', color: '#b26a00', title: /a WhatsApp account is limited: Acme Support \(WhatsApp\): WhatsApp account limited/ },
    expired: { text: '!', color: '#c62828', title: /1 connection needs attention: Acme Support \(WhatsApp\): token expired/ },
    invalid: { text: '!', color: '#c62828', title: /needs attention: .*token invalid/ },
    revoked: { text: '!', color: '#c62828', title: /needs attention: .*access revoked/ },
    'missing-scope': { text: '!', color: '#c62828', title: /needs attention: .*missing permission/ },
    'missing-waba': { text: '!', color: '#c62828', title: /needs attention: .*WhatsApp account missing/ },
    'not-admin': { text: '!', color: '#c62828', title: /needs attention: .*authorized by a non-admin/ },
    unknown: { text: '…', color: '#616161', title: /1 connection not checked yet/ },
  };

  it('covers every status of the contract', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ConnectionStatus.options].sort());
    expect(Object.keys(STATUS_TONES).sort()).toEqual([...ConnectionStatus.options].sort());
    expect(Object.keys(STATUS_WORDS).sort()).toEqual([...ConnectionStatus.options].sort());
  });

  it.each(ConnectionStatus.options)('%s', (status) => {
    const row = TABLE[status];
    const view = badge(one(status, status === 'expiring' ? { expiresAt: new Date(NOW + 3 * DAY - 60_000).toISOString() } : {}));
    expect(view.text).toBe(row.text);
    expect(view.text.length).toBeLessThanOrEqual(4);
    expect(view.color).toBe(row.color);
    expect(view.title).toMatch(/^Reconnect Assistant: /);
    expect(view.title).toMatch(row.title);
  });

  it('shows no badge when every connection is healthy, and none for no workspaces', () => {
    expect(badge(statusDoc([workspace([connection('healthy'), connection('healthy', { id: 'c2' })])])).text).toBe('');
    expect(badge(statusDoc([]))).toMatchObject({ text: '', title: expect.stringMatching(/no workspaces/) });
  });

  it('red wins over amber, and the title names every flagged connection (then "and N more")', () => {
    const doc = statusDoc([
      workspace([connection('expiring', { expiresAt: new Date(NOW + 2 * DAY).toISOString() })], { id: 'a', name: 'Alpha' }),
      workspace([connection('revoked')], { id: 'b', name: 'Beta' }),
      workspace([connection('missing-scope')], { id: 'c', name: 'Gamma' }),
      workspace([connection('not-admin')], { id: 'd', name: 'Delta' }),
      workspace([connection('degraded')], { id: 'e', name: 'Epsilon' }),
    ]);
    const view = badge(doc);
    expect(view).toMatchObject({ text: '!', color: '#c62828' });
    expect(view.title).toBe('Reconnect Assistant: 3 connections need attention: Beta (WhatsApp): access revoked; Gamma (WhatsApp): missing permission; Delta (WhatsApp): authorized by a non-admin; and 2 more.');
  });

  it('an expiring token wins the amber text over a limited WABA and shows the fewest days', () => {
    const doc = statusDoc([
      workspace([connection('degraded')], { id: 'a' }),
      workspace([connection('expiring', { expiresAt: new Date(NOW + 5 * DAY).toISOString() })], { id: 'b' }),
      workspace([connection('expiring', { expiresAt: new Date(NOW + 1.5 * DAY).toISOString() })], { id: 'c' }),
    ]);
    expect(badge(doc)).toMatchObject({ text: '2d', color: '#b26a00' });
  });

  it('uses the data-access expiry when it comes first, and ! when no expiry is known', () => {
    expect(badge(one('expiring', { expiresAt: null, dataAccessExpiresAt: new Date(NOW + 4 * DAY).toISOString() })).text).toBe('4d');
    expect(badge(one('expiring', { expiresAt: null })).text).toBe('!');
  });

  it('turns a token whose expiry has passed since the last check red (time alone proves it)', () => {
    const passed = connection('expiring', { expiresAt: new Date(NOW - 60_000).toISOString() });
    expect(effectiveStatus(passed, NOW)).toBe('expired');
    expect(effectiveStatus(connection('healthy', { dataAccessExpiresAt: new Date(NOW - 1).toISOString() }), NOW)).toBe('expired');
    expect(badge(statusDoc([workspace([passed])])).text).toBe('!');
    // …but never turns an unknown into a verdict.
    expect(effectiveStatus(connection('unknown', { expiresAt: new Date(NOW - 60_000).toISOString() }), NOW)).toBe('unknown');
  });
});

describe('backend failures', () => {
  it.each(['unreachable', 'unauthorized', 'http-error', 'invalid-response'] as const)('%s: keeps the last state for one interval, then grey ? with the last known state in the title', (outcome) => {
    const failing = (since: string): Snapshot => ({ ...ok(one('expired')), outcome, detail: 'x', failingSince: since, failures: 2 });
    expect(badgeFor(overallHealth(failing('2026-11-21T11:50:00Z'), NOW, 15)).text).toBe('!');
    const overall = overallHealth(failing('2026-11-21T11:40:00Z'), NOW, 15);
    expect(overall.state).toBe('stale');
    expect(overall.flagged).toHaveLength(1); // the last known state stays available to the popup
    const view = badgeFor(overall);
    expect(view).toMatchObject({ text: '?', color: '#616161' });
    expect(view.title).toMatch(/since 2026-11-21 11:40 UTC\. Last known \(2026-11-21 12:00 UTC\): 1 connection needed attention\./);
  });

  it('says not configured, and unknown with the reason when nothing was ever received', () => {
    expect(badgeFor(overallHealth(null, NOW, 15))).toMatchObject({ text: '?', title: expect.stringMatching(/not configured/) });
    const never: Snapshot = { ...ok(), outcome: 'unauthorized', detail: 'backend refused the access token (HTTP 401)', failingSince: '2026-11-21T11:59:00Z', lastGood: null };
    expect(badgeFor(overallHealth(never, NOW, 15))).toMatchObject({ text: '?', title: expect.stringMatching(/refusing the access token \(backend refused the access token \(HTTP 401\)\)/) });
  });
});

describe('notification decisions (ALERT_TRANSITIONS)', () => {
  const doc = (status: ConnectionStatus, id = 'ws-1') => statusDoc([workspace([connection(status, { id: 'c' })], { id })]);
  function run(statuses: ConnectionStatus[], muted: string[] = []) {
    let states: AlertStates = {};
    return statuses.map((status) => {
      const result = decideAlerts(states, doc(status), NOW, new Set(muted));
      states = result.next;
      return result.decisions.map((d) => (d.kind === 'worse' ? `worse:${d.cause}${d.muted ? ':muted' : ''}` : `recovered:${d.from}${d.muted ? ':muted' : ''}`));
    });
  }

  it('notifies on a change for the worse only, once per cause', () => {
    expect(run(['healthy', 'healthy', 'expiring', 'expiring', 'expired', 'expired', 'expired'])).toEqual([[], [], ['worse:expiring'], [], ['worse:expired'], [], []]);
  });

  it('notifies once on recovery, and only if something was notified', () => {
    expect(run(['expired', 'healthy', 'healthy'])).toEqual([['worse:expired'], ['recovered:expired'], []]);
    expect(run(['healthy', 'unknown', 'healthy'])).toEqual([[], [], []]);
  });

  it('first sight of a bad connection notifies; of a healthy or unknown one does not', () => {
    expect(run(['revoked'])).toEqual([['worse:revoked']]);
    expect(run(['unknown'])).toEqual([[]]);
  });

  it('an unknown in between says nothing and changes nothing', () => {
    expect(run(['expired', 'unknown', 'expired', 'unknown', 'healthy'])).toEqual([['worse:expired'], [], [], [], ['recovered:expired']]);
  });

  it('getting worse within red notifies the new cause; getting better within red is quiet; a relapse notifies again', () => {
    expect(run(['missing-scope', 'revoked', 'missing-scope', 'revoked'])).toEqual([['worse:missing-scope'], ['worse:revoked'], [], ['worse:revoked']]);
    expect(run(['expired', 'expiring', 'expired'])).toEqual([['worse:expired'], [], ['worse:expired']]);
  });

  it('muted workspaces get decisions marked muted (not shown), and state moves on', () => {
    expect(run(['healthy', 'expired', 'expired', 'healthy'], ['ws-1'])).toEqual([[], ['worse:expired:muted'], [], ['recovered:expired:muted']]);
  });

  it('records every status change as a transition (including unknown), and nothing when unchanged', () => {
    const first = decideAlerts({}, doc('unknown'), NOW, new Set());
    const second = decideAlerts(first.next, doc('expired'), NOW, new Set());
    const third = decideAlerts(second.next, doc('expired'), NOW, new Set());
    expect(first.transitions).toEqual([{ workspaceId: 'ws-1', connectionId: 'c', from: null, to: 'unknown', problems: [] }]);
    expect(second.transitions).toEqual([{ workspaceId: 'ws-1', connectionId: 'c', from: 'unknown', to: 'expired', problems: [] }]);
    expect(third.transitions).toEqual([]);
  });

  it('forgets connections that are gone', () => {
    const first = decideAlerts({}, doc('expired'), NOW, new Set());
    expect(decideAlerts(first.next, statusDoc([]), NOW, new Set()).next).toEqual({});
  });

  it('notifies worse only on a move to a more severe tone, recovery only on a move to green from amber or red, and holds on grey', () => {
    const rank = { none: 0, green: 0, grey: 0, amber: 1, red: 2 } as const;
    for (const from of ['none', 'green', 'amber', 'red', 'grey'] as const) {
      expect(ALERT_TRANSITIONS[from].grey).toBe('hold');
      expect(ALERT_TRANSITIONS[from].green).toBe(from === 'amber' || from === 'red' ? 'recovered' : 'quiet');
      for (const to of ['amber', 'red'] as const) {
        const rule = ALERT_TRANSITIONS[from][to];
        if (rank[to] > rank[from]) expect(rule).toBe('worse');
        else if (from === to) expect(rule).toBe('worse-if-more-severe');
        else expect(rule).toBe('quiet');
      }
    }
  });
});

describe('sameAlertStates', () => {
  const a: AlertStates = { 'ws-1|c': { seen: 'expired', baseline: 'expired', causes: ['expired'] }, 'ws-2|c': { seen: 'unknown', baseline: null, causes: [] } };
  it('is true for the same content in another object and key order', () => {
    expect(sameAlertStates(a, { 'ws-2|c': { seen: 'unknown', baseline: null, causes: [] }, 'ws-1|c': { seen: 'expired', baseline: 'expired', causes: ['expired'] } })).toBe(true);
  });
  it.each([
    ['a key more', { ...a, 'ws-3|c': { seen: 'healthy', baseline: 'healthy', causes: [] } }],
    ['a key less', { 'ws-1|c': a['ws-1|c']! }],
    ['another key', { 'ws-1|c': a['ws-1|c']!, 'ws-9|c': a['ws-2|c']! }],
    ['seen changed', { ...a, 'ws-2|c': { seen: 'healthy', baseline: null, causes: [] } }],
    ['baseline changed', { ...a, 'ws-2|c': { seen: 'unknown', baseline: 'healthy', causes: [] } }],
    ['a cause more', { ...a, 'ws-1|c': { seen: 'expired', baseline: 'expired', causes: ['expired', 'revoked'] } }],
    ['a cause changed', { ...a, 'ws-1|c': { seen: 'expired', baseline: 'expired', causes: ['revoked'] } }],
  ] as [string, AlertStates][])('is false with %s', (_name, b) => {
    expect(sameAlertStates(a, b)).toBe(false);
    expect(sameAlertStates(b, a)).toBe(false);
  });
  it('decideAlerts on an unchanged status gives states that are the same', () => {
    const status = statusDoc([workspace([connection('expired')]), workspace([connection('healthy')], { id: 'ws-2' })]);
    const first = decideAlerts({}, status, Date.parse('2026-11-21T12:00:00Z'), new Set());
    expect(sameAlertStates(first.next, decideAlerts(first.next, status, Date.parse('2026-11-21T12:15:00Z'), new Set()).next)).toBe(true);
  });
});
