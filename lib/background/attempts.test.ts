import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ReconnectPlan } from '../contract/plan';
import { ATTEMPT_IDLE_MS, startFromReconnect, type Attempt } from '../flow/attempt';
import { stored } from '../storage/items';
import { activeAttempts, attemptOfTab, closeAttemptTab, endAttemptOf, onAttemptEnded, resumeAttempts, setAttemptDeps, startAttemptIn, updateAttempt } from './attempts';

const PLAN: ReconnectPlan = {
  apiVersion: 'v1', workspaceId: 'ws-1', appId: '100000000000001', configId: null, appName: 'Acme Helpdesk',
  requiredScopes: ['whatsapp_business_management', 'whatsapp_business_messaging'], business: null,
  expectedWabas: [{ id: '100000000000101', name: 'Example Clinic Support' }], currentlyGrantedWabaIds: ['100000000000101'], reconnectUrl: 'https://app.example.test/reconnect',
};
const T0 = 1_700_000_000_000;
let clock = T0;
const openers = new Map<number, number>();
const attempt = (tabId: number): Attempt => startFromReconnect({ workspaceId: 'ws-1', plan: PLAN, before: null }, tabId, PLAN.appId, clock);

describe('background attempts', () => {
  let ended: Attempt[];
  let off: () => void;
  beforeEach(() => {
    clock = T0;
    openers.clear();
    setAttemptDeps({ now: () => clock, openerOf: async (id) => openers.get(id) ?? null });
    ended = [];
    off?.();
    off = onAttemptEnded((a) => ended.push(a));
  });

  it('stores an attempt per tab in session storage and finds it again', async () => {
    await startAttemptIn(attempt(5));
    expect((await attemptOfTab(5))?.plan?.workspaceId).toBe('ws-1');
    expect(await attemptOfTab(6)).toBeNull();
    expect(Object.keys(await fakeBrowser.storage.session.get('attempts'))).toEqual(['attempts']);
  });

  it('one attempt per tab: a second start keeps the first unless it replaces it, and the replaced one is announced', async () => {
    const first = await startAttemptIn(attempt(5));
    clock += 1000;
    expect(await startAttemptIn(attempt(5))).toEqual(first);
    const second = await startAttemptIn(attempt(5), { replace: true });
    expect(second.startedAt).toBe(T0 + 1000);
    expect(ended.map((a) => [a.startedAt, a.ended?.reason])).toEqual([[T0, 'outcome']]);
    expect((await attemptOfTab(5))?.startedAt).toBe(T0 + 1000);
  });

  it('a popup window joins its opener tab’s attempt (Embedded Signup)', async () => {
    await startAttemptIn(attempt(5));
    openers.set(9, 5);
    expect((await attemptOfTab(9))?.tabId).toBe(5);
    expect((await attemptOfTab(9))?.tabs).toEqual([5, 9]);
    // Closing the opener keeps the attempt while the popup is open; closing both ends it.
    await closeAttemptTab(5);
    expect((await attemptOfTab(9))?.tabs).toEqual([9]);
    expect(ended).toEqual([]);
    await closeAttemptTab(9);
    expect(await attemptOfTab(9)).toBeNull();
    expect(ended.map((a) => a.ended?.reason)).toEqual(['tabs-closed']);
    expect(await stored.attempts.get()).toEqual({});
  });

  it('updateAttempt changes the stored attempt on one queue (no lost update)', async () => {
    await startAttemptIn(attempt(5));
    await Promise.all(Array.from({ length: 10 }, (_, i) => updateAttempt(5, (a) => ({ ...a, lastActivityAt: a.lastActivityAt + i + 1 }))));
    expect((await attemptOfTab(5))?.lastActivityAt).toBe(T0 + 55);
    expect(await updateAttempt(6, (a) => a)).toBeNull();
  });

  it('endAttemptOf ends it once and tells the listeners once', async () => {
    await startAttemptIn(attempt(5));
    const done = await endAttemptOf(5, 'outcome');
    expect(done?.ended).toEqual({ reason: 'outcome', at: T0 });
    expect(await endAttemptOf(5, 'outcome')).toBeNull();
    expect(ended).toHaveLength(1);
    expect(await activeAttempts()).toEqual([]);
  });

  it('ends after 30 minutes without activity (inactive), on the next access or the alarm', async () => {
    await startAttemptIn(attempt(5));
    clock += ATTEMPT_IDLE_MS - 1;
    expect(await attemptOfTab(5)).not.toBeNull();
    clock += 2;
    await resumeAttempts();
    expect(ended.map((a) => [a.ended?.reason, a.ended?.at])).toEqual([['inactive', T0 + ATTEMPT_IDLE_MS]]);
    expect(await attemptOfTab(5)).toBeNull();
  });

  it('an ended attempt a killed worker left unannounced is announced on the next start', async () => {
    const left = { ...attempt(5), ended: { reason: 'tabs-closed' as const, at: T0 } };
    await fakeBrowser.storage.session.set({ attempts: { '5': left } });
    await resumeAttempts();
    expect(ended.map((a) => a.ended?.reason)).toEqual(['tabs-closed']);
    expect(await stored.attempts.get()).toEqual({});
  });

  it('a stored entry that does not validate is dropped, the others kept, nothing thrown', async () => {
    await fakeBrowser.storage.session.set({ attempts: { '5': attempt(5), '6': { version: 1, tabId: 'x' }, '7': { ...attempt(8) } } });
    expect(Object.keys(await stored.attempts.get())).toEqual(['5']);
    expect((await attemptOfTab(5))?.tabId).toBe(5);
    expect(await attemptOfTab(6)).toBeNull();
  });
});
