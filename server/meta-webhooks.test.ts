// @vitest-environment node
/**
 * Meta's webhooks and deauthorize callback: the signature and routing rules as functions, then
 * over real HTTP against the backend and the simulator on both stores: a signed
 * account_update for a WABA triggers a confirming check that records the revocation; a wrong,
 * missing or truncated signature answers 401 and causes no Graph call; duplicates are harmless.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusResponse } from '../lib/contract';
import { backendApi, expectOk } from '../tests/support/backend-api';
import { demoScenarios, startStack, type Stack } from '../tests/support/backend-harness';
import { hubSignature, routeWebhook, signRequest, verifyHubSignature, verifySignedRequest } from './meta-webhooks';
import type { ScenarioInput } from './simulator/scenario';
import { stackStores } from './testing/stack-stores';

const SECRET = 'an-app-secret-for-tests';

const accountUpdate = (event: string, wabaId: string, entryId = wabaId) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: entryId, time: 1_764_000_000, changes: [{ field: 'account_update', value: { event, waba_info: { waba_id: wabaId, owner_business_id: '800000000000001', partner_app_id: '1' } } }] }],
});

describe('signatures', () => {
  it('accepts exactly the HMAC-SHA256 of the raw bytes with the app secret', () => {
    const body = Buffer.from(JSON.stringify(accountUpdate('PARTNER_REMOVED', '1')));
    const good = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    expect(hubSignature(body, SECRET)).toBe(good);
    expect(verifyHubSignature(body, good, SECRET)).toBe(true);
    expect(verifyHubSignature(body, good.toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe(true);
    expect(verifyHubSignature(body, undefined, SECRET)).toBe(false);
    expect(verifyHubSignature(body, good.slice(0, -2), SECRET)).toBe(false);
    expect(verifyHubSignature(body, good.replace('sha256=', 'sha1='), SECRET)).toBe(false);
    expect(verifyHubSignature(body, hubSignature(body, 'another-secret'), SECRET)).toBe(false);
    expect(verifyHubSignature(Buffer.concat([body, Buffer.from(' ')]), good, SECRET)).toBe(false);
  });

  it('verifies a signed_request (base64url HMAC of the payload part)', () => {
    const signed = signRequest({ user_id: '600000000000011', issued_at: 1 }, SECRET);
    expect(verifySignedRequest(signed, SECRET)).toEqual({ userId: '600000000000011' });
    const [sig, payload] = signed.split('.') as [string, string];
    const independent = createHmac('sha256', SECRET).update(payload).digest('base64url');
    expect(sig).toBe(independent);
    expect(verifySignedRequest(signed, 'another-secret')).toBeNull();
    expect(verifySignedRequest(`${sig}.${Buffer.from('{"algorithm":"HMAC-SHA256","user_id":"9"}').toString('base64url')}`, SECRET)).toBeNull();
    expect(verifySignedRequest('garbage', SECRET)).toBeNull();
    expect(verifySignedRequest(signRequest({ algorithm: 'none' }, SECRET), SECRET)).toBeNull();
  });
});

describe('routing', () => {
  it('routes the removal events on waba_info.waba_id (not entry.id) and integrations on business_manager_id', () => {
    for (const event of ['PARTNER_REMOVED', 'PARTNER_APP_UNINSTALLED', 'ACCOUNT_DELETED', 'DISABLED_UPDATE']) {
      expect(routeWebhook(accountUpdate(event, '900000000000011', '123'))).toEqual({ wabaIds: ['900000000000011'], businessIds: [], events: [`account_update:${event}`] });
    }
    expect(routeWebhook(accountUpdate('PARTNER_ADDED', '900000000000011'))).toEqual({ wabaIds: [], businessIds: [], events: [] });
    for (const field of ['business_integration_uninstall', 'business_integration_update']) {
      expect(routeWebhook({ object: 'application', entry: [{ id: '1', changes: [{ field, value: { business_manager_id: '800000000000001' } }] }] })).toEqual({
        wabaIds: [],
        businessIds: ['800000000000001'],
        events: [field],
      });
    }
    expect(routeWebhook({ object: 'application', entry: [{ id: '1', changes: [{ field: 'business_integration_install', value: { business_manager_id: '8' } }] }] })?.events).toEqual([]);
    expect(routeWebhook({ hello: 'world' })).toBeNull();
    expect(routeWebhook({ object: 'page', entry: [{ id: '1', changes: ['junk', { field: 'feed', value: 1 }] }] })).toEqual({ wabaIds: [], businessIds: [], events: [] });
  });

});

describe.each(stackStores())('over HTTP on $name', (kind) => {
  let stack: Stack;
  let secret: string;
  const post = (body: string, signature: string | null, path = '/v1/meta/webhooks', type = 'application/json') =>
    fetch(`${stack.backendUrl}${path}`, { method: 'POST', body, headers: { 'Content-Type': type, ...(signature ? { 'X-Hub-Signature-256': signature } : {}) } });
  const acmeStatus = async () => {
    const body = expectOk<StatusResponse>(await backendApi(stack.backendUrl, stack.adminToken).status());
    return body.workspaces.flatMap((w) => w.connections).find((c) => c.id === 'acme-wa')!;
  };

  beforeAll(async () => {
    stack = await startStack({ databaseUrl: await kind.databaseUrl(), backendEnv: { META_WEBHOOK_VERIFY_TOKEN: 'verify-token-for-tests' } });
    secret = stack.seed.meta.appSecret;
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await kind.teardown();
  });

  it('answers the subscription handshake only with the right verify token', async () => {
    const url = (token: string) => `${stack.backendUrl}/v1/meta/webhooks?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`;
    const ok = await fetch(url('verify-token-for-tests'));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await fetch(url('wrong'))).status).toBe(403);
  });

  it('refuses a missing or wrong signature with 401 and makes no Graph call', async () => {
    await stack.resetSimulatorCalls();
    const body = JSON.stringify(accountUpdate('PARTNER_REMOVED', '900000000000011'));
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, hubSignature(body, 'not-the-app-secret'))).status).toBe(401);
    expect((await post(`${body} `, hubSignature(body, secret))).status).toBe(401);
    expect((await post('x'.repeat(300 * 1024), hubSignature('x', secret))).status).toBe(413);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await stack.callsBesidesThrottled()).toEqual([]);
  });

  it('a signed PARTNER_APP_UNINSTALLED triggers the confirming check that records the removal; duplicates are harmless', { timeout: 20_000 }, async () => {
    expect((await acmeStatus()).status).toBe('healthy');
    const acme = demoScenarios().tokens!['demo-token-acme-whatsapp'] as ScenarioInput;
    await stack.setScenario('demo-token-acme-whatsapp', {
      ...acme,
      debugToken: { ...acme.debugToken!, isValid: false, error: { code: 190, subcode: 458, message: 'Error validating access token: The user has not authorized application 1.' } },
    } as ScenarioInput);
    await stack.resetSimulatorCalls();
    // The WABA in waba_info is acme's; entry.id names another.
    const body = JSON.stringify(accountUpdate('PARTNER_APP_UNINSTALLED', '900000000000012', '999'));
    const signature = hubSignature(body, secret);
    const answers = await Promise.all([post(body, signature), post(body, signature), post(body, signature)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const deadline = Date.now() + 10_000;
    let conn = await acmeStatus();
    while (conn.status === 'healthy' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      conn = await acmeStatus();
    }
    expect(conn.status).not.toBe('healthy');
    expect(conn.problems.length).toBeGreaterThan(0);
    const history = expectOk<{ entries: { kind: string; trigger?: string; connectionId?: string }[] }>(
      await backendApi(stack.backendUrl, stack.adminToken).history('acme-support'),
    );
    expect(history.entries.find((e) => e.kind === 'transition' && e.connectionId === 'acme-wa')?.trigger).toBe('webhook');
    // Three deliveries: one transition; at most one check per delivery (one that arrives while a
    // check runs is queued behind it, never run beside it).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const webhookChecks = stack
      .backendLog()
      .split('\n')
      .filter((line) => line.includes(' check connection=acme-wa trigger=webhook '));
    expect(webhookChecks.length, webhookChecks.join('\n')).toBeGreaterThanOrEqual(1);
    expect(webhookChecks.length, webhookChecks.join('\n')).toBeLessThanOrEqual(3);
    expect(webhookChecks.filter((line) => line.includes('->'))).toHaveLength(1);
    expect(history.entries.filter((e) => e.kind === 'transition' && e.connectionId === 'acme-wa' && e.trigger === 'webhook')).toHaveLength(1);
    await stack.setScenario('demo-token-acme-whatsapp', acme);
  });

  it('the simulator announces a scenario change as a signed webhook; the backend confirms it by a check', { timeout: 20_000 }, async () => {
    const sim = (path: string, body: unknown) => fetch(`${stack.simulatorUrl}${path}`, { method: 'PUT', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    expect((await sim('/__sim/webhook-target', { url: `${stack.backendUrl}/v1/meta/webhooks` })).status).toBe(200);
    const harbor = demoScenarios().tokens!['demo-token-harbor-whatsapp'] as ScenarioInput;
    const removed = { ...harbor, debugToken: { ...harbor.debugToken!, isValid: false, error: { code: 190, subcode: 458, message: 'The user has not authorized application 1.' } } };
    const answer = await sim('/__sim/tokens/demo-token-harbor-whatsapp?webhook=PARTNER_APP_UNINSTALLED', removed);
    expect(answer.status).toBe(200);
    const deliveries = ((await answer.json()) as { webhookDeliveries: number[] }).webhookDeliveries;
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((status) => status === 200)).toBe(true);
    const api = backendApi(stack.backendUrl, stack.adminToken);
    const deadline = Date.now() + 10_000;
    let entries: { kind: string; trigger?: string; connectionId?: string; to?: string }[] = [];
    while (Date.now() < deadline) {
      entries = expectOk<{ entries: typeof entries }>(await api.history('harbor-shop')).entries;
      if (entries.some((e) => e.connectionId === 'harbor-wa' && e.trigger === 'webhook')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(entries.find((e) => e.connectionId === 'harbor-wa' && e.trigger === 'webhook')?.to).toBe('revoked');
    await sim('/__sim/tokens/demo-token-harbor-whatsapp', harbor);
    await sim('/__sim/webhook-target', { url: null });
  });

  it('the deauthorize callback verifies signed_request and re-checks; a forged one is 401', async () => {
    const forged = new URLSearchParams({ signed_request: signRequest({ user_id: '1' }, 'not-the-app-secret') }).toString();
    expect((await post(forged, null, '/v1/meta/deauthorize', 'application/x-www-form-urlencoded')).status).toBe(401);
    await stack.resetSimulatorCalls();
    const good = new URLSearchParams({ signed_request: signRequest({ user_id: '600000000000011', issued_at: 1 }, secret) }).toString();
    expect((await post(good, null, '/v1/meta/deauthorize', 'application/x-www-form-urlencoded')).status).toBe(200);
    const deadline = Date.now() + 10_000;
    while ((await stack.simulatorCalls('demo-token-acme-whatsapp')).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await stack.simulatorCalls('demo-token-acme-whatsapp')).length).toBeGreaterThan(0);
  });
});
