// @vitest-environment node
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { ConnectionStatus, ProblemCode } from './index';
import { buildOpenApiDocument, renderOpenApiDocument } from './openapi';

type Json = Record<string, unknown>;
const doc = buildOpenApiDocument() as Json & { paths: Record<string, Record<string, Json>>; components: Json & { schemas: Record<string, Json> } };

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

function pointer(root: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), root);
}

describe('openapi.json', () => {
  it('is fresh: regenerating it from the zod schemas gives the checked-in file', () => {
    const checkedIn = readFileSync(resolve(process.cwd(), 'openapi.json'), 'utf8');
    if (checkedIn !== renderOpenApiDocument()) expect.fail('openapi.json is stale: run npm run openapi');
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(renderOpenApiDocument()) as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('every $ref points at something in the document', () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(20);
    for (const ref of new Set(all)) {
      expect(ref.startsWith('#/'), ref).toBe(true);
      expect(pointer(doc, ref), ref).toBeDefined();
    }
  });

  it('has the three routes Meta calls, signed with the app secret rather than an admin token', () => {
    const meta = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => (op as { tags: string[] }).tags.includes('meta'))
        .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op: op as Json & { security: unknown; responses: Record<string, Json>; parameters?: Json[] } })),
    );
    expect(meta.map((m) => m.name).sort()).toEqual(['GET /v1/meta/webhooks', 'POST /v1/meta/deauthorize', 'POST /v1/meta/webhooks']);
    for (const { op, name } of meta) expect(op.security, name).toEqual([]);
    const delivery = meta.find((m) => m.name === 'POST /v1/meta/webhooks')!.op;
    expect(delivery.parameters).toEqual([expect.objectContaining({ name: 'X-Hub-Signature-256', in: 'header', required: true })]);
    expect(Object.keys(delivery.responses)).toContain('401');
  });

  it('has the six v1 endpoints, each behind bearer auth, with ApiError errors', () => {
    const operations = Object.entries(doc.paths)
      .filter(([path]) => !path.startsWith('/v1/meta/'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Json & { responses: Record<string, Json>; security: unknown } })));
    expect(operations.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort()).toEqual([
      'GET /v1/status',
      'GET /v1/workspaces/{id}/history',
      'GET /v1/workspaces/{id}/reconnect-plan',
      'POST /v1/flow-reports',
      'POST /v1/workspaces/{id}/checks',
      'POST /v1/workspaces/{id}/reconnect-link',
    ]);
    expect((doc.components.securitySchemes as Json).adminToken).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    for (const { op, path } of operations) {
      expect(op.security, path).toEqual([{ adminToken: [] }]);
      expect(op.responses['401'], path).toEqual({ $ref: '#/components/responses/Unauthorized' });
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const resolved = (response.$ref ? pointer(doc, response.$ref as string) : response) as { content: Record<string, { schema: unknown }> };
        expect(resolved.content['application/json']?.schema, `${path} ${status}`).toEqual({ $ref: '#/components/schemas/ApiError' });
      }
    }
  });

  it('GET /v1/status supports If-None-Match / ETag / 304', () => {
    const op = doc.paths['/v1/status']?.get as { parameters: Json[]; responses: Record<string, Json & { headers?: Json }> };
    expect(op.parameters).toEqual([expect.objectContaining({ name: 'If-None-Match', in: 'header' })]);
    expect(op.responses['200']?.headers).toHaveProperty('ETag');
    expect(op.responses['304']?.headers).toHaveProperty('ETag');
    expect(op.responses['304']).not.toHaveProperty('content');
  });

  it('components follow the zod schemas (enums, references, input vs output shapes)', () => {
    const s = doc.components.schemas;
    expect(s.ConnectionStatus?.enum).toEqual(ConnectionStatus.options);
    expect(s.ProblemCode?.enum).toEqual(ProblemCode.options);
    expect((s.Connection?.properties as Json).status).toEqual({ $ref: '#/components/schemas/ConnectionStatus' });
    // Responses carry every field (defaults applied); the request body may omit defaulted ones.
    expect(s.FlowReport?.required).toEqual(expect.arrayContaining(['currentStep', 'wabas', 'permissions']));
    expect(s.FlowReportInput?.required).not.toEqual(expect.arrayContaining(['currentStep']));
    expect(s.FlowReportInput?.required).toEqual(expect.arrayContaining(['workspaceId', 'startedAt', 'endedAt', 'source', 'outcome']));
    const history = doc.paths['/v1/workspaces/{id}/history']?.get as { parameters: Json[] };
    expect(history.parameters[1]).toMatchObject({ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } });
  });
});
