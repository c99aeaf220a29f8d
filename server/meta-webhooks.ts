/**
 * Meta's webhooks and the deauthorize callback, as pure functions: signature checks and the
 * routing of an event to the connections it may concern. The routes (./app.ts) only wire these
 * to the scheduler; a webhook never changes a status by itself, it triggers a confirming check.
 *
 * Signatures: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the app
 * secret>` (https://developers.facebook.com/docs/graph-api/webhooks/getting-started), and the
 * deauthorize callback's `signed_request` = `<base64url signature>.<base64url JSON payload>`,
 * HMAC-SHA256 of the payload part (https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow#deauth-callback).
 *
 * Events routed (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/account_update
 * and https://developers.facebook.com/documentation/facebook-login/facebook-login-for-business/integration-webhooks):
 *   whatsapp_business_account / account_update, event PARTNER_REMOVED, PARTNER_APP_UNINSTALLED,
 *     ACCOUNT_DELETED, DISABLED_UPDATE → the WABA in value.waba_info.waba_id (it can differ from
 *     entry.id; entry.id is used only when waba_info is absent)
 *   application / business_integration_uninstall, business_integration_update → value.business_manager_id
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { META_ID } from '../lib/meta/ids';

/** Webhook batches are small JSON documents; Meta documents no size, 256 KiB is generous. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

export const ACCOUNT_UPDATE_EVENTS = ['PARTNER_REMOVED', 'PARTNER_APP_UNINSTALLED', 'ACCOUNT_DELETED', 'DISABLED_UPDATE'] as const;
export const INTEGRATION_FIELDS = ['business_integration_uninstall', 'business_integration_update'] as const;

export function verifyHubSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header) return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(match[1]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function hubSignature(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** What an event points at; the caller maps these to connections. */
export interface WebhookTargets {
  wabaIds: string[];
  businessIds: string[];
  /** Events seen, for the log: `account_update:PARTNER_REMOVED`, `business_integration_uninstall`. */
  events: string[];
}

const Id = z.union([z.string().regex(META_ID), z.number().int().nonnegative().transform(String)]);
const Change = z.object({ field: z.string(), value: z.unknown() });
const Payload = z.object({
  object: z.string(),
  entry: z.array(z.object({ id: Id.optional(), changes: z.array(z.unknown()).optional() })).max(1000),
});
const AccountUpdate = z.object({
  event: z.string(),
  waba_info: z.object({ waba_id: Id.optional() }).partial().optional(),
});
const Integration = z.object({ business_manager_id: Id });

/** Null: not a webhook payload at all (400). Unknown objects/fields are fine: empty targets. */
export function routeWebhook(json: unknown): WebhookTargets | null {
  const payload = Payload.safeParse(json);
  if (!payload.success) return null;
  const wabaIds = new Set<string>();
  const businessIds = new Set<string>();
  const events: string[] = [];
  for (const entry of payload.data.entry) {
    for (const raw of entry.changes ?? []) {
      const change = Change.safeParse(raw);
      if (!change.success) continue;
      const { field, value } = change.data;
      if (payload.data.object === 'whatsapp_business_account' && field === 'account_update') {
        const update = AccountUpdate.safeParse(value);
        if (!update.success || !(ACCOUNT_UPDATE_EVENTS as readonly string[]).includes(update.data.event)) continue;
        const waba = update.data.waba_info?.waba_id ?? entry.id;
        if (!waba) continue;
        wabaIds.add(waba);
        events.push(`account_update:${update.data.event}`);
      } else if (payload.data.object === 'application' && (INTEGRATION_FIELDS as readonly string[]).includes(field)) {
        const integration = Integration.safeParse(value);
        if (!integration.success) continue;
        businessIds.add(integration.data.business_manager_id);
        events.push(field);
      }
    }
  }
  return { wabaIds: [...wabaIds], businessIds: [...businessIds], events };
}

const SignedPayload = z.object({ algorithm: z.string(), user_id: z.union([z.string(), z.number()]).transform(String).optional() }).loose();

/** The verified payload of a `signed_request`, or null when it is malformed or not signed by us. */
export function verifySignedRequest(signedRequest: string, appSecret: string): { userId: string | null } | null {
  const parts = signedRequest.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  const [signature, payload] = parts as [string, string];
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(signature) || !/^[A-Za-z0-9_-]+={0,2}$/.test(payload)) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = createHmac('sha256', appSecret).update(payload).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = SignedPayload.safeParse(json);
  if (!parsed.success || parsed.data.algorithm.toUpperCase() !== 'HMAC-SHA256') return null;
  return { userId: parsed.data.user_id ?? null };
}

export function signRequest(payload: object, appSecret: string): string {
  const body = Buffer.from(JSON.stringify({ algorithm: 'HMAC-SHA256', ...payload })).toString('base64url');
  return `${createHmac('sha256', appSecret).update(body).digest('base64url')}.${body}`;
}
