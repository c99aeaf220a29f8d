/**
 * Which browser origins may call the API (CORS). The extension calls the backend from its own
 * origin (`chrome-extension://<id>`, `moz-extension://<uuid>`); answering CORS for it is what
 * lets the extension work without any host permission (wxt.config.ts asks for none).
 *
 * CORS is not the security boundary here: every route needs a Bearer token, and no cookies are
 * used (no `Access-Control-Allow-Credentials`), so a foreign page cannot ride an admin's
 * session. The policy still stays narrow: extension origins (all, or a pinned list of ids) plus
 * an explicit allow-list, e.g. the product's own web app.
 */
import { cors } from 'hono/cors';
import type { MiddlewareHandler } from 'hono';

/** Chrome/Edge ids are 32 letters a–p; Firefox uses a per-install UUID; Safari a UUID too. */
const EXTENSION_ORIGIN = /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36}|safari-web-extension:\/\/[0-9A-Fa-f-]{36})$/;

export interface CorsPolicy {
  /** `any` extension origin, or exactly these. */
  extensionOrigins: 'any' | string[];
  /** Additional exact origins (the product's web origin). */
  allowedOrigins: string[];
}

export function isAllowedOrigin(origin: string, policy: CorsPolicy): boolean {
  if (policy.allowedOrigins.includes(origin)) return true;
  if (!EXTENSION_ORIGIN.test(origin)) return false;
  return policy.extensionOrigins === 'any' || policy.extensionOrigins.includes(origin);
}

export function corsMiddleware(policy: CorsPolicy): MiddlewareHandler {
  return cors({
    origin: (origin) => (origin && isAllowedOrigin(origin, policy) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match'],
    // The extension reads ETag (conditional polls) and Retry-After (how long to back off after a
    // 429 or 503); a header that is not exposed reads as null in the extension, so both are listed.
    exposeHeaders: ['ETag', 'Retry-After'],
    maxAge: 600,
  });
}
