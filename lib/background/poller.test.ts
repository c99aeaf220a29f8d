import { deleteDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { connection, statusDoc, workspace } from '../../tests/support/status-fixtures';
import { forgetBadge } from '../health/badge';
import { closeHistory, DB_NAME, readEvents } from '../storage/history';
import { saveSettings } from '../storage/settings';
import { stored } from '../storage/items';
import { closeStatusCache } from '../storage/status-cache';
import { overallHealth } from '../health/model';
import { checkWorkspace, pollIfDue, pollOnce, refreshBadge } from './poller';
import { POLL_ALARM, STALE_ALARM } from './schedule';

function respond(body: unknown, init: ResponseInit = {}): typeof fetch {
  return async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), init);
}
const down: typeof fetch = async () => {
  throw new TypeError('fetch failed');
};
const T0 = Date.parse('2026-11-21T12:00:00Z');
const at = (minutes: number) => () => new Date(T0 + minutes * 60_000);

beforeEach(async () => {
  forgetBadge();
  await saveSettings({ backendUrl: 'http://localhost:9/api', accessToken: 'secret-token-0001' });
});
afterEach(async () => {
  await closeHistory();
  await deleteDB(DB_NAME);
});

describe('pollOnce', () => {
  it('a policy URL refused by the https rule sends nothing and says why, as the policy’s', async () => {
    await fakeBrowser.storage.managed.set({ backendUrl: 'http://backend.example.test' });
    let calls = 0;
    const snap = await pollOnce({ fetchImpl: async () => (calls++, new Response('{}')), now: at(0) });
    expect(calls).toBe(0);
    expect(snap?.outcome).toBe('not-configured');
    expect(snap?.detail).toMatch(/^The backend URL from your administrator’s policy was refused: Use https/);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('?');
    await fakeBrowser.storage.managed.clear();
  });

  it('stores a valid status, sets the badge and caches it across a restart', async () => {
    await pollOnce({ fetchImpl: respond(statusDoc([workspace([connection('expired')])]), { headers: { ETag: '"1"' } }), now: at(0) });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
    // "Restart": the worker's memory is gone (badge cache, generation); storage stays.
    forgetBadge();
    await fakeBrowser.action.setBadgeText({ text: '' });
    const snap = await stored.snapshot.get();
    expect(snap?.outcome).toBe('ok');
    expect(snap?.lastGood?.etag).toBe('"1"');
    expect(snap?.lastGood?.status.workspaces[0]?.connections[0]?.status).toBe('expired');
    await refreshBadge(T0);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
  });

  it.each([
    ['a 500', respond('oops', { status: 500 }), 'http-error', /HTTP 500/],
    ['a schema violation', respond({ apiVersion: 'v1', workspaces: 'no' }), 'invalid-response', /does not match the contract/],
    ['non-JSON', respond('<html>', { status: 200 }), 'invalid-response', /not JSON/],
    ['a 401', respond('', { status: 401 }), 'unauthorized', /refused the access token/],
    ['a redirect', respond('', { status: 302, headers: { Location: 'https://elsewhere.test/' } }), 'invalid-response', /redirect/],
    ['a network error', down, 'unreachable', /unreachable/],
  ])('records %s as its own outcome and keeps the last good status', async (_name, fetchImpl, outcome, detail) => {
    await pollOnce({ fetchImpl: respond(statusDoc([workspace([connection('healthy')])])), now: at(0) });
    await pollOnce({ fetchImpl, now: at(1) });
    const snap = await stored.snapshot.get();
    expect(snap?.outcome).toBe(outcome);
    expect(snap?.detail).toMatch(detail);
    expect(snap?.detail).not.toContain('secret-token-0001');
    expect(snap?.lastGood?.status.workspaces).toHaveLength(1);
  });

  it.each(['', '/settings/reconnect', 'not a url'])('an answer whose reconnectUrl is %j is an invalid response, never the last status frozen as current', async (reconnectUrl) => {
    await pollOnce({ fetchImpl: respond(statusDoc([workspace([connection('healthy')])])), now: at(0) });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    const bad = statusDoc([workspace([connection('expired')], { reconnectUrl })]);
    await expect(pollOnce({ fetchImpl: respond(bad), now: at(1) })).resolves.not.toBeNull();
    const snap = await stored.snapshot.get();
    expect(snap?.outcome).toBe('invalid-response');
    expect(snap?.detail).toMatch(/reconnectUrl/);
    expect(snap?.lastAttemptAt).toBe(at(1)().toISOString());
    // Still wrong one interval later: the badge turns grey instead of staying green.
    await pollOnce({ fetchImpl: respond(bad), now: at(17) });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('?');
  });

  it('Check now on such an answer says it is invalid instead of throwing', async () => {
    await pollOnce({ fetchImpl: respond(statusDoc([workspace([connection('healthy')])])), now: at(0) });
    const result = await checkWorkspace('ws-1', { fetchImpl: respond({ apiVersion: 'v1', workspace: workspace([connection('healthy')], { reconnectUrl: 'not a url' }) }), now: at(1) });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/does not match the contract: workspace\.reconnectUrl/) });
  });

  /**
   * IndexedDB refuses writes as a full disk or an exhausted origin quota would
   * (QuotaExceededError): only the new answer (`new-only`), or every write, the failure marker
   * included (`all`).
   */
  function refuseIdbWrites(which: 'new-only' | 'all'): { refused: () => number; restore: () => void } {
    const proto = IDBObjectStore.prototype as unknown as { put: (value: unknown, key?: IDBValidKey) => IDBRequest };
    const realPut = proto.put;
    let refused = 0;
    proto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      const outcome = (value as { snapshot?: { outcome?: string } } | null)?.snapshot?.outcome;
      if (outcome === 'ok' || (which === 'all' && outcome !== undefined)) {
        refused += 1;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return realPut.call(this, value, key);
    };
    return { refused: () => refused, restore: () => void (proto.put = realPut) };
  }

  it.each(['new-only', 'all'] as const)('a status that cannot be stored (IndexedDB refuses %s) says so, and no reader sees the old status as current', async (which) => {
    await pollOnce({ fetchImpl: respond(statusDoc([workspace([connection('healthy')])])), now: at(0) });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    const idb = refuseIdbWrites(which);
    try {
      const result = await pollOnce({ fetchImpl: respond(statusDoc([workspace([connection('expired')])])), now: at(1) });
      expect(idb.refused()).toBe(which === 'all' ? 2 : 1);
      expect(result?.outcome).toBe('storage-error');
      // Grey at once, and the title says why.
      expect(await fakeBrowser.action.getBadgeText({})).toBe('?');
      expect(await fakeBrowser.action.getTitle({})).toMatch(/could not be saved/);
      // Another context (the popup, opened now) reads through the cache, without this one's memory.
      await closeStatusCache();
      const snap = await stored.snapshot.get();
      expect(snap).toMatchObject({ outcome: 'storage-error', lastAttemptAt: at(1)().toISOString(), detail: expect.stringMatching(/could not be saved.*quota/) });
      // Nothing cached is lost: the last status that was stored is still there, with its age.
      expect(snap?.lastGood?.status.workspaces[0]?.connections[0]?.status).toBe('healthy');
      expect(snap?.lastGood?.fetchedAt).toBe(at(0)().toISOString());
      // What the popup's header derives from it: stale, never healthy.
      expect(overallHealth(snap, at(1)().getTime(), 15).state).toBe('stale');
      // A restarted worker repaints the same grey badge from the cache.
      forgetBadge();
      await fakeBrowser.action.setBadgeText({ text: '' });
      await refreshBadge(at(1)().getTime());
      expect(await fakeBrowser.action.getBadgeText({})).toBe('?');
    } finally {
      idb.restore();
    }
    await pollOnce({ fetchImpl: respond(statusDoc([workspace([connection('expired')])])), now: at(2) });
    await closeStatusCache();
    expect((await stored.snapshot.get())?.outcome).toBe('ok');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
  });

  it('a poll for an opened popup honours the back-off and Retry-After; after a good answer it runs', async () => {
    let calls = 0;
    const counting = (inner: typeof fetch): typeof fetch => async (...args) => {
      calls += 1;
      return inner(...args);
    };
    await pollIfDue({ fetchImpl: counting(respond(statusDoc([workspace([connection('healthy')])]))), now: at(0) });
    await pollIfDue({ fetchImpl: counting(respond(statusDoc([workspace([connection('healthy')])]))), now: at(0.1) });
    expect(calls).toBe(2); // healthy: every open polls (a cheap conditional GET)
    await pollOnce({ fetchImpl: respond('busy', { status: 429, headers: { 'Retry-After': '600' } }), now: at(1) });
    calls = 0;
    const busy = counting(respond('busy', { status: 429, headers: { 'Retry-After': '600' } }));
    await pollIfDue({ fetchImpl: busy, now: at(2) });
    await pollIfDue({ fetchImpl: busy, now: at(10.9) });
    expect(calls).toBe(0); // within the 10 minutes the backend asked for
    await pollIfDue({ fetchImpl: busy, now: at(11.1) });
    expect(calls).toBe(1);
  });

  it('sends the ETag and keeps the cached status on 304', async () => {
    await pollOnce({ fetchImpl: respond(statusDoc([workspace([connection('healthy')])]), { headers: { ETag: '"a"' } }), now: at(0) });
    let sentEtag: string | null = null;
    await pollOnce({
      fetchImpl: async (_url, init) => {
        sentEtag = new Headers(init?.headers).get('If-None-Match');
        return new Response(null, { status: 304 });
      },
      now: at(15),
    });
    expect(sentEtag).toBe('"a"');
    const snap = await stored.snapshot.get();
    expect(snap?.outcome).toBe('ok');
    expect(snap?.lastGood?.fetchedAt).toBe(at(15)().toISOString());
  });

  it('reports not configured without calling anything', async () => {
    await saveSettings({ backendUrl: null, accessToken: null });
    await pollOnce({
      fetchImpl: async () => {
        throw new Error('must not be called');
      },
    });
    expect((await stored.snapshot.get())?.outcome).toBe('not-configured');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('?');
  });

  it('lets the newer poll win when an older one answers last', async () => {
    let releaseOld!: () => void;
    const old = pollOnce({
      fetchImpl: () => new Promise((resolve) => (releaseOld = () => resolve(new Response(JSON.stringify(statusDoc([workspace([connection('expired')])])))))),
      now: at(0),
    });
    await new Promise((r) => setTimeout(r, 0));
    await pollOnce({ fetchImpl: respond(statusDoc([workspace([connection('healthy')])])), now: at(0) });
    releaseOld();
    expect(await old).toBeNull();
    expect((await stored.snapshot.get())?.lastGood?.status.workspaces[0]?.connections[0]?.status).toBe('healthy');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });
});

