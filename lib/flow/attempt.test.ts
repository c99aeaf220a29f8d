import { describe, expect, it } from 'vitest';
import type { ReconnectPlan } from '../contract/plan';
import { readScreen } from '../screens/read-screen';
import { loadMetaFixture } from '../../tests/support/meta-fixtures';
import { connection, workspace } from '../../tests/support/status-fixtures';
import type { Attempt} from './attempt';
import {
  addReading, addTab, ATTEMPT_IDLE_MS, attemptOfTab, chooseWorkspace, closeTab, dialogReadings, expireIfIdle, isOurDialog, MAX_READINGS, parseAttempts, startFromReconnect,
  StoredScreen, type AttemptReading,
} from './attempt';
import { buildChecklist } from './checklist';

const APP = { appId: '100000000000001', configId: '300000000000001' };
const PLAN: ReconnectPlan = {
  apiVersion: 'v1', workspaceId: 'ws-1', appId: APP.appId, configId: APP.configId, appName: 'Acme Helpdesk', requiredScopes: ['whatsapp_business_management', 'whatsapp_business_messaging'],
  business: null, expectedWabas: [{ id: '100000000000101', name: 'Example Clinic Support' }], currentlyGrantedWabaIds: ['100000000000101'], reconnectUrl: 'https://app.example.test/reconnect',
};
const T0 = 1_700_000_000_000;
const dialogUrl = (q: string) => `https://www.facebook.com/v21.0/dialog/oauth?redirect_uri=https%3A%2F%2Fapp.example%2Fcb&${q}`;

describe('isOurDialog', () => {
  it.each([
    ['OAuth dialog with our client_id and config_id', dialogUrl(`client_id=${APP.appId}&config_id=${APP.configId}`), { ours: true, kind: 'oauth-dialog' }],
    ['SDK popup with app_id and no config_id (a missing one does not matter)', dialogUrl(`app_id=${APP.appId}`), { ours: true, kind: 'oauth-dialog' }],
    ['another app', dialogUrl('client_id=100000000000999'), { ours: false, reason: 'other-app' }],
    ['our app with another config_id', dialogUrl(`client_id=${APP.appId}&config_id=300000000000999`), { ours: false, reason: 'other-config' }],
    ['no app id at all', dialogUrl('scope=email'), { ours: false, reason: 'no-app-id' }],
    ['hosted Embedded Signup for our app', `https://business.facebook.com/messaging/whatsapp/onboard/?app_id=${APP.appId}&config_id=${APP.configId}`, { ours: true, kind: 'embedded-signup-hosted' }],
    ['hosted Embedded Signup for another app', 'https://business.facebook.com/messaging/whatsapp/onboard/?app_id=100000000000999', { ours: false, reason: 'other-app' }],
    ['system users page (the token dialog)', 'https://business.facebook.com/latest/settings/system_users?business_id=200000000000001&selected_user_id=500000000000001', { ours: true, kind: 'system-user-token' }],
    ['a look-alike host', `https://www.evilfacebook.com/dialog/oauth?client_id=${APP.appId}`, { ours: false, reason: 'not-a-dialog' }],
    ['a Business Settings page', 'https://business.facebook.com/latest/settings/business_users?business_id=200000000000001', { ours: false, reason: 'not-a-dialog' }],
  ])('%s', (_, url, verdict) => expect(isOurDialog(url, APP)).toEqual(verdict));
  it('a config_id in the URL when the product uses none is not ours', () => {
    expect(isOurDialog(dialogUrl(`client_id=${APP.appId}&config_id=${APP.configId}`), { appId: APP.appId, configId: null })).toEqual({ ours: false, reason: 'other-config' });
  });
});

describe('chooseWorkspace', () => {
  const ws = (workspaceId: string, over: Partial<Parameters<typeof chooseWorkspace>[0]['candidates'][number]> = {}) => ({ workspaceId, appId: APP.appId, expectedWabas: [], hasProblems: false, ...over });
  it('the one the admin started from', () => {
    expect(chooseWorkspace({ appId: APP.appId, startedFrom: 'b', candidates: [ws('a'), ws('b')] })).toEqual({ kind: 'chosen', workspaceId: 'b', why: 'started-here' });
  });
  it('otherwise the only workspace using that app', () => {
    expect(chooseWorkspace({ appId: APP.appId, startedFrom: null, candidates: [ws('a'), ws('b', { appId: '999999' })] })).toEqual({ kind: 'chosen', workspaceId: 'a', why: 'only-one' });
  });
  it('a start from a workspace of another app does not count', () => {
    expect(chooseWorkspace({ appId: APP.appId, startedFrom: 'b', candidates: [ws('a'), ws('b', { appId: '999999' })] })).toMatchObject({ kind: 'chosen', workspaceId: 'a', why: 'only-one' });
  });
  it('otherwise asks, preselecting the one whose expected WABAs are on screen', () => {
    const candidates = [ws('a', { expectedWabas: [{ id: '1', name: 'Alpha' }], hasProblems: true }), ws('b', { expectedWabas: [{ id: '2', name: 'Beta Line' }] })];
    expect(chooseWorkspace({ appId: APP.appId, startedFrom: null, candidates, onScreen: [{ name: 'beta  line', id: null }] })).toEqual({ kind: 'ask', candidates: ['a', 'b'], preselected: 'b', why: 'expected-wabas-on-screen' });
  });
  it('else the one with problems, else none preselected', () => {
    expect(chooseWorkspace({ appId: APP.appId, startedFrom: null, candidates: [ws('a'), ws('b', { hasProblems: true })] })).toMatchObject({ kind: 'ask', preselected: 'b', why: 'has-problems' });
    expect(chooseWorkspace({ appId: APP.appId, startedFrom: null, candidates: [ws('a'), ws('b')] })).toMatchObject({ kind: 'ask', preselected: null, why: null });
  });
  it('no workspace uses the app', () => {
    expect(chooseWorkspace({ appId: APP.appId, startedFrom: null, candidates: [ws('a', { appId: '9' })] })).toEqual({ kind: 'none' });
  });
});

