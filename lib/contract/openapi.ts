/**
 * The OpenAPI 3.1 document of the v1 contract, generated from the zod schemas (zod 4's
 * `z.toJSONSchema`, JSON Schema 2020-12, which is OpenAPI 3.1's schema dialect). Nothing here is
 * written by hand except what zod cannot know: paths, methods, status codes and headers.
 *
 *   zod schemas (./status.ts, ./plan.ts, …) ──► registry ──► components.schemas (responses: output
 *   shapes, with defaults applied)          └─► FlowReportInput (the request body: input shape,
 *                                                fields with defaults are optional)
 *
 * `npm run openapi` writes it to openapi.json; a test fails when that file is stale and validates
 * it with @seriousme/openapi-schema-validator. Node-only (build time); the extension never loads it.
 */
import { z } from 'zod';
import { API_VERSION, ApiError, ProductId } from './common';
import { FlowOutcome, FlowReport, FlowReportAccepted } from './flow-report';
import { HistoryEntry, HistoryQuery, HistoryResponse } from './history';
import { ReconnectLink, ReconnectLinkRequest, ReconnectPlan } from './plan';
import {
  CheckResponse,
  Connection,
  ConnectionStatus,
  GraphErrorCategory,
  GraphErrorInfo,
  MetaApp,
  Problem,
  ProblemCode,
  ScopeCheck,
  StatusResponse,
  TokenType,
  UserRole,
  WabaCheck,
  WabaHealth,
  Workspace,
} from './status';

type JsonObject = Record<string, unknown>;

/** Response-side components, in the order they appear in the document. */
const COMPONENTS: Record<string, z.ZodType> = {
  ApiError,
  ConnectionStatus,
  TokenType,
  ProblemCode,
  Problem,
  ScopeCheck,
  WabaHealth,
  WabaCheck,
  GraphErrorCategory,
  GraphErrorInfo,
  UserRole,
  Connection,
  MetaApp,
  Workspace,
  StatusResponse,
  CheckResponse,
  ReconnectPlan,
  ReconnectLinkRequest,
  ReconnectLink,
  FlowOutcome,
  FlowReport,
  FlowReportAccepted,
  HistoryEntry,
  HistoryResponse,
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A standalone JSON Schema for a zod schema, without the `$schema` keyword (the document sets the dialect). */
function inline(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'throw' }) as JsonObject;
  return rest;
}

function componentSchemas(): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'throw',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonObject> };
  const out: Record<string, JsonObject> = {};
  for (const id of Object.keys(COMPONENTS)) {
    const { $schema: _dialect, $id: _id, ...schema } = schemas[id] ?? {};
    out[id] = schema;
  }
  // The request body of POST /v1/flow-reports: what a client may send (defaults are optional).
  out.FlowReportInput = {
    ...inline(FlowReport, 'input'),
    description: 'A flow report as the extension sends it; fields with a default may be omitted.',
  };
  return out;
}

const json = (schema: JsonObject, description: string) => ({ description, content: { 'application/json': { schema } } });
const text = (description: string) => ({ description, content: { 'text/plain': { schema: { type: 'string' } } } });
const errorResponse = (description: string) => json(ref('ApiError'), description);

const COMMON_ERRORS = {
  '401': { $ref: '#/components/responses/Unauthorized' },
  '429': { $ref: '#/components/responses/RateLimited' },
  '500': { $ref: '#/components/responses/Internal' },
  '503': { $ref: '#/components/responses/Unavailable' },
};

const workspaceIdParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The workspace id, as returned by GET /v1/status.',
  schema: inline(ProductId, 'output'),
};