describe('polling schedule and back-off', () => {
  it('polls at the interval while healthy and backs off 1, 2, 4… minutes while failing', async () => {
    await saveSettings({ pollMinutes: 15 });
    await pollOnce({ fetchImpl: respond(statusDoc([workspace([connection('healthy')])])), now: at(0) });
    expect((await fakeBrowser.alarms.get(POLL_ALARM))?.periodInMinutes).toBe(15);
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = Date.now();
      await pollOnce({ fetchImpl: down, now: at(i + 1) });
      const alarm = await fakeBrowser.alarms.get(POLL_ALARM);
      delays.push(Math.round((alarm!.scheduledTime - before) / 60_000));
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 60]);
    expect((await stored.snapshot.get())?.failures).toBe(7);
    await pollOnce({ fetchImpl: respond(statusDoc([workspace([connection('healthy')])])), now: at(100) });
    const alarm = await fakeBrowser.alarms.get(POLL_ALARM);
    expect(Math.round((alarm!.scheduledTime - Date.now()) / 60_000)).toBe(15);
    expect((await stored.snapshot.get())?.failures).toBe(0);
  });

  it('honours the backend’s Retry-After', async () => {
    await pollOnce({ fetchImpl: respond('{}', { status: 503, headers: { 'Retry-After': '600' } }), now: at(0) });
    const alarm = await fakeBrowser.alarms.get(POLL_ALARM);
    expect(Math.round((alarm!.scheduledTime - Date.now()) / 60_000)).toBe(10);
  });

  it('greys the badge once a failure outlasts one interval, keeping the last known status', async () => {
    await saveSettings({ pollMinutes: 15 });
    await pollOnce({ fetchImpl: respond(statusDoc([workspace([connection('expired')])])), now: at(0) });
    await pollOnce({ fetchImpl: down, now: at(1) });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!'); // within the first interval
    const stale = await fakeBrowser.alarms.get(STALE_ALARM);
    expect(stale?.scheduledTime).toBe(T0 + 16 * 60_000 + 1_000);
    await refreshBadge(T0 + 16 * 60_000 + 1_000); // what the stale-check alarm does
    expect(await fakeBrowser.action.getBadgeText({})).toBe('?');
    expect(await fakeBrowser.action.getTitle({})).toMatch(/backend unreachable since .*Last known .*1 connection needed attention/);
    expect((await stored.snapshot.get())?.lastGood?.status.workspaces).toHaveLength(1);
  });
});

