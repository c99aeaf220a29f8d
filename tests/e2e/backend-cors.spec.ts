/**
 * The built extension talks to the reference backend from its own origin with no host
 * permission: the backend's CORS answer (server/cors.ts) is what lets it. Real Chromium, real
 * backend and Graph API simulator processes (tests/support/backend-harness.ts).
 */
import { startStack } from '../support/backend-harness';
import { expect, serviceWorker, test } from './fixtures';

interface Probe {
  ok: boolean;
  status?: number;
  workspaces?: number;
  etag?: string | null;
  posted?: number;
  error?: string;
}

/** GET /v1/status and a preflighted JSON POST, from the extension's service worker. */
async function probe(context: Parameters<typeof serviceWorker>[0], backendUrl: string, token: string): Promise<Probe> {
  const sw = await serviceWorker(context);
  return sw.evaluate(
    async ([url, bearer]) => {
      try {
        const status = await fetch(`${url}/v1/status`, { headers: { Authorization: `Bearer ${bearer}` } });
        const body = (await status.json()) as { workspaces: unknown[] };
        const posted = await fetch(`${url}/v1/flow-reports`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ workspaceId: 'harbor-shop', startedAt: '2026-11-21T10:00:00Z', endedAt: '2026-11-21T10:01:00Z', source: 'oauth-dialog', outcome: 'cancelled' }),
        });
        return { ok: true, status: status.status, workspaces: body.workspaces.length, etag: status.headers.get('ETag'), posted: posted.status };
      } catch (error) {
        return { ok: false, error: String(error) };
      }
    },
    [backendUrl, token] as const,
  );
}

test('the extension reads status and posts a flow report across origins', async ({ context, extensionId }) => {
  const stack = await startStack();
  try {
    const result = await probe(context, stack.backendUrl, stack.adminToken);
    expect(result).toMatchObject({ ok: true, status: 200, workspaces: 8, posted: 201 });
    // ETag is exposed to the extension (Access-Control-Expose-Headers), so it can send If-None-Match.
    expect(result.etag).toMatch(/^W\//);
    expect(extensionId).toMatch(/^[a-p]{32}$/);
  } finally {
    await stack.stop();
  }
});

test('without the backend’s CORS answer the browser blocks the extension (CORS is what allows it)', async ({ context }) => {
  // Pin the allowed extension origins to another id: this build's origin gets no CORS headers.
  const stack = await startStack({ backendEnv: { CORS_EXTENSION_ORIGINS: `chrome-extension://${'a'.repeat(32)}` } });
  try {
    const result = await probe(context, stack.backendUrl, stack.adminToken);
    expect(result.ok).toBe(false);
    expect(result.error).toContain('Failed to fetch');
  } finally {
    await stack.stop();
  }
});
