/**
 * A small, real HTTP backend (node:http on 127.0.0.1, a free port) that speaks the v1 contract
 * correctly — or with exactly one deliberate defect — so the conformance kit can be proven both
 * ways: a clean run against the good stub, and exactly the matching check failing per defect.
 *
 *   const stub = await startConformanceStub({ token, defect: 'no-etag' });
 *   … stub.url …; await stub.stop();
 *
 * The stub is independent of the reference backend (server/): its answers are hand-built from
 * tests/support/status-fixtures.ts, and its input validation uses the contract's zod schemas.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FlowReport, ProductId, type ApiError, type ReconnectPlan, type StatusResponse } from '../../lib/contract';
import { connection, statusDoc, workspace } from './status-fixtures';

export type StubDefect =
  | 'none'
  | 'no-etag'
  | 'cors-without-retry-after'
  | '500-instead-of-401'
  | 'relative-reconnect-url'
  | 'schema-drift'
  | 'token-updated-at-backwards'
  | 'rate-limit-without-retry-after';

export interface StubOptions {
  token: string;
  defect?: StubDefect;
  /** Answer 429 to authenticated status reads after this many (null: never). */
  limitAfter?: number | null;
  /** Offer POST …/reconnect-link (default false: 404). */
  offersReconnectLink?: boolean;
  /** Offer tokenUpdatedAt per connection (default true). */
  offersTokenUpdatedAt?: boolean;
}

export interface Stub {
  url: string;
  /** Requests seen, as `METHOD /path` (no headers: the token is never kept). */
  requests: string[];
  stop(): Promise<void>;
}

const WORKSPACE = 'ws-1';
const MAX_REPORT_BYTES = 64 * 1024;
const EXTENSION_ORIGIN = /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36})$/;

export async function startConformanceStub(options: StubOptions): Promise<Stub> {
  const defect = options.defect ?? 'none';
  const requests: string[] = [];
  let version = 1;
  let statusReads = 0;

  const status = (): StatusResponse | Record<string, unknown> => {
    const checkedAt = new Date(Date.UTC(2026, 10, 21, 10, 0, version)).toISOString();
    const conn: Record<string, unknown> = { ...connection('healthy', { id: 'conn-1', lastCheckedAt: checkedAt }) };
    if (options.offersTokenUpdatedAt ?? true) {
      // Backwards: each read claims an older token than the read before.
      conn.tokenUpdatedAt = new Date(Date.UTC(2026, 10, 20) - (defect === 'token-updated-at-backwards' ? statusReads * 60_000 : 0)).toISOString();
    } else {
      delete conn.tokenUpdatedAt; // a backend written before the field existed
    }
    if (defect === 'schema-drift') conn.status = 'ok';
    const ws = workspace([conn as never], { id: WORKSPACE, ...(defect === 'relative-reconnect-url' ? { reconnectUrl: '/settings/whatsapp/reconnect' } : {}) });
    return { ...statusDoc([ws]), generatedAt: new Date().toISOString() };
  };

  const plan = (): ReconnectPlan => ({
    apiVersion: 'v1',
    workspaceId: WORKSPACE,
    appId: '300000000000001',
    configId: null,
    appName: 'Acme Helpdesk',
    requiredScopes: ['whatsapp_business_management', 'whatsapp_business_messaging'],
    business: { id: '200000000000001', name: 'Acme Inc' },
    expectedWabas: [{ id: '100000000000001', name: 'Support line' }],
    currentlyGrantedWabaIds: ['100000000000001'],
    reconnectUrl: defect === 'relative-reconnect-url' ? '/settings/whatsapp/reconnect' : 'https://app.example.test/settings/whatsapp/reconnect',
  });

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, error('internal', 'stub failure'));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://stub.invalid');
    const method = req.method ?? 'GET';
    requests.push(`${method} ${url.pathname}`);
    const origin = req.headers.origin;
    if (origin && EXTENSION_ORIGIN.test(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', defect === 'cors-without-retry-after' ? 'ETag' : 'ETag, Retry-After');
      res.setHeader('Vary', 'Origin');
      if (method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, If-None-Match');
        res.setHeader('Access-Control-Max-Age', '600');
        res.writeHead(204).end();
        return;
      }
    }
    const body = await readBody(req);

    if (req.headers.authorization !== `Bearer ${options.token}`) {
      if (defect === '500-instead-of-401') return send(res, 500, error('internal', 'Internal error.'));
      res.setHeader('WWW-Authenticate', 'Bearer realm="stub"');
      return send(res, 401, error('unauthorized', 'The admin token is not valid.'));
    }

    if (method === 'GET' && url.pathname === '/v1/status') {
      statusReads += 1;
      if (options.limitAfter != null && statusReads > options.limitAfter) {
        if (defect !== 'rate-limit-without-retry-after') res.setHeader('Retry-After', '30');
        return send(res, 429, error('rate-limited', 'Slow down.'));
      }
      const etag = `W/"v${version}"`;
      if (defect !== 'no-etag') {
        res.setHeader('ETag', etag);
        const match = req.headers['if-none-match'];
        if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag.replace(/^W\//, ''))) {
          res.writeHead(304).end();
          return;
        }
      }
      return send(res, 200, status());
    }

    if (method === 'POST' && url.pathname === '/v1/flow-reports') {
      if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return send(res, 415, error('unsupported-media-type', 'Send JSON.'));
      if (body.length > MAX_REPORT_BYTES) return send(res, 413, error('payload-too-large', 'Too large.'));
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        return send(res, 400, error('bad-request', 'Not JSON.'));
      }
      const report = FlowReport.safeParse(json);
      if (!report.success) return send(res, 400, error('bad-request', 'Not a flow report.'));
      if (report.data.workspaceId !== WORKSPACE) return send(res, 404, error('not-found', 'No such workspace.'));
      return send(res, 201, { apiVersion: 'v1', id: `fr-${requests.length}`, receivedAt: new Date().toISOString() });
    }

    const route = /^\/v1\/workspaces\/([^/]+)\/(reconnect-plan|checks|history|reconnect-link)$/.exec(url.pathname);
    if (!route) return send(res, 404, error('not-found', 'No route.'));
    const id = decodeURIComponent(route[1] ?? '');
    const action = route[2];
    if (!ProductId.safeParse(id).success) return send(res, 400, error('bad-request', 'Invalid workspace id.'));
    if (action === 'history') {
      const limit = url.searchParams.get('limit');
      if (limit !== null && !/^(?:[1-9]\d{0,2})$/.test(limit)) return send(res, 400, error('bad-request', 'Invalid limit.'));
    }
    if (id !== WORKSPACE) return send(res, 404, error('not-found', 'No such workspace.'));
    if (method === 'GET' && action === 'reconnect-plan') return send(res, 200, plan());
    if (method === 'GET' && action === 'history') return send(res, 200, { apiVersion: 'v1', workspaceId: WORKSPACE, entries: [] });
    if (method === 'POST' && action === 'checks') {
      version += 1;
      return send(res, 200, { apiVersion: 'v1', workspace: (status() as StatusResponse).workspaces[0] });
    }
    if (method === 'POST' && action === 'reconnect-link' && options.offersReconnectLink) {
      return send(res, 201, { apiVersion: 'v1', workspaceId: WORKSPACE, connectionId: 'conn-1', url: 'https://app.example.test/reconnect/one-time-abc', expiresAt: new Date(Date.now() + 600_000).toISOString() });
    }
    return send(res, 404, error('not-found', 'No route.'));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function error(code: ApiError['error']['code'], message: string): ApiError {
  return { error: { code, message } };
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
