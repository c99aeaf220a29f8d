// @vitest-environment node
/**
 * The product's side of a reconnect over real HTTP (backend and simulator as child processes):
 * link → the backend's page → the simulator's stand-in dialog → callback → code exchanged once →
 * token stored (tokenUpdatedAt) → checked at once. Then every way it must refuse: replayed,
 * expired and foreign states, a used or expired code, access_denied, a reused link; a seed reload
 * that must not undo the reconnect; and no authorization code in the logs or the database files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReconnectLink, type StatusResponse } from '../lib/contract';
import { buildOpenApiDocument } from '../lib/contract/openapi';
import { backendApi, expectError, expectOk, observedAnswers, request } from '../tests/support/backend-api';
import { startStack, type Stack } from '../tests/support/backend-harness';
import type { ScenarioInput } from './simulator/scenario';
import { SecretBox } from './crypto';
import { TicketSigner } from './reconnect/signed-ticket';

let stack: Stack;
let api: ReturnType<typeof backendApi>;
/** Every authorization code this file saw pass through a URL: none may be found at rest. */
const codesSeen = new Set<string>();

beforeAll(async () => {
  stack = await startStack();
  api = backendApi(stack.backendUrl, stack.adminToken);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

async function scenarioOf(token: string): Promise<ScenarioInput> {
  const response = await fetch(`${stack.simulatorUrl}/__sim/tokens/${encodeURIComponent(token)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ScenarioInput;
}

async function link(workspaceId: string, body?: unknown) {
  const answer = await request(stack.backendUrl, `/v1/workspaces/${workspaceId}/reconnect-link`, ReconnectLink, {
    method: 'POST',
    token: stack.adminToken,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  });
  return expectOk(answer, 201) as ReconnectLink;
}

/** Opens the page and returns the dialog link it offers (the only link on it). */
async function openPage(url: string): Promise<{ status: number; html: string; headers: Headers; dialog: URL | null }> {
  const response = await fetch(url);
  const html = await response.text();
  const href = /<a class="button" href="([^"]+)"/.exec(html)?.[1];
  const dialog = href ? new URL(href.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')) : null;
  return { status: response.status, html, headers: response.headers, dialog };
}

/** Follows the stand-in dialog to its redirect (not further) and returns where it sends the browser. */
async function passDialog(dialog: URL): Promise<URL> {
  const response = await fetch(dialog, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('Location')!);
  const code = location.searchParams.get('code');
  if (code) codesSeen.add(code);
  return location;
}

async function callback(url: URL | string): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

async function connectionOf(workspaceId: string, connectionId: string) {
  const status = expectOk(await api.status()) as StatusResponse;
  return status.workspaces.find((w) => w.id === workspaceId)!.connections.find((c) => c.id === connectionId)!;
}

async function exchangesOf(): Promise<number> {
  return (await stack.simulatorCalls()).filter((call) => call.endpoint === 'oauth_access_token').length;
}

/** A state signed with the backend's own key (derived from TOKEN_ENCRYPTION_KEY), or with another. */
function signer(key: 'backend' | 'foreign'): TicketSigner {
  const master = key === 'backend' ? Buffer.from(stack.encryptionKey, 'hex') : randomBytes(32);
  return new TicketSigner(new SecretBox(master).deriveKey('reconnect tickets v1'));
}

function callbackUrl(query: Record<string, string>): URL {
  const url = new URL('/reconnect/callback', stack.backendUrl);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}

describe('contract additions', () => {
  it('status names the Meta app per workspace (id, config id, the name debug_token gave), the WABAs its plan expects, and each connection’s tokenUpdatedAt', async () => {
    const status = expectOk(await api.status()) as StatusResponse;
    for (const ws of status.workspaces) {
      expect(ws.metaApp).toEqual({ appId: stack.seed.meta.appId, configId: stack.seed.meta.configId, appName: 'Reconnect Demo App' });
      // Seed tokens carry the time the seed first brought them.
      for (const conn of ws.connections) expect(Date.parse(conn.tokenUpdatedAt!)).toBeLessThanOrEqual(Date.now());
    }
    const plan = expectOk(await api.plan('acme-support')) as { appName: string | null; expectedWabas: unknown };
    expect(plan.appName).toBe('Reconnect Demo App');
    // Each workspace's expected WABAs, the plan's own list: a client tells the workspaces apart by them.
    for (const ws of status.workspaces) {
      const wsPlan = expectOk(await api.plan(ws.id)) as { expectedWabas: unknown };
      expect(ws.expectedWabas).toEqual(wsPlan.expectedWabas);
    }
    expect(status.workspaces.find((w) => w.id === 'acme-support')?.expectedWabas.length).toBeGreaterThan(0);
  });

  it('reconnect-link: defaults to the WhatsApp connection, names another, refuses bad input and other admins’ workspaces', async () => {
    const whatsapp = await link('acme-support');
    expect(whatsapp.connectionId).toBe('acme-wa');
    expect(new URL(whatsapp.url).pathname).toBe('/reconnect/start');
    const expiresIn = Date.parse(whatsapp.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(60_000);
    expect(expiresIn).toBeLessThanOrEqual(5 * 60_000);
    expect((await link('acme-support', { connectionId: 'acme-catalog' })).connectionId).toBe('acme-catalog');

    const post = (id: string, body: string | undefined, contentType = 'application/json', token = stack.adminToken) =>
      request(stack.backendUrl, `/v1/workspaces/${id}/reconnect-link`, ReconnectLink, {
        method: 'POST',
        token,
        ...(body === undefined ? {} : { body, headers: { 'Content-Type': contentType } }),
      });
    expectError(await post('acme-support', JSON.stringify({ connectionId: 'harbor-wa' })), 404, 'not-found');
    expectError(await post('acme-support', JSON.stringify({ connectionId: 'bad id!' })), 400, 'bad-request');
    expectError(await post('acme-support', JSON.stringify({ connection: 'acme-wa' })), 400, 'bad-request');
    expectError(await post('acme-support', '{not json'), 400, 'bad-request');
    expectError(await post('acme-support', 'connectionId=acme-wa', 'text/plain'), 415, 'unsupported-media-type');
    expectError(await post('zeta-private', undefined), 404, 'not-found');
    expectError(await post('acme-support', undefined, 'application/json', 'not-a-valid-admin-token-000000'), 401, 'unauthorized');
  });
});

describe('the OpenAPI document', () => {
  it('documents every status POST …/reconnect-link answered with here', () => {
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const documented = Object.keys(doc.paths['/v1/workspaces/{id}/reconnect-link']!.post!.responses);
    const seen = new Set(observedAnswers.filter((a) => a.method === 'POST' && a.path.endsWith('/reconnect-link')).map((a) => String(a.status)));
    expect([...seen].sort()).toEqual(['201', '400', '401', '404', '415']);
    for (const status of seen) expect(documented).toContain(status);
  });
});

describe('the whole loop', () => {
  it('link → page → dialog → callback: the new token is stored with tokenUpdatedAt and checked at once ("Connected")', async () => {
    const before = await connectionOf('acme-support', 'acme-wa');
    await stack.setScenario('reconnected-acme-token-1', await scenarioOf('demo-token-acme-whatsapp'));
    await stack.setDialogOutcome({ result: 'code', accessToken: 'reconnected-acme-token-1' });

    const { url } = await link('acme-support');
    const page = await openPage(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(page.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(page.html).not.toMatch(/<script|<img|<link|src=/i);
    expect(page.html).toContain('Acme Support Line');
    const dialog = page.dialog!;
    expect(`${dialog.origin}${dialog.pathname}`).toBe(`${stack.simulatorUrl}/__sim/v24.0/dialog/oauth`);
    expect(Object.fromEntries(dialog.searchParams)).toEqual({
      client_id: stack.seed.meta.appId,
      redirect_uri: `${stack.backendUrl}/reconnect/callback`,
      config_id: stack.seed.meta.configId,
      state: expect.stringMatching(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/),
      response_type: 'code',
      override_default_response_type: 'true',
    });

    await stack.resetSimulatorCalls();
    const back = await passDialog(dialog);
    expect(`${back.origin}${back.pathname}`).toBe(`${stack.backendUrl}/reconnect/callback`);
    const done = await callback(back);
    expect(done.status).toBe(200);
    expect(done.html).toContain('<h1 class="ok">Connected</h1>');
    expect(done.headers.get('Content-Security-Policy')).toContain("default-src 'none'");

    const calls = await stack.simulatorCalls();
    expect(calls.filter((c) => c.endpoint === 'oauth_access_token')).toHaveLength(1);
    expect(calls.filter((c) => c.endpoint === 'oauth_access_token')[0]!.params).toEqual({
      client_id: stack.seed.meta.appId,
      redirect_uri: `${stack.backendUrl}/reconnect/callback`,
    });
    // Checked at once, with the new token.
    expect(calls.some((c) => c.endpoint === 'debug_token' && c.token === 'reconnected-acme-token-1')).toBe(true);
    const after = await connectionOf('acme-support', 'acme-wa');
    expect(after.status).toBe('healthy');
    expect(Date.parse(after.tokenUpdatedAt!)).toBeGreaterThan(Date.parse(before.tokenUpdatedAt!));
    expect(Date.parse(after.lastCheckedAt!)).toBeGreaterThanOrEqual(Date.parse(after.tokenUpdatedAt!));

    // Replaying the callback (a reload) never exchanges twice and changes nothing.
    const replay = await callback(back);
    expect(replay.status).toBe(409);
    expect(replay.html).toContain('already been received once');
    expect(await exchangesOf()).toBe(1);
    expect((await connectionOf('acme-support', 'acme-wa')).tokenUpdatedAt).toBe(after.tokenUpdatedAt);

    // The link itself works once.
    const again = await openPage(url);
    expect(again.status).toBe(409);
    expect(again.dialog).toBeNull();
    expect(again.html).toContain('already used');
  });

  it('a token with problems: "Connected, with problems: …" names them', async () => {
    await stack.setScenario('reconnected-lumen-token-1', await scenarioOf('demo-token-lumen-whatsapp'));
    await stack.setDialogOutcome({ result: 'code', accessToken: 'reconnected-lumen-token-1' });
    const page = await openPage((await link('lumen-travel')).url);
    const done = await callback(await passDialog(page.dialog!));
    expect(done.status).toBe(200);
    expect(done.html).toContain('Connected, with problems: missing-scope');
    expect(done.html).toMatch(/whatsapp_business_messaging/);
    expect((await connectionOf('lumen-travel', 'lumen-wa')).status).toBe('missing-scope');
  });

  it('reloading the seed (a restart) keeps the token a reconnect stored', async () => {
    const stored = await connectionOf('acme-support', 'acme-wa');
    await stack.restartBackend();
    await stack.resetSimulatorCalls();
    expect(expectOk(await api.check('acme-support'))).toBeTruthy();
    const calls = await stack.simulatorCalls();
    expect(calls.some((c) => c.endpoint === 'debug_token' && c.token === 'reconnected-acme-token-1')).toBe(true);
    expect(calls.some((c) => c.token === 'demo-token-acme-whatsapp')).toBe(false);
    const after = await connectionOf('acme-support', 'acme-wa');
    expect(after.tokenUpdatedAt).toBe(stored.tokenUpdatedAt);
    expect(stack.backendLog()).toMatch(/seed file=\S+ changed=0/);
  }, 60_000);
});

describe('what the callback refuses (nothing stored, said in words)', () => {
  const unchanged = async (run: () => Promise<void>) => {
    const before = await connectionOf('harbor-shop', 'harbor-wa');
    const exchanges = await exchangesOf();
    await run();
    expect((await connectionOf('harbor-shop', 'harbor-wa')).tokenUpdatedAt).toBe(before.tokenUpdatedAt);
    return (await exchangesOf()) - exchanges;
  };

  it('an expired state', async () => {
    const { ticket } = signer('backend').issue('state', 'harbor-shop', 'harbor-wa', new Date(Date.now() - 1000));
    await stack.setCode('code-for-expired-state', { accessToken: 'never-stored-1' });
    codesSeen.add('code-for-expired-state');
    const exchanged = await unchanged(async () => {
      const page = await callback(callbackUrl({ code: 'code-for-expired-state', state: ticket }));
      expect(page.status).toBe(400);
      expect(page.html).toContain('its state expired');
      expect(page.html).toContain('Nothing was stored');
    });
    expect(exchanged).toBe(0);
  });

  it('a foreign state (signed with another key) and a tampered one', async () => {
    const foreign = signer('foreign').issue('state', 'harbor-shop', 'harbor-wa', new Date(Date.now() + 60_000)).ticket;
    const mine = signer('backend').issue('state', 'harbor-shop', 'harbor-wa', new Date(Date.now() + 60_000)).ticket;
    const [body, mac] = mine.split('.') as [string, string];
    const retargeted = `${Buffer.from(Buffer.from(body, 'base64url').toString().replace('harbor-wa', 'acme-wa')).toString('base64url')}.${mac}`;
    const asLink = signer('backend').issue('link', 'harbor-shop', 'harbor-wa', new Date(Date.now() + 60_000)).ticket;
    const exchanged = await unchanged(async () => {
      for (const state of [foreign, retargeted, asLink]) {
        const page = await callback(callbackUrl({ code: 'whatever-code-1', state }));
        expect(page.status).toBe(400);
        expect(page.html).toContain('not started by this product');
      }
      const none = await callback(callbackUrl({ code: 'whatever-code-1' }));
      expect(none.html).toContain('has no state');
    });
    codesSeen.add('whatever-code-1');
    expect(exchanged).toBe(0);
  });

  it('an expired code: Meta’s answer in words, nothing stored', async () => {
    const page = await openPage((await link('harbor-shop')).url);
    const state = page.dialog!.searchParams.get('state')!;
    await stack.setCode('code-that-expires', { accessToken: 'never-stored-2', validForSeconds: 1, redirectUri: `${stack.backendUrl}/reconnect/callback` });
    codesSeen.add('code-that-expires');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const exchanged = await unchanged(async () => {
      const done = await callback(callbackUrl({ code: 'code-that-expires', state }));
      expect(done.status).toBe(502);
      expect(done.html).toContain('The authorization code expired before it could be exchanged');
      expect(done.html).toContain('Nothing was stored');
    });
    expect(exchanged).toBe(1);
  });

  it('a code already used (Meta’s 100/36009), and an unknown one (100)', async () => {
    await stack.setCode('code-used-once', { accessToken: 'never-stored-3' });
    codesSeen.add('code-used-once');
    // Someone else exchanged it first (Meta answers 36009 to the second exchange).
    const first = await fetch(`${stack.simulatorUrl}/v24.0/oauth/access_token?client_id=${stack.seed.meta.appId}&client_secret=${stack.seed.meta.appSecret}&code=code-used-once`);
    expect(first.status).toBe(200);
    const page = await openPage((await link('harbor-shop')).url);
    const exchanged = await unchanged(async () => {
      const done = await callback(callbackUrl({ code: 'code-used-once', state: page.dialog!.searchParams.get('state')! }));
      expect(done.status).toBe(502);
      expect(done.html).toContain('already been used');
      const other = await openPage((await link('harbor-shop')).url);
      const unknown = await callback(callbackUrl({ code: 'no-such-code-1', state: other.dialog!.searchParams.get('state')! }));
      expect(unknown.html).toContain('Meta does not accept this authorization code');
    });
    codesSeen.add('no-such-code-1');
    expect(exchanged).toBe(2);
  });

  it('access_denied: explained (with the Development-mode case), the state is spent, nothing stored', async () => {
    await stack.setDialogOutcome({ result: 'access_denied' });
    const page = await openPage((await link('harbor-shop')).url);
    const exchanged = await unchanged(async () => {
      const back = await passDialog(page.dialog!);
      expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: 'access_denied', error_reason: 'user_denied', error_code: '200', error_description: 'Permissions error' });
      const done = await callback(back);
      expect(done.status).toBe(200);
      expect(done.html).toContain('Reconnect cancelled: access was not granted');
      expect(done.html).toContain('reason: user_denied');
      expect(done.html).toContain('Development mode');
      // The same state cannot be used for a code afterwards.
      const later = await callback(callbackUrl({ code: 'late-code-1', state: back.searchParams.get('state')! }));
      expect(later.status).toBe(409);
    });
    codesSeen.add('late-code-1');
    expect(exchanged).toBe(0);
  });

  it('Meta’s text is escaped, never markup', async () => {
    const page = await callback(callbackUrl({ error: 'access_denied', error_description: '<img src=x onerror=alert(1)>' }));
    expect(page.html).not.toContain('<img');
    expect(page.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('the authorization code is nowhere at rest', () => {
  it('not in the backend’s or the simulator’s log, not in the SQLite file or its WAL', async () => {
    expect(codesSeen.size).toBeGreaterThan(5);
    const files = [stack.dbPath, `${stack.dbPath}-wal`, `${stack.dbPath}-shm`].filter((file) => existsSync(file));
    expect(files).toContain(`${stack.dbPath}-wal`);
    const haystacks = [stack.backendLog(), stack.simulatorLog(), ...files.map((file) => readFileSync(file).toString('latin1'))];
    for (const code of codesSeen) for (const text of haystacks) expect(text.includes(code), code).toBe(false);
    // …and neither is the new token in clear.
    for (const text of haystacks.slice(2)) expect(text.includes('reconnected-acme-token-1')).toBe(false);
  });
});
