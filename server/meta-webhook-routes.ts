/**
 * The routes Meta calls (registered in the App Dashboard, see the README's deployment section):
 *
 *   GET  /v1/meta/webhooks      subscription handshake: hub.mode=subscribe + hub.verify_token → hub.challenge
 *   POST /v1/meta/webhooks      X-Hub-Signature-256 checked over the raw body before parsing; 401 when
 *                               wrong/missing (nothing happens), else 200 and a confirming check of
 *                               each affected connection (./meta-webhooks.ts routes the events)
 *   POST /v1/meta/deauthorize   `signed_request` (form field) checked, then the same confirming checks
 *
 * Duplicate deliveries are harmless: they only ask for a check, and a check already due or running
 * for a connection is not doubled (the scheduler and CheckRunner join it).
 */
import type { Hono } from 'hono';
import type { WebhookDeps } from './app';
import type { Logger } from './log';
import { MAX_WEBHOOK_BYTES, routeWebhook, verifyHubSignature, verifySignedRequest } from './meta-webhooks';
import { readBodyWithLimit } from './request-body';
import type { CheckScheduler } from './scheduler';
import type { AdminRecord, Store } from './store/store';

interface Deps {
  store: Store;
  scheduler: CheckScheduler;
  log: Logger;
  webhooks: WebhookDeps;
}

type Env = { Variables: { admin: AdminRecord } };

const plain = (text: string, status: 200 | 400 | 401 | 403 | 413 | 503) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

export function mountMetaWebhooks(app: Hono<Env>, { store, scheduler, log, webhooks }: Deps): void {
  app.get('/v1/meta/webhooks', (c) => {
    const mode = c.req.query('hub.mode');
    const token = c.req.query('hub.verify_token');
    const challenge = c.req.query('hub.challenge');
    if (mode !== 'subscribe' || !challenge || challenge.length > 256) return plain('Expected hub.mode=subscribe and hub.challenge.', 400);
    if (!webhooks.verifyToken || token !== webhooks.verifyToken) return plain('hub.verify_token does not match.', 403);
    return plain(challenge, 200);
  });

  app.post('/v1/meta/webhooks', async (c) => {
    const read = await readBodyWithLimit(c.req.raw, MAX_WEBHOOK_BYTES, MAX_WEBHOOK_BYTES * 4);
    if (read.kind === 'too-large') {
      if (read.closeConnection) c.header('Connection', 'close');
      return plain(`A webhook delivery is at most ${MAX_WEBHOOK_BYTES} bytes.`, 413);
    }
    const secret = await webhooks.appSecret();
    if (!secret) return plain('No Meta app configured.', 503);
    if (!verifyHubSignature(read.bytes, c.req.header('X-Hub-Signature-256'), secret)) {
      log.warn('webhook-signature-rejected', { bytes: read.bytes.length });
      return plain('Missing or wrong X-Hub-Signature-256.', 401);
    }
    let json: unknown;
    try {
      json = JSON.parse(read.text);
    } catch {
      return plain('The body is not JSON.', 400);
    }
    const targets = routeWebhook(json);
    if (!targets) return plain('Not a webhook payload (object, entry[]).', 400);
    const ids = targets.events.length > 0 ? await store.findConnectionsFor(targets) : [];
    if (ids.length > 0) scheduler.checkSoon(ids, 'webhook');
    log.info('webhook', { events: targets.events.join(',') || '-', connections: ids.length });
    return plain('ok', 200);
  });

  app.post('/v1/meta/deauthorize', async (c) => {
    const read = await readBodyWithLimit(c.req.raw, 16 * 1024, 64 * 1024);
    if (read.kind === 'too-large') return plain('Too large.', 413);
    const signed = new URLSearchParams(read.text).get('signed_request');
    if (!signed) return plain('signed_request is required.', 400);
    const secret = await webhooks.appSecret();
    if (!secret) return plain('No Meta app configured.', 503);
    const verified = verifySignedRequest(signed, secret);
    if (!verified) {
      log.warn('deauthorize-signature-rejected', {});
      return plain('signed_request is not signed with this app’s secret.', 401);
    }
    // Connections do not record which Facebook user granted them: every connection is re-checked
    // (each confirming check is one debug_token call; the scheduler bounds concurrency).
    const ids = (await store.listAllConnections()).map((conn) => conn.id);
    scheduler.checkSoon(ids, 'webhook');
    log.info('deauthorize', { connections: ids.length });
    return plain('ok', 200);
  });
}
