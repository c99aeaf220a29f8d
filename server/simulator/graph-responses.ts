/**
 * Meta-shaped Graph API payloads for the simulator, one builder per answer, each following the
 * shapes in docs/meta-platform.md (§3 debug_token, §5 error envelope, §6 WABA endpoints and its
 * example payloads) and Meta's health-status reference
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/support/health-status).
 * Field selection follows Graph's rules: `fields=` picks fields, `id` always comes back, and a
 * field the node does not have is error 100 ("Tried accessing nonexisting field").
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Expiry, FaultName, GraphErrorSpec, Scenario } from './scenario';

export interface GraphAnswer {
  status: number;
  body: unknown;
  /** Non-JSON answers (a proxy's error page). */
  text?: string;
  headers?: Record<string, string>;
}

export function fbtraceId(): string {
  return `A${randomBytes(16).toString('base64url').slice(0, 22)}`;
}

/** `{"error":{message,type,code,error_subcode,is_transient,error_user_title,error_user_msg,fbtrace_id}}` */
export function graphError(spec: GraphErrorSpec, headers?: Record<string, string>): GraphAnswer {
  return {
    status: spec.httpStatus,
    body: {
      error: {
        message: spec.message,
        type: spec.type,
        code: spec.code,
        ...(spec.subcode !== undefined ? { error_subcode: spec.subcode } : {}),
        ...(spec.isTransient !== undefined ? { is_transient: spec.isTransient } : {}),
        ...(spec.userTitle !== undefined ? { error_user_title: spec.userTitle } : {}),
        ...(spec.userMessage !== undefined ? { error_user_msg: spec.userMessage } : {}),
        fbtrace_id: fbtraceId(),
      },
    },
    headers,
  };
}

const spec = (partial: Partial<GraphErrorSpec> & Pick<GraphErrorSpec, 'code' | 'message'>): GraphErrorSpec => ({
  httpStatus: 400,
  type: 'OAuthException',
  ...partial,
});

/**
 * The business a scenario's business-use-case throttling is counted against: X-Business-Use-Case-
 * Usage is keyed by business id (rate-limiting page). A placeholder when the scenario names none.
 */
export function throttledBusinessId(scenario: Scenario | undefined): string {
  return scenario?.wabas.find((w) => w.ownerBusinessId)?.ownerBusinessId ?? scenario?.businesses[0]?.id ?? '800000000000000';
}

/**
 * The usage headers of a scenario's `usage` (percent of the quota used, no wait: not throttled),
 * as Graph sends them on ordinary answers; {} without `usage`. debug_token is an app-level call:
 * X-App-Usage only.
 */
export function usageHeaders(scenario: Scenario | undefined, endpoint: string): Record<string, string> {
  if (!scenario?.usage) return {};
  const { appPercent, businessPercent } = scenario.usage;
  const headers: Record<string, string> = {
    'X-App-Usage': JSON.stringify({ call_count: appPercent, total_cputime: Math.round(appPercent / 4), total_time: Math.round(appPercent / 3) }),
  };
  if (endpoint !== 'debug_token') {
    headers['X-Business-Use-Case-Usage'] = JSON.stringify({
      [throttledBusinessId(scenario)]: [
        { type: 'whatsapp_business_management', call_count: businessPercent, total_cputime: Math.round(businessPercent / 4), total_time: Math.round(businessPercent / 3), estimated_time_to_regain_access: 0 },
      ],
    });
  }
  return headers;
}

/**
 * The answers of the named faults (other than `timeout` / `reset`, which are not answers), with the
 * usage headers Graph sends on throttled answers (shapes from the rate-limiting page: X-App-Usage
 * in percent of the app's quota; X-Business-Use-Case-Usage per business with the wait in minutes).
 */
