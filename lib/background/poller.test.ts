import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { connection, statusDoc, workspace } from '../../tests/support/status-fixtures';
import { saveSettings } from '../storage/settings';
import { loadSnapshot } from '../storage/snapshot';
import { pollOnce } from './poller';

function respond(body: unknown, init: ResponseInit = {}): typeof fetch {
  return async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), init);
}

describe('pollOnce', () => {
  it('stores a valid status and caches it across a restart', async () => {
    await saveSettings({ backendUrl: 'http://localhost:9/api', accessToken: 't' });
    await pollOnce(respond(statusDoc([workspace([connection('expired')])]), { headers: { ETag: '"1"' } }));
    const snap = await loadSnapshot();
    expect(snap?.outcome).toBe('ok');
    expect(snap?.lastGood?.etag).toBe('"1"');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
  });

  it.each([
    ['a 500', respond('oops', { status: 500 }), 'http-error', /HTTP 500/],
    ['a schema violation', respond({ apiVersion: 'v1', workspaces: 'no' }), 'invalid-response', /does not match the contract/],
    ['non-JSON', respond('<html>', { status: 200 }), 'invalid-response', /not JSON/],
    ['a 401', respond('', { status: 401 }), 'unauthorized', /refused the access token/],
    ['a network error', (async () => { throw new TypeError('fetch failed'); }) as typeof fetch, 'unreachable', /unreachable/],
  ])('records %s as its own outcome and keeps the last good status', async (_name, fetchImpl, outcome, detail) => {
    await saveSettings({ backendUrl: 'http://localhost:9', accessToken: 't' });
    await pollOnce(respond(statusDoc([workspace([connection('healthy')])])));
    await pollOnce(fetchImpl);
    const snap = await loadSnapshot();
    expect(snap?.outcome).toBe(outcome);
    expect(snap?.detail).toMatch(detail);
    expect(snap?.lastGood?.status.workspaces).toHaveLength(1);
  });

  it('uses the cached status on 304', async () => {
    await saveSettings({ backendUrl: 'http://localhost:9', accessToken: 't' });
    await pollOnce(respond(statusDoc([workspace([connection('healthy')])]), { headers: { ETag: '"a"' } }));
    let sentEtag: string | null = null;
    await pollOnce(async (_url, init) => {
      sentEtag = new Headers(init?.headers).get('If-None-Match');
      return new Response(null, { status: 304 });
    });
    expect(sentEtag).toBe('"a"');
    expect((await loadSnapshot())?.outcome).toBe('ok');
  });

  it('reports not configured without calling anything', async () => {
    await pollOnce(async () => {
      throw new Error('must not be called');
    });
    expect((await loadSnapshot())?.outcome).toBe('not-configured');
  });
});
