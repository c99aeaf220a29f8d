/** Reads the hand-made Graph API payloads in tests/fixtures/graph (ids are made up). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const GRAPH_FIXTURES = resolve(process.cwd(), 'tests/fixtures/graph');

export function graphFixture(name: string): unknown {
  return JSON.parse(readFileSync(resolve(GRAPH_FIXTURES, name), 'utf8'));
}

/** The `--now` every fixture is written against: 2030-01-01T00:00:00Z. */
export const FIXTURE_NOW_SECONDS = 1_893_456_000;
export const FIXTURE_NOW = new Date(FIXTURE_NOW_SECONDS * 1000);
export const FIXTURE_IDS = {
  app: '900000000000001',
  wabaA: '100000000000101',
  wabaB: '100000000000102',
  wabaC: '100000000000103',
  user: '700000000000001',
  business: '200000000000001',
} as const;

/** debug_token data of a healthy user token covering WABAs A and B with both WhatsApp permissions. */
export function healthyDebugTokenData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { wabaA, wabaB, user, app } = FIXTURE_IDS;
  const day = 86_400;
  const scopes = ['whatsapp_business_management', 'whatsapp_business_messaging'];
  return {
    app_id: app,
    type: 'USER',
    is_valid: true,
    expires_at: FIXTURE_NOW_SECONDS + 40 * day,
    data_access_expires_at: FIXTURE_NOW_SECONDS + 80 * day,
    issued_at: FIXTURE_NOW_SECONDS - 20 * day,
    scopes,
    granular_scopes: scopes.map((scope) => ({ scope, target_ids: [wabaA, wabaB] })),
    user_id: user,
    ...overrides,
  };
}