export function faultAnswer(name: Exclude<FaultName, 'timeout' | 'reset'>, scenario?: Scenario): GraphAnswer {
  switch (name) {
    case 'http-500':
      return graphError(spec({ httpStatus: 500, code: 2, isTransient: true, message: 'An unexpected error has occurred. Please retry your request later.' }));
    case 'transient-1':
      return graphError(spec({ httpStatus: 500, code: 1, isTransient: true, message: 'An unknown error occurred' }));
    case 'http-502':
      return { status: 502, body: null, text: '<html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>', headers: { 'Content-Type': 'text/html' } };
    case 'http-503':
      return { status: 503, body: null, text: 'Service Unavailable', headers: { 'Content-Type': 'text/plain' } };
    case 'rate-limit-4':
      return graphError(spec({ code: 4, isTransient: true, message: '(#4) Application request limit reached' }), {
        'X-App-Usage': JSON.stringify({ call_count: 100, total_cputime: 12, total_time: 15 }),
      });
    case 'rate-limit-17':
      return graphError(spec({ code: 17, isTransient: true, message: '(#17) User request limit reached' }));
    case 'rate-limit-80008':
      return graphError(
        spec({
          code: 80008,
          subcode: 2446079,
          isTransient: true,
          message:
            '(#80008) There have been too many calls to this WhatsApp Business account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
        }),
        {
          'X-Business-Use-Case-Usage': JSON.stringify({
            [throttledBusinessId(scenario)]: [
              { type: 'whatsapp_business_management', call_count: 100, total_cputime: 4, total_time: 6, estimated_time_to_regain_access: scenario?.regainAccessMinutes ?? 0 },
            ],
          }),
        },
      );
  }
}

export const invalidToken = (): GraphAnswer =>
  graphError(spec({ code: 190, message: 'Invalid OAuth access token - Cannot parse access token' }));

export const missingToken = (): GraphAnswer =>
  graphError(spec({ code: 104, message: 'An access token is required to request this resource.' }));

export const badAppToken = (): GraphAnswer => graphError(spec({ code: 190, message: 'Invalid OAuth access token signature.' }));

