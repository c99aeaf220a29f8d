/**
 * The seed file: the reference backend's configuration and its workspaces, as JSON.
 *
 *   { "meta": { "appId", "appSecret", "configId", "configTokenType"?, "graphApiBaseUrl"?, "graphApiVersion"? },
 *     "admins": [ { "token", "name", "workspaces": ["<workspace id>", …] } ],
 *     "workspaces": [ { "id", "name", "reconnectUrl", "businessId"?, "businessName"?,
 *                       "expectedWabas": [ { "id", "name" } ],
 *                       "connections": [ { "id", "kind": "whatsapp" | "catalog", "accessToken",
 *                                          "tokenUpdatedAt"? } ] } ] }
 *
 * Validated strictly (an unknown key is a typo, not something to ignore) with the contract's id
 * rules, so the ids in the seed are exactly the ids the API returns. Applying a seed is
 * idempotent: secrets are compared by keyed fingerprint, not by ciphertext (which changes with
 * every encryption), so loading the same file twice writes nothing. Workspaces and connections
 * are upserted (never deleted: their history stays); admins are exactly the seed's.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { HttpsOrLocalUrl, MetaId, ProductId, Timestamp } from '../lib/contract';
import { adminIdFor, hashAdminToken } from './auth';
import type { SecretBox } from './crypto';
import type { SeedChanges, SeedRecords, Store } from './store/store';

const Name = z.string().trim().min(1).max(200);

export const SeedSchema = z
  .object({
    meta: z
      .object({
        appId: MetaId,
        appSecret: z.string().min(1).max(512),
        /** Facebook Login for Business configuration id; null when the product uses none. */
        configId: MetaId.nullable(),
        /** What the configuration issues: `system-user` (default; adds override_default_response_type) or `user`. */
        configTokenType: z.enum(['system-user', 'user']).default('system-user'),
        // https, or plain http only to this machine (the simulator): the app secret's proofs and
        // the customers' tokens travel on these requests.
        graphApiBaseUrl: HttpsOrLocalUrl.optional(),
        graphApiVersion: z
          .string()
          .regex(/^v\d{1,3}\.\d{1,2}$/, 'a Graph API version looks like v24.0')
          .optional(),
      })
      .strict(),
    admins: z
      .array(
        z
          .object({
            token: z
              .string()
              .min(24, 'admin tokens must be at least 24 random characters (e.g. `openssl rand -hex 32`)')
              .max(512)
              .regex(/^[\x21-\x7e]+$/, 'admin tokens are printable ASCII without spaces'),
            name: Name,
            workspaces: z.array(ProductId).max(5000),
          })
          .strict(),
      )
      .max(1000),
    workspaces: z
      .array(
        z
          .object({
            id: ProductId,
            name: Name,
            reconnectUrl: HttpsOrLocalUrl,
            businessId: MetaId.optional(),
            businessName: Name.optional(),
            expectedWabas: z.array(z.object({ id: MetaId, name: Name }).strict()).max(500),
            connections: z
              .array(
                z
                  .object({
                    id: ProductId,
                    kind: z.enum(['whatsapp', 'catalog']),
                    accessToken: z.string().min(1).max(4096),
                    /**
                     * When this token was issued to the product (ISO-8601), if the seed says; otherwise the
                     * time the seed first brought it. A token a reconnect stored later is never overwritten.
                     */
                    tokenUpdatedAt: Timestamp.optional(),
                  })
                  .strict(),
              )
              .max(50),
          })
          .strict(),
      )
      .max(5000),
  })
  .strict()
  .superRefine((seed, ctx) => {
    const duplicates = (values: string[]) => values.filter((value, index) => values.indexOf(value) !== index);
    for (const id of new Set(duplicates(seed.workspaces.map((ws) => ws.id)))) {
      ctx.addIssue({ code: 'custom', path: ['workspaces'], message: `workspace id "${id}" is used twice` });
    }
    const connectionIds = seed.workspaces.flatMap((ws) => ws.connections.map((conn) => conn.id));
    for (const id of new Set(duplicates(connectionIds))) {
      ctx.addIssue({ code: 'custom', path: ['workspaces'], message: `connection id "${id}" is used twice (connection ids are global)` });
    }
    seed.workspaces.forEach((ws, index) => {
      for (const id of new Set(duplicates(ws.expectedWabas.map((waba) => waba.id)))) {
        ctx.addIssue({ code: 'custom', path: ['workspaces', index, 'expectedWabas'], message: `WABA "${id}" is listed twice` });
      }
    });
    const known = new Set(seed.workspaces.map((ws) => ws.id));
    seed.admins.forEach((admin, index) => {
      admin.workspaces.forEach((id, j) => {
        if (!known.has(id)) {
          ctx.addIssue({ code: 'custom', path: ['admins', index, 'workspaces', j], message: `unknown workspace "${id}"` });
        }
      });
    });
    const tokens = seed.admins.map((admin) => admin.token);
    if (duplicates(tokens).length > 0) {
      // Never echo the token itself in an error message.
      ctx.addIssue({ code: 'custom', path: ['admins'], message: 'two admins share the same token' });
    }
  });
