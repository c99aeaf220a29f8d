// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { readExchange } from './code-exchange';

const error = (code: number, message: string, subcode?: number) => ({
  ok: true as const,
  httpStatus: 400,
  body: { error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'Axyz' } },
});

describe('readExchange: Meta’s answers to oauth/access_token, in words', () => {
  it.each([
    [error(100, 'This authorization code has been used.', 36009), 'code-used', 'already been used'],
    [error(100, 'This authorization code has expired.', 36007), 'code-expired', 'expired before it could be exchanged'],
    [error(100, 'Invalid verification code format.'), 'code-invalid', 'does not accept this authorization code'],
    [error(100, 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request'), 'redirect-mismatch', 'redirect address differs'],
    [error(1, 'Error validating client secret.'), 'app-secret', 'app secret is wrong'],
    [error(101, 'Error validating application. Invalid application ID.'), 'app-id', 'wrong app'],
    [error(190, 'Something else'), 'meta-error', 'error 190'],
    [{ ok: false as const, network: 'timeout' as const, message: 'x' }, 'unreachable', 'in time'],
    [{ ok: true as const, httpStatus: 200, body: { token_type: 'bearer' } }, 'unreadable', 'without an access token'],
    [{ ok: true as const, httpStatus: 502, body: '<html>Bad gateway</html>' }, 'meta-error', 'HTTP 502'],
  ])('%#: %s', (result, kind, words) => {
    const read = readExchange(result, []);
    expect(read).toMatchObject({ ok: false, kind });
    expect(read.ok ? '' : read.message).toContain(words);
  });

  it('reads the token (and expires_in when given)', () => {
    expect(readExchange({ ok: true, httpStatus: 200, body: { access_token: 'EAAG-new', token_type: 'bearer' } }, [])).toEqual({ ok: true, accessToken: 'EAAG-new', expiresInSeconds: null });
    expect(readExchange({ ok: true, httpStatus: 200, body: { access_token: 'EAAG-new', expires_in: 5183999.6 } }, [])).toMatchObject({ expiresInSeconds: 5184000 });
  });

  it('cuts the code and the secret out of Meta’s text', () => {
    const read = readExchange(error(100, 'Invalid code sim-code-SECRET1 for secret app-secret-XYZ'), ['sim-code-SECRET1', 'app-secret-XYZ']);
    expect(read.ok ? '' : read.message).not.toMatch(/SECRET1|XYZ/);
  });
});