describe('notifications through a poll', () => {
  const expired = statusDoc([workspace([connection('expired', { problems: [{ code: 'token-expired', message: 'The token expired.', hint: 'Reconnect.', wabaId: null, scope: null }] })])]);
  const healthy = statusDoc([workspace([connection('expired', { status: 'healthy' })])]);

  it('notifies once on a change for the worse, not on every poll, and not again after a restart', async () => {
    await pollOnce({ fetchImpl: respond(healthy), now: at(0) });
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([]);
    await pollOnce({ fetchImpl: respond(expired), now: at(15) });
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(['ra|worse|ws-1|conn-expired|expired']);
    const options = fakeBrowser.notifications.getAllCreateOptions()['ra|worse|ws-1|conn-expired|expired'];
    expect(options).toMatchObject({ title: 'Acme Support: WhatsApp — token expired', message: 'The token expired. Reconnect.', buttons: [{ title: 'Reconnect' }] });
    await fakeBrowser.notifications.clear('ra|worse|ws-1|conn-expired|expired');
    await pollOnce({ fetchImpl: respond(expired), now: at(30) });
    forgetBadge(); // restart: memory gone, storage kept
    await pollOnce({ fetchImpl: respond(expired), now: at(45) });
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([]);
  });

  it('sends one recovery notification that replaces the warning', async () => {
    await pollOnce({ fetchImpl: respond(expired), now: at(0) });
    await pollOnce({ fetchImpl: respond(healthy), now: at(15) });
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(['ra|recovered|ws-1|conn-expired']);
    await pollOnce({ fetchImpl: respond(healthy), now: at(30) });
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(['ra|recovered|ws-1|conn-expired']);
  });

  it('stays quiet for muted workspaces and when notifications are off, without notifying later', async () => {
    await saveSettings({ mutedWorkspaces: ['ws-1'] });
    await pollOnce({ fetchImpl: respond(expired), now: at(0) });
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([]);
    await saveSettings({ mutedWorkspaces: [], notifications: false });
    await pollOnce({ fetchImpl: respond(expired), now: at(15) });
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([]);
    await saveSettings({ notifications: true });
    await pollOnce({ fetchImpl: respond(expired), now: at(30) });
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([]); // nothing new happened
  });

  it('records transitions and backend outages in the history', async () => {
    await pollOnce({ fetchImpl: respond(healthy), now: at(0) });
    await pollOnce({ fetchImpl: respond(expired), now: at(15) });
    await pollOnce({ fetchImpl: down, now: at(30) });
    const events = await readEvents();
    expect(events.map((e) => e.kind)).toEqual(['backend', 'transition', 'transition', 'backend']);
    expect(events[2]).toMatchObject({ kind: 'transition', workspaceId: 'ws-1', from: 'healthy', to: 'expired', problems: ['token-expired'] });
    expect(events[3]).toMatchObject({ kind: 'backend', from: 'ok', to: 'unreachable' });
  });
});

