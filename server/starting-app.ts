/**
 * What the backend answers while it listens but cannot serve yet: its PostgreSQL database was
 * unreachable at start-up and ../main.ts keeps retrying (capped back-off). A load balancer sees
 * /healthz 503 with the reason and sends no traffic; a client that still arrives gets a clear
 * 503 with Retry-After at once (never a request left hanging), in the API's error shape and
 * with the same CORS policy, so the extension reads it as "backend unavailable, retry later".
 * When the database answers, main swaps in the real app (./app.ts).
 */
import { Hono } from 'hono';
import { ApiError } from '../lib/contract';
import { corsMiddleware, type CorsPolicy } from './cors';

export const RETRY_AFTER_SECONDS = 5;
export const DATABASE_UNAVAILABLE_MESSAGE = 'The backend cannot reach its database right now; retry shortly.';

export function createStartingApp(deps: { cors: CorsPolicy; reason: () => string }): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-store');
  });
  app.use('*', corsMiddleware(deps.cors));
  app.get('/healthz', (c) => c.json({ status: 'starting', schedulerReady: false, reason: deps.reason() }, 503));
  app.all('*', (c) => {
    c.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return c.json(ApiError.parse({ error: { code: 'internal', message: DATABASE_UNAVAILABLE_MESSAGE } }), 503);
  });
  return app;
}
