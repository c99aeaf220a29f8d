import { deleteDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { connection, statusDoc, workspace } from '../../tests/support/status-fixtures';
import { closeHistory, DB_NAME, readEvents } from '../storage/history';
import { saveSettings } from '../storage/settings';
import { stored } from '../storage/items';
import { businessSettingsWabaUrl } from './links';
import { loadReconnectStarts, startReconnect } from './start';

afterEach(async () => {
  await closeHistory();
  await deleteDB(DB_NAME);
});

const plan = {
  apiVersion: 'v1',
  workspaceId: 'ws-1',
  appId: '300000000000001',
  configId: '400000000000001',
  requiredScopes: ['whatsapp_business_management', 'whatsapp_business_messaging'],
  business: { id: '200000000000001', name: 'Acme Inc' },
  expectedWabas: [{ id: '100000000000001', name: 'Support line' }],
  currentlyGrantedWabaIds: ['100000000000001'],
  reconnectUrl: 'https://app.example.test/plan/reconnect?ws=ws-1',
};

async function seed() {
  await saveSettings({ backendUrl: 'http://localhost:9', accessToken: 't' });
  await stored.snapshot.set({
    lastAttemptAt: '2026-11-21T12:00:00Z', outcome: 'ok', detail: null, failingSince: null, failures: 0, retryAfterSeconds: null,
    lastGood: { status: statusDoc([workspace([connection('expired')])]), fetchedAt: '2026-11-21T12:00:00Z', etag: null },
  });
}

/** Answers the plan and the reconnect link separately (404 for what is not given). */
const byPath =
  (answers: { plan?: () => Response; link?: () => Response | Promise<Response> }): typeof fetch =>
  async (input) => {
    const url = String(input instanceof Request ? input.url : input);
    const answer = url.endsWith('/reconnect-plan') ? answers.plan : url.endsWith('/reconnect-link') ? answers.link : undefined;
    return answer ? answer() : new Response('', { status: 404 });
  };

const link = { apiVersion: 'v1', workspaceId: 'ws-1', connectionId: 'conn-expired', url: 'http://localhost:9/reconnect/start?ticket=single-use-secret', expiresAt: '2026-11-21T12:10:00Z' };

describe('startReconnect through the backend’s reconnect link', () => {
  it('opens the fresh link, and stores its address without the single-use ticket', async () => {
    await seed();
    const created = vi.spyOn(fakeBrowser.tabs, 'create');
    const result = await startReconnect('ws-1', 'popup', { fetchImpl: byPath({ plan: () => new Response(JSON.stringify(plan)), link: () => new Response(JSON.stringify(link), { status: 201 }) }) });
    expect(result).toEqual({ ok: true, url: 'http://localhost:9/reconnect/start', planFetched: true, via: 'reconnect-link', fallback: null });
    expect(created).toHaveBeenCalledWith({ url: link.url });
    expect((await loadReconnectStarts())['ws-1']).toMatchObject({ url: 'http://localhost:9/reconnect/start', connectionId: 'conn-expired' });
    expect(JSON.stringify(await readEvents())).not.toContain('single-use-secret');
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('single-use-secret');
  });

  it.each([
    ['500', () => new Response('', { status: 500 }), "the backend's reconnect link failed (HTTP 500)"],
    ['not the contract', () => new Response(JSON.stringify({ url: 'javascript:alert(1)' }), { status: 201 }), /does not match the contract/],
    ['another workspace', () => new Response(JSON.stringify({ ...link, workspaceId: 'ws-2' }), { status: 201 }), 'the backend made a reconnect link for another workspace'],
    ['network error', () => Promise.reject(new TypeError('fetch failed')), /did not come \(network error\)/],
  ] as const)('falls back to the reconnect page, saying why, when the link fails: %s', async (_name, answer, why) => {
    await seed();
    const created = vi.spyOn(fakeBrowser.tabs, 'create');
    const result = await startReconnect('ws-1', 'popup', { fetchImpl: byPath({ link: answer }) });
    expect(result).toMatchObject({ ok: true, url: 'https://app.example.test/settings/whatsapp/reconnect', via: 'reconnect-page', fallback: typeof why === 'string' ? why : expect.stringMatching(why) });
    expect(created).toHaveBeenCalledWith({ url: 'https://app.example.test/settings/whatsapp/reconnect' });
  });
});

describe('startReconnect', () => {
  it('opens the plan’s reconnect URL and records the start with the before-state and the plan', async () => {
    await seed();
    const created = vi.spyOn(fakeBrowser.tabs, 'create');
    const result = await startReconnect('ws-1', 'popup', { fetchImpl: byPath({ plan: () => new Response(JSON.stringify(plan)) }), now: new Date('2026-11-21T12:05:00Z') });
    expect(result).toEqual({ ok: true, url: plan.reconnectUrl, planFetched: true, via: 'reconnect-page', fallback: 'the backend offers no reconnect link' });
    expect(created).toHaveBeenCalledWith({ url: plan.reconnectUrl });
    const start = (await loadReconnectStarts())['ws-1'];
    expect(start).toMatchObject({ startedAt: '2026-11-21T12:05:00.000Z', source: 'popup', plan: { appId: '300000000000001' } });
    expect(start?.before?.connections[0]?.status).toBe('expired');
    expect(await readEvents()).toEqual([expect.objectContaining({ kind: 'reconnect-started', workspaceId: 'ws-1', before: [{ connectionId: 'conn-expired', status: 'expired' }] })]);
  });

  it('falls back to the status’s reconnect URL when the plan cannot be fetched', async () => {
    await seed();
    const result = await startReconnect('ws-1', 'popup', { fetchImpl: async () => new Response('', { status: 500 }) });
    expect(result).toMatchObject({ ok: true, url: 'https://app.example.test/settings/whatsapp/reconnect', planFetched: false });
  });

  it.each(['', '/settings/reconnect', 'not a url'])('falls back to the status’s reconnect URL when the plan’s is %j', async (reconnectUrl) => {
    await seed();
    const result = await startReconnect('ws-1', 'popup', { fetchImpl: async () => new Response(JSON.stringify({ ...plan, reconnectUrl })) });
    expect(result).toMatchObject({ ok: true, url: 'https://app.example.test/settings/whatsapp/reconnect', planFetched: false });
  });

  it('refuses when no reconnect page is known, and opens nothing', async () => {
    await saveSettings({ backendUrl: 'http://localhost:9', accessToken: 't' });
    const created = vi.spyOn(fakeBrowser.tabs, 'create');
    const result = await startReconnect('ws-unknown', 'popup', { fetchImpl: async () => new Response('', { status: 404 }) });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/No reconnect page/) });
    expect(created).not.toHaveBeenCalled();
  });
});

describe('Business Settings deep link', () => {
  it('points at the WABA with its business id, and only ever carries digits', () => {
    expect(businessSettingsWabaUrl('200000000000001', '100000000000001')).toBe(
      'https://business.facebook.com/latest/settings/whatsapp_account?business_id=200000000000001&selected_asset_id=100000000000001&selected_asset_type=whatsapp-business-account',
    );
    expect(businessSettingsWabaUrl(null, '1')).toBe('https://business.facebook.com/latest/settings/whatsapp_account?selected_asset_id=1&selected_asset_type=whatsapp-business-account');
    expect(businessSettingsWabaUrl('1&x=2', '1')).toBeNull();
  });
});