describe('checkWorkspace', () => {
  it('POSTs a check, merges the fresh workspace into the cache and updates the badge', async () => {
    await pollOnce({ fetchImpl: respond(statusDoc([workspace([connection('healthy')]), workspace([connection('healthy')], { id: 'ws-2', name: 'Beta' })])), now: at(0) });
    const calls: { url: string; method: string | undefined; auth: string | null }[] = [];
    const result = await checkWorkspace('ws-2', {
      fetchImpl: async (url, init) => {
        calls.push({ url: String(url), method: init?.method, auth: new Headers(init?.headers).get('Authorization') });
        return new Response(JSON.stringify({ apiVersion: 'v1', workspace: workspace([connection('missing-scope')], { id: 'ws-2', name: 'Beta' }) }));
      },
      now: at(1),
    });
    expect(result.ok).toBe(true);
    expect(calls).toEqual([{ url: 'http://localhost:9/api/v1/workspaces/ws-2/checks', method: 'POST', auth: 'Bearer secret-token-0001' }]);
    const snap = await stored.snapshot.get();
    expect(snap?.lastGood?.status.workspaces.map((w) => w.connections[0]?.status)).toEqual(['healthy', 'missing-scope']);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
    expect((await readEvents()).filter((e) => e.kind === 'check')).toEqual([expect.objectContaining({ workspaceId: 'ws-2', result: 'ok', trigger: 'manual' })]);
  });

  it('says why a check failed and changes nothing', async () => {
    await pollOnce({ fetchImpl: respond(statusDoc([workspace([connection('healthy')])])), now: at(0) });
    const result = await checkWorkspace('ws-1', { fetchImpl: respond('', { status: 401 }) });
    expect(result).toEqual({ ok: false, error: 'backend refused the access token (HTTP 401)', failure: { kind: 'unauthorized', httpStatus: 401 } });
    expect((await stored.snapshot.get())?.lastGood?.status.workspaces[0]?.connections[0]?.status).toBe('healthy');
  });
});