describe('attempt lifecycle', () => {
  const before = workspace([connection('missing-waba')]);
  const screens = new Map<string, StoredScreen>();
  const screenOf = (fixture: string) => {
    if (!screens.has(fixture)) screens.set(fixture, StoredScreen.parse(readScreen(loadMetaFixture(fixture))));
    return screens.get(fixture) as StoredScreen;
  };
  const reading = (at: number, fixture = 'waba-selection.en.html', tabId = 7): AttemptReading => ({ source: 'dialog', at, tabId, screen: screenOf(fixture) });

  it('starts from a Reconnect click, survives a round trip through storage, and feeds the checklist', () => {
    let a = startFromReconnect({ workspaceId: 'ws-1', plan: PLAN, before }, 7, APP.appId, T0);
    a = addReading(a, reading(T0 + 1_000), T0 + 1_000);
    const stored = JSON.parse(JSON.stringify({ [String(a.tabId)]: a })) as unknown;
    const { attempts, dropped } = parseAttempts(stored);
    expect(dropped).toEqual([]);
    expect(attempts['7']).toEqual(a);
    const list = buildChecklist({ plan: PLAN, before, readings: dialogReadings(attempts['7'] as Attempt), now: T0 + 5_000 });
    expect(list.items.find((i) => i.id === 'whatsapp-accounts')?.state).toBe('passed');
  });

  it('an Embedded Signup popup follows its opener tab', () => {
    const a = startFromReconnect({ workspaceId: 'ws-1', plan: PLAN, before }, 7, APP.appId, T0);
    const store = { '7': a };
    expect(attemptOfTab(store, 42, 7, T0 + 10)).toBe(a);
    expect(attemptOfTab(store, 42, null, T0 + 10)).toBeNull();
    const joined = addTab(a, 42, T0 + 20);
    expect(joined.tabs).toEqual([7, 42]);
    expect(attemptOfTab({ '7': joined }, 42, null, T0 + 30)).toBe(joined);
  });

  it('ends when its tabs close', () => {
    let a = addTab(startFromReconnect({ workspaceId: 'ws-1', plan: PLAN, before }, 7, APP.appId, T0), 42, T0);
    a = closeTab(a, 7, T0 + 1);
    expect(a.ended).toBeNull();
    a = closeTab(a, 42, T0 + 2);
    expect(a.ended).toEqual({ reason: 'tabs-closed', at: T0 + 2 });
  });

  it('ends after 30 minutes without activity, and activity keeps it alive', () => {
    let a = startFromReconnect({ workspaceId: 'ws-1', plan: PLAN, before }, 7, APP.appId, T0);
    expect(expireIfIdle(a, T0 + ATTEMPT_IDLE_MS - 1).ended).toBeNull();
    a = addReading(a, reading(T0 + 20 * 60_000), T0 + 20 * 60_000);
    expect(expireIfIdle(a, T0 + ATTEMPT_IDLE_MS + 1).ended).toBeNull();
    expect(expireIfIdle(a, T0 + 50 * 60_000)).toMatchObject({ ended: { reason: 'inactive', at: T0 + 50 * 60_000 } });
    expect(attemptOfTab({ '7': a }, 7, null, T0 + 51 * 60_000)).toBeNull();
  });

  it('does not append the same screen twice, and stays bounded, dropping superseded readings first', () => {
    let a = startFromReconnect({ workspaceId: 'ws-1', plan: PLAN, before }, 7, APP.appId, T0);
    a = addReading(a, reading(T0 + 1), T0 + 1);
    a = addReading(a, reading(T0 + 2), T0 + 2);
    expect(a.readings.map((r) => r.at)).toEqual([T0 + 1]);
    a = addReading(a, reading(T0 + 3, 'permissions-review.en.html'), T0 + 3);
    for (let i = 0; i < MAX_READINGS + 10; i++) a = addReading(a, reading(T0 + 10 + i, i % 2 ? 'waba-selection.en.html' : 'reconnect-confirm.en.html'), T0 + 10 + i);
    expect(a.readings).toHaveLength(MAX_READINGS);
    // The one permissions reading is never superseded, so it is kept.
    expect(a.readings.some((r) => r.source === 'dialog' && r.screen.kind === 'permissions-review')).toBe(true);
  });

  it('a stored entry that does not validate is dropped, not thrown on', () => {
    const a = startFromReconnect({ workspaceId: 'ws-1', plan: PLAN, before }, 7, APP.appId, T0);
    expect(parseAttempts({ '7': a, '8': { ...a, tabId: 8, version: 2 }, '9': a })).toMatchObject({ dropped: ['8', '9'] });
    expect(parseAttempts('garbage')).toEqual({ attempts: {}, dropped: ['(store)'] });
    expect(parseAttempts(undefined)).toEqual({ attempts: {}, dropped: [] });
  });
});
