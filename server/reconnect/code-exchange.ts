/**
 * Exchanges the authorization code Meta's dialog returned for the customer's token:
 * `GET /oauth/access_token?client_id&client_secret&redirect_uri&code`
 * (https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow#confirm).
 * The code is short-lived (about 30 s for Embedded Signup) and single use, so this runs once, at
 * once, and a failure is classified in words rather than retried. Neither the code, the secret nor
 * the token ever reaches a log line or an error message.
 */
import type { GraphClient, GraphResult } from '../../lib/graph/token-check';
import { redactSecrets } from '../../lib/util/redact';

export type ExchangeFailureKind =
  | 'code-used'
  | 'code-expired'
  | 'code-invalid'
  | 'redirect-mismatch'
  | 'app-secret'
  | 'app-id'
  | 'unreachable'
  | 'meta-error'
  | 'unreadable';

export type ExchangeResult =
  | { ok: true; accessToken: string; expiresInSeconds: number | null }
  | { ok: false; kind: ExchangeFailureKind; message: string };

export interface ExchangeRequest {
  appId: string;
  appSecret: string;
  redirectUri: string;
  code: string;
}

export async function exchangeCode(graph: GraphClient, request: ExchangeRequest): Promise<ExchangeResult> {
  const result = await graph.get('/oauth/access_token', {
    client_id: request.appId,
    client_secret: request.appSecret,
    redirect_uri: request.redirectUri,
    code: request.code,
  });
  return readExchange(result, [request.code, request.appSecret]);
}

/** Pure: the exchange's answer → a token or a failure in words. `secrets` (and anything shaped like a credential) are cut from Meta's text. */
export function readExchange(result: GraphResult, secrets: readonly string[]): ExchangeResult {
  if (!result.ok) {
    return {
      ok: false,
      kind: 'unreachable',
      message: result.network === 'timeout' ? 'Meta did not answer the code exchange in time.' : 'Meta could not be reached for the code exchange.',
    };
  }
  const body = result.body as { access_token?: unknown; expires_in?: unknown; error?: unknown } | null;
  if (result.httpStatus >= 200 && result.httpStatus < 300 && body && typeof body === 'object' && !('error' in body)) {
    if (typeof body.access_token === 'string' && body.access_token.length > 0 && body.access_token.length <= 4096) {
      const expires = typeof body.expires_in === 'number' && Number.isFinite(body.expires_in) && body.expires_in > 0 ? Math.round(body.expires_in) : null;
      return { ok: true, accessToken: body.access_token, expiresInSeconds: expires };
    }
    return { ok: false, kind: 'unreadable', message: 'Meta answered the code exchange without an access token.' };
  }
  const error = body && typeof body === 'object' && body.error && typeof body.error === 'object' ? (body.error as Record<string, unknown>) : null;
  const code = typeof error?.code === 'number' ? error.code : null;
  const subcode = typeof error?.error_subcode === 'number' ? error.error_subcode : null;
  const metaText = typeof error?.message === 'string' ? redactSecrets(error.message.slice(0, 300), secrets) : '';
  const said = metaText ? ` Meta said: “${metaText}”` : '';
  if (code === 100 && subcode === 36009) {
    return { ok: false, kind: 'code-used', message: `Meta says this authorization code has already been used, so no new token was issued.${said}` };
  }
  if (code === 100 && subcode === 36007) {
    return { ok: false, kind: 'code-expired', message: `The authorization code expired before it could be exchanged (Meta’s codes last only seconds). Start the reconnect again.${said}` };
  }
  if (code === 100 && /redirect_uri/i.test(metaText)) {
    return { ok: false, kind: 'redirect-mismatch', message: `Meta refused the code because the redirect address differs from the one the dialog used (check “Valid OAuth redirect URIs”).${said}` };
  }
  if (code === 100) {
    return { ok: false, kind: 'code-invalid', message: `Meta does not accept this authorization code (unknown, malformed or expired). Start the reconnect again.${said}` };
  }
  if (code === 1 && /secret/i.test(metaText)) {
    return { ok: false, kind: 'app-secret', message: `Meta refused the product’s app secret: the backend’s app secret is wrong. This is the product’s configuration, not something the admin can fix.${said}` };
  }
  if (code === 101) {
    return { ok: false, kind: 'app-id', message: `Meta does not know the product’s app id: the backend is configured with a wrong app.${said}` };
  }
  return {
    ok: false,
    kind: 'meta-error',
    message: `Meta refused the code exchange (HTTP ${result.httpStatus}${code !== null ? `, error ${code}${subcode !== null ? `/${subcode}` : ''}` : ''}).${said}`,
  };
}