/** A seed as written (fields with a default may be omitted); parseSeed returns it with defaults applied. */
export type Seed = z.input<typeof SeedSchema>;

export class SeedError extends Error {}

/** Reads and validates a seed file; errors name the file and every offending path. */
export function readSeedFile(file: string): Seed {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SeedError(`cannot read seed file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SeedError(`seed file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseSeed(json, file);
}

export function parseSeed(json: unknown, label = 'seed'): z.output<typeof SeedSchema> {
  const parsed = SeedSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues
      .slice(0, 20)
      .map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
    const more = parsed.error.issues.length > 20 ? `\n  (+${parsed.error.issues.length - 20} more)` : '';
    throw new SeedError(`${label} is not a valid seed:\n${lines.join('\n')}${more}`);
  }
  return parsed.data;
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '') || '(root)';
}

/** AAD contexts: a sealed value only opens on the row it was written for (see ./crypto.ts). */
export const secretContext = {
  appSecret: 'app:secret',
  connectionToken: (connectionId: string) => `connection:${connectionId}:token`,
} as const;

export function toSeedRecords(seed: Seed, box: SecretBox, loadedAt: Date = new Date()): SeedRecords {
  return {
    loadedAt: loadedAt.toISOString(),
    app: {
      appId: seed.meta.appId,
      appSecret: box.seal(seed.meta.appSecret, secretContext.appSecret),
      appSecretFingerprint: box.fingerprint(seed.meta.appSecret),
      configId: seed.meta.configId,
      configTokenType: seed.meta.configTokenType ?? 'system-user',
      graphApiBaseUrl: seed.meta.graphApiBaseUrl ?? null,
      graphApiVersion: seed.meta.graphApiVersion ?? null,
    },
    admins: seed.admins.map((admin) => {
      const tokenHash = hashAdminToken(admin.token);
      return { id: adminIdFor(tokenHash), tokenHash, name: admin.name, workspaceIds: [...new Set(admin.workspaces)] };
    }),
    workspaces: seed.workspaces.map((ws) => ({
      id: ws.id,
      name: ws.name,
      reconnectUrl: ws.reconnectUrl,
      businessId: ws.businessId ?? null,
      businessName: ws.businessName ?? null,
      expectedWabas: ws.expectedWabas,
      connections: ws.connections.map((conn) => ({
        id: conn.id,
        kind: conn.kind,
        accessToken: box.seal(conn.accessToken, secretContext.connectionToken(conn.id)),
        tokenFingerprint: box.fingerprint(conn.accessToken),
        tokenUpdatedAt: conn.tokenUpdatedAt ? new Date(conn.tokenUpdatedAt).toISOString() : null,
      })),
    })),
  };
}

export function applySeed(store: Store, seed: Seed, box: SecretBox, loadedAt: Date = new Date()): Promise<SeedChanges> {
  return store.applySeed(toSeedRecords(seed, box, loadedAt));
}