export function buildOpenApiDocument(): JsonObject {
  const historyQuery = inline(HistoryQuery, 'input') as { properties: { limit: JsonObject } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Reconnect Assistant backend contract',
      version: `${API_VERSION.replace(/^v/, '')}.0.0`,
      description:
        'What the Reconnect Assistant extension asks a product backend: the health of every Meta (WhatsApp Business Platform) connection the caller administers, how a correct reconnect looks, fresh checks, flow reports and history. The extension never holds a Meta token. Every endpoint the extension calls needs `Authorization: Bearer <admin token>`; the `meta` routes are called by Meta (webhooks, the deauthorize callback) and are signed with the Meta app secret instead. The extension calls from its own origin (`chrome-extension://<id>`, `moz-extension://<uuid>`): a backend must answer the CORS preflight of those origins (methods GET, POST; request headers Authorization, Content-Type, If-None-Match) and expose both `ETag` and `Retry-After` (`Access-Control-Expose-Headers: ETag, Retry-After`), or the extension cannot make conditional polls or honour a back-off. `npm run conformance` checks a live backend against all of this. Generated from lib/contract (zod); do not edit by hand: run `npm run openapi`.',
    },
    servers: [{ url: '/', description: 'The product backend; its base URL is configured in the extension.' }],
    security: [{ adminToken: [] }],
    tags: [
      { name: 'status', description: 'Connection health' },
      { name: 'reconnect', description: 'Reconnect flow support' },
      { name: 'meta', description: 'Called by Meta: webhooks and the deauthorize callback (registered in the App Dashboard); signed with the app secret, never with an admin token' },
    ],
    paths: {
      '/v1/status': {
        get: {
          operationId: 'getStatus',
          tags: ['status'],
          summary: 'Every workspace the caller administers, with the health of each connection',
          description: 'Supports conditional requests: send the last `ETag` as `If-None-Match` and get 304 while nothing changed.',
          security: [{ adminToken: [] }],
          parameters: [
            {
              name: 'If-None-Match',
              in: 'header',
              required: false,
              description: 'The ETag of the last status document the client holds (weak comparison; `*` and lists allowed).',
              schema: { type: 'string', maxLength: 1000 },
            },
          ],
          responses: {
            '200': {
              description: 'The status document.',
              headers: { ETag: { $ref: '#/components/headers/ETag' } },
              content: { 'application/json': { schema: ref('StatusResponse') } },
            },
            '304': { description: 'Not modified since the ETag sent in If-None-Match.', headers: { ETag: { $ref: '#/components/headers/ETag' } } },
            ...COMMON_ERRORS,
          },
        },
      },
      '/v1/workspaces/{id}/reconnect-plan': {
        get: {
          operationId: 'getReconnectPlan',
          tags: ['reconnect'],
          summary: 'What a correct reconnect of this workspace looks like',
          security: [{ adminToken: [] }],
          parameters: [workspaceIdParameter],
          responses: {
            '200': json(ref('ReconnectPlan'), 'The reconnect plan.'),
            '400': { $ref: '#/components/responses/BadRequest' },
            '404': { $ref: '#/components/responses/NotFound' },
            ...COMMON_ERRORS,
          },
        },
      },
      '/v1/workspaces/{id}/reconnect-link': {
        post: {
          operationId: 'createReconnectLink',
          tags: ['reconnect'],
          summary: 'A single-use, short-lived link to the backend’s own reconnect page for one connection',
          description:
            'The page starts Meta’s Business Login with the plan’s app id and configuration id and a signed, single-use, expiring `state`; Meta redirects back to the backend’s callback, which exchanges the code, stores the new token (its `tokenUpdatedAt` moves) and checks it at once. The body may name the connection; by default the workspace’s WhatsApp connection. An empty body is allowed.',
          security: [{ adminToken: [] }],
          parameters: [workspaceIdParameter],
          requestBody: { required: false, content: { 'application/json': { schema: ref('ReconnectLinkRequest') } } },
          responses: {
            '201': json(ref('ReconnectLink'), 'The link and when it stops working.'),
            '400': { $ref: '#/components/responses/BadRequest' },
            '404': { $ref: '#/components/responses/NotFound' },
            '413': { $ref: '#/components/responses/PayloadTooLarge' },
            '415': { $ref: '#/components/responses/UnsupportedMediaType' },
            ...COMMON_ERRORS,
          },
        },
      },
      '/v1/workspaces/{id}/checks': {
        post: {
          operationId: 'runChecks',
          tags: ['status'],
          summary: 'Verify every connection of the workspace now and return its fresh status',
          description:
            'Answers within a bounded time (about 20 s). When Meta’s Graph API is rate limited or failing, a connection keeps its last known status with a `rate-limited` or `check-failed` problem attached. A connection checked moments ago (within the backend’s cooldown; 30 s in the reference backend) answers its stored result instead of calling Meta again, and `cooldownUntil` says when a new check can run.',
          security: [{ adminToken: [] }],
          parameters: [workspaceIdParameter],
          responses: {
            '200': json(ref('CheckResponse'), 'The workspace with freshly checked connections.'),
            '400': { $ref: '#/components/responses/BadRequest' },
            '404': { $ref: '#/components/responses/NotFound' },
            ...COMMON_ERRORS,
          },
        },
      },
      '/v1/flow-reports': {
        post: {
          operationId: 'postFlowReport',
          tags: ['reconnect'],
          summary: 'Report one observed reconnect attempt (selections, scopes, outcome)',
          security: [{ adminToken: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('FlowReportInput') } } },
          responses: {
            '201': json(ref('FlowReportAccepted'), 'Stored.'),
            '400': { $ref: '#/components/responses/BadRequest' },
            '404': { $ref: '#/components/responses/NotFound' },
            '413': { $ref: '#/components/responses/PayloadTooLarge' },
            '415': { $ref: '#/components/responses/UnsupportedMediaType' },
            ...COMMON_ERRORS,
          },
        },
      },
      '/v1/workspaces/{id}/history': {
        get: {
          operationId: 'getHistory',
          tags: ['status'],
          summary: 'Status transitions and flow reports of the workspace, newest first',
          security: [{ adminToken: [] }],
          parameters: [
            workspaceIdParameter,
            { name: 'limit', in: 'query', required: false, description: 'How many entries at most.', schema: historyQuery.properties.limit },
          ],
          responses: {
            '200': json(ref('HistoryResponse'), 'The history.'),
            '400': { $ref: '#/components/responses/BadRequest' },
            '404': { $ref: '#/components/responses/NotFound' },
            ...COMMON_ERRORS,
          },
        },
      },
      '/v1/meta/webhooks': {
        get: {
          operationId: 'metaWebhookHandshake',
          tags: ['meta'],
          summary: 'Webhook subscription handshake: echo hub.challenge when hub.verify_token matches',
          description: 'https://developers.facebook.com/docs/graph-api/webhooks/getting-started#verification-requests',
          security: [],
          parameters: [
            { name: 'hub.mode', in: 'query', required: true, schema: { const: 'subscribe' } },
            { name: 'hub.verify_token', in: 'query', required: true, description: 'The verify token typed into the App Dashboard (the backend’s META_WEBHOOK_VERIFY_TOKEN).', schema: { type: 'string' } },
            { name: 'hub.challenge', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 256 } },
          ],
          responses: {
            '200': text('The hub.challenge, verbatim.'),
            '400': text('hub.mode is not `subscribe`, or hub.challenge is missing or too long.'),
            '403': text('hub.verify_token does not match (or no verify token is configured).'),
          },
        },
        post: {
          operationId: 'metaWebhookDelivery',
          tags: ['meta'],
          summary: 'A webhook delivery; affected connections are re-checked (a webhook alone never changes a status)',
          description:
            'The `X-Hub-Signature-256` header (`sha256=` + HMAC-SHA256 of the raw body with the app secret) is verified, in constant time, before the body is parsed. Events acted on: `whatsapp_business_account` / `account_update` with `PARTNER_REMOVED`, `PARTNER_APP_UNINSTALLED`, `ACCOUNT_DELETED` or `DISABLED_UPDATE` (routed on `waba_info.waba_id`), and `application` / `business_integration_uninstall` or `business_integration_update` (routed on `business_manager_id`). Other events are accepted and ignored. Duplicate deliveries only ask for another check.',
          security: [],
          parameters: [
            { name: 'X-Hub-Signature-256', in: 'header', required: true, description: '`sha256=<hex>`: HMAC-SHA256 of the raw request body, keyed with the Meta app secret.', schema: { type: 'string', pattern: '^sha256=[0-9a-fA-F]{64}$' } },
          ],
          requestBody: {
            required: true,
            description: `Meta's webhook envelope, at most ${256 * 1024} bytes.`,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['object', 'entry'],
                  properties: {
                    object: { type: 'string', examples: ['whatsapp_business_account', 'application'] },
                    entry: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, time: { type: 'integer' }, changes: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, value: {} } } } } } },
                  },
                },
              },
            },
          },
          responses: {
            '200': text('`ok`: verified; the affected connections are queued for a check.'),
            '400': text('The body is not JSON, or not a webhook envelope (`object`, `entry[]`).'),
            '401': text('X-Hub-Signature-256 is missing or wrong: nothing happens.'),
            '413': text('The body is larger than the limit.'),
            '503': text('No Meta app is configured yet, so no signature can be verified.'),
          },
        },
      },
      '/v1/meta/deauthorize': {
        post: {
          operationId: 'metaDeauthorize',
          tags: ['meta'],
          summary: 'Deauthorize callback: a user removed the app; the connections are re-checked',
          description:
            'https://developers.facebook.com/docs/facebook-login/guides/advanced/deauthorize-callback/ : `signed_request` is `<base64url HMAC-SHA256 signature>.<base64url JSON payload>`, signed with the app secret. Connections do not record which Facebook user granted them, so every connection is re-checked.',
          security: [],
          requestBody: {
            required: true,
            description: 'At most 16 KiB.',
            content: {
              'application/x-www-form-urlencoded': {
                schema: { type: 'object', required: ['signed_request'], properties: { signed_request: { type: 'string', pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' } } },
              },
            },
          },
          responses: {
            '200': text('`ok`: verified; the connections are queued for a check.'),
            '400': text('signed_request is missing.'),
            '401': text('signed_request is not signed with this app’s secret.'),
            '413': text('The body is larger than the limit.'),
            '503': text('No Meta app is configured yet.'),
          },
        },
      },
    },
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'An admin access token issued by the product backend (not a Meta token).',
        },
      },
      headers: {
        ETag: { description: 'Identifies this version of the status document (weak validator).', schema: { type: 'string' } },
        'WWW-Authenticate': { description: 'The Bearer challenge.', schema: { type: 'string' } },
        'Retry-After': {
          description: 'Seconds to wait before the next request. A backend must expose it (and ETag) to extension origins with `Access-Control-Expose-Headers`, or the browser hides it from the extension.',
          schema: { type: 'integer', minimum: 0 },
        },
      },
      responses: {
        BadRequest: errorResponse('The request is malformed (`bad-request`); `details` names each invalid field.'),
        Unauthorized: {
          ...errorResponse('No, a malformed or an unknown admin token (`unauthorized`).'),
          headers: { 'WWW-Authenticate': { $ref: '#/components/headers/WWW-Authenticate' } },
        },
        NotFound: errorResponse('No such workspace for this admin (`not-found`): another admin’s workspace is not found either.'),
        PayloadTooLarge: errorResponse('The body is too large (`payload-too-large`).'),
        UnsupportedMediaType: errorResponse('The body is not `application/json` (`unsupported-media-type`).'),
        RateLimited: {
          ...errorResponse('Too many requests for this admin token, or too many failed authentications from this address (`rate-limited`). Wait `Retry-After` seconds.'),
          headers: { 'Retry-After': { $ref: '#/components/headers/Retry-After' } },
        },
        Internal: errorResponse('A failure of the backend (`internal`).'),
        Unavailable: {
          ...errorResponse('The backend cannot serve right now, for example while it cannot reach its database (`internal`). Wait `Retry-After` seconds.'),
          headers: { 'Retry-After': { $ref: '#/components/headers/Retry-After' } },
        },
      },
    },
  };
}

/** The document as written to openapi.json: stable key order, two-space indent, final newline. */
export function renderOpenApiDocument(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