export const objectNotVisible = (id: string, method = 'get'): GraphAnswer =>
  graphError(
    spec({
      type: 'GraphMethodException',
      code: 100,
      subcode: 33,
      message: `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    }),
  );

/** Error 100 for a missing proof (Meta's wording for "Require App Secret" without a proof). */
export const appSecretProofMissing = (): GraphAnswer =>
  graphError(spec({ type: 'GraphMethodException', code: 100, message: 'API calls from the server require an appsecret_proof argument' }));

/** Error 100 for a proof that is not HMAC-SHA256(token, app secret). */
export const appSecretProofInvalid = (): GraphAnswer =>
  graphError(spec({ type: 'GraphMethodException', code: 100, message: 'Invalid appsecret_proof provided in the API argument' }));

/** Checks `appsecret_proof` against the token and secret; a hex comparison in constant time. */
export function appSecretProofAnswer(proof: string | undefined, accessToken: string, appSecret: string): GraphAnswer | null {
  if (proof === undefined || proof === '') return appSecretProofMissing();
  const expected = createHmac('sha256', appSecret).update(accessToken, 'utf8').digest();
  const given = /^[0-9a-f]{64}$/i.test(proof) ? Buffer.from(proof, 'hex') : null;
  return given && timingSafeEqual(given, expected) ? null : appSecretProofInvalid();
}

export const missingParameter = (name: string): GraphAnswer =>
  graphError(spec({ code: 100, message: `(#100) The parameter ${name} is required` }));

export const nonexistingField = (field: string, nodeType: string): GraphAnswer =>
  graphError(spec({ code: 100, message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})` }));

export const businessPermissionMissing = (): GraphAnswer =>
  graphError(spec({ httpStatus: 403, code: 200, message: '(#200) Requires business_management permission to manage the object' }));

/** The error every call with an invalid token gets: the scenario's, else debug_token's error. */
export function tokenErrorOf(scenario: Scenario): GraphAnswer | null {
  if (scenario.tokenError) return graphError(scenario.tokenError);
  const error = scenario.debugToken.error;
  if (!error) return null;
  return graphError(spec({ code: error.code, subcode: error.subcode, message: error.message }));
}

export function unixOf(expiry: Expiry, nowSeconds: number): number {
  if (expiry === 'never') return 0;
  if ('at' in expiry) return expiry.at;
  return Math.round(nowSeconds + expiry.inDays * 86_400);
}

/** `GET /debug_token?input_token=…` for a known token (docs/meta-platform.md §3 and its example payloads). */
export function debugTokenData(scenario: Scenario, appId: string, nowSeconds: number): GraphAnswer {
  const d = scenario.debugToken;
  const data: Record<string, unknown> = {
    app_id: d.appId ?? appId,
    type: d.type,
    application: d.application,
    data_access_expires_at: unixOf(d.dataAccessExpires, nowSeconds),
    expires_at: unixOf(d.expires, nowSeconds),
    is_valid: d.isValid,
    issued_at: Math.round(nowSeconds - d.issued.daysAgo * 86_400),
    scopes: d.scopes,
    granular_scopes: d.granularScopes.map((g) => (g.targetIds ? { scope: g.scope, target_ids: g.targetIds } : { scope: g.scope })),
  };
  if (d.userId) data.user_id = d.userId;
  if (d.error) data.error = { code: d.error.code, message: d.error.message, ...(d.error.subcode !== undefined ? { subcode: d.error.subcode } : {}) };
  return { status: 200, body: { data } };
}

/** debug_token for a string Meta cannot parse: 200 with `is_valid:false` (docs/meta-platform.md §3 observed). */
export function debugTokenUnknown(): GraphAnswer {
  return {
    status: 200,
    body: { data: { error: { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' }, is_valid: false, scopes: [] } },
  };
}

/**
 * `GET /me` with the customer's token: the (system) user behind it; a BISU token also names its
 * client business (`client_business_id`, FL4B doc via docs/meta-platform.md §3).
 */
export function meNode(scenario: Scenario, fields: string | undefined): GraphAnswer {
  const wanted = parseFields(fields) ?? ['id', 'name'];
  const id = scenario.debugToken.userId ?? '0';
  const body: Record<string, unknown> = {};
  for (const field of wanted) {
    if (field === 'id') body.id = id;
    else if (field === 'name') body.name = scenario.debugToken.type === 'SYSTEM_USER' ? 'Integration system user' : 'Demo person';
    else if (field === 'client_business_id') {
      if (scenario.clientBusinessId) body.client_business_id = scenario.clientBusinessId;
    } else return nonexistingField(field, scenario.debugToken.type === 'SYSTEM_USER' ? 'SystemUser' : 'User');
  }
  body.id = id;
  return { status: 200, body };
}

type Waba = Scenario['wabas'][number];

const WABA_FIELDS: Record<string, (waba: Waba, ctx: { appId: string }) => unknown> = {
  id: (w) => w.id,
  name: (w) => w.name,
  currency: (w) => w.currency,
  timezone_id: (w) => w.timezoneId,
  message_template_namespace: (w) => `${w.id.slice(-8)}_demo_namespace`,
  account_review_status: () => 'APPROVED',
  business_verification_status: () => 'verified',
  owner_business_info: (w) => (w.ownerBusinessId ? { id: w.ownerBusinessId, name: 'Owner business' } : undefined),
  health_status: (w, ctx) => healthStatus(w, ctx.appId),
};
const WABA_DEFAULT_FIELDS = ['id', 'name', 'currency', 'timezone_id', 'message_template_namespace'];

/**
 * `health_status`: the overall `can_send_message` is the worst of its entities (WABA, BUSINESS
 * and APP are always included when the WABA node is targeted).
 */
function healthStatus(waba: Waba, appId: string) {
  const wabaEntity: Record<string, unknown> = { entity_type: 'WABA', id: waba.id, can_send_message: waba.health };
  if (waba.health !== 'AVAILABLE' && waba.healthErrors.length > 0) {
    wabaEntity.errors = waba.healthErrors.map((e) => ({ error_code: e.errorCode, error_description: e.description, possible_solution: e.possibleSolution }));
  }
  return {
    can_send_message: waba.health,
    entities: [
      wabaEntity,
      { entity_type: 'BUSINESS', id: waba.ownerBusinessId ?? '100000000000000', can_send_message: 'AVAILABLE' },
      { entity_type: 'APP', id: appId, can_send_message: 'AVAILABLE' },
    ],
  };
}

/** Splits `fields=a,b{c},d` at top-level commas; sub-selections are ignored (whole value returned). */
export function parseFields(fields: string | undefined): string[] | null {
  if (!fields) return null;
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of fields) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((f) => f.replace(/\{.*$/s, '').replace(/\..*$/s, '').trim()).filter(Boolean);
}

export function wabaNode(waba: Waba, fields: string | undefined, appId: string): GraphAnswer {
  const wanted = parseFields(fields) ?? WABA_DEFAULT_FIELDS;
  const body: Record<string, unknown> = {};
  for (const field of wanted) {
    const read = WABA_FIELDS[field];
    if (!read) return nonexistingField(field, 'WhatsAppBusinessAccount');
    const value = read(waba, { appId });
    if (value !== undefined) body[field] = value;
  }
  body.id = waba.id;
  return { status: 200, body };
}

const PHONE_FIELDS: Record<string, (p: Waba['phoneNumbers'][number]) => unknown> = {
  id: (p) => p.id,
  verified_name: (p) => p.verifiedName,
  display_phone_number: (p) => p.displayPhoneNumber,
  quality_rating: (p) => p.qualityRating,
  code_verification_status: (p) => p.codeVerificationStatus,
  platform_type: () => 'CLOUD_API',
  throughput: () => ({ level: 'STANDARD' }),
  last_onboarded_time: () => '2026-01-15T10:00:00+0000',
  name_status: () => 'APPROVED',
};
const PHONE_DEFAULT_FIELDS = ['verified_name', 'code_verification_status', 'display_phone_number', 'quality_rating', 'platform_type', 'throughput', 'last_onboarded_time', 'id'];

export function phoneNumbers(waba: Waba, fields: string | undefined): GraphAnswer {
  const wanted = parseFields(fields) ?? PHONE_DEFAULT_FIELDS;
  const data: Record<string, unknown>[] = [];
  for (const phone of waba.phoneNumbers) {
    const row: Record<string, unknown> = {};
    for (const field of wanted) {
      const read = PHONE_FIELDS[field];
      if (!read) return nonexistingField(field, 'WhatsAppBusinessPhoneNumber');
      row[field] = read(phone);
    }
    row.id = phone.id;
    data.push(row);
  }
  return { status: 200, body: paged(data) };
}

type Business = Scenario['businesses'][number];
const USER_FIELDS: Record<string, (u: Business['users'][number], b: Business) => unknown> = {
  id: (u) => u.id,
  name: (u) => u.name,
  role: (u) => u.role,
  first_name: (u) => u.name.split(' ')[0],
  last_name: (u) => u.name.split(' ').slice(1).join(' '),
  business: (_u, b) => ({ id: b.id, name: b.name }),
};

export function businessUsers(business: Business, fields: string | undefined): GraphAnswer {
  const wanted = parseFields(fields) ?? ['id', 'name'];
  const data: Record<string, unknown>[] = [];
  for (const user of business.users) {
    const row: Record<string, unknown> = {};
    for (const field of wanted) {
      const read = USER_FIELDS[field];
      if (!read) return nonexistingField(field, 'BusinessUser');
      row[field] = read(user, business);
    }
    row.id = user.id;
    data.push(row);
  }
  return { status: 200, body: paged(data) };
}

function paged(data: unknown[]) {
  return data.length === 0
    ? { data }
    : { data, paging: { cursors: { before: Buffer.from('0').toString('base64url'), after: Buffer.from(String(data.length - 1)).toString('base64url') } } };
}
