import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact';

describe('redactSecrets', () => {
  // The cases of the Graph error redactor it replaces.
  it('removes known secrets by value', () => {
    expect(redactSecrets('my-secret-value here', ['my-secret-value'])).toBe('[redacted] here');
  });
  it('removes credentials from query strings', () => {
    expect(redactSecrets('https://x/?access_token=abc&x=1')).toBe('https://x/?access_token=[redacted]&x=1');
    expect(redactSecrets('fetch failed for input_token=abc')).toBe('fetch failed for input_token=[redacted]');
    expect(redactSecrets('client_secret=s3cr3t&appsecret_proof=f00')).toBe('client_secret=[redacted]&appsecret_proof=[redacted]');
  });
  it('removes Meta tokens Graph echoes back and app tokens', () => {
    const token = 'EAAGsomethingLongEnough1234567890';
    const out = redactSecrets(`Malformed access token ${token} for app 123456|s3cr3tsecretvalue`);
    expect(out).toBe(`Malformed access token ${REDACTED} for app ${REDACTED}`);
  });

  // The cases of the diagnostics redactor it replaces.
  it('removes bearer tokens, keeping the keyword', () => {
    expect(redactSecrets('Authorization: Bearer abc.def-ghi_jkl')).toBe('Authorization: Bearer [redacted]');
  });
  it('removes Meta-shaped tokens followed by any character', () => {
    expect(redactSecrets('token EAABsbCS1iHgBAKZCZAxyz0123456789abcd in text')).toBe('token [redacted] in text');
    expect(redactSecrets('EAABsbCS1iHgBAKZCZAxyz0123456789abcd_suffix')).toBe('[redacted]_suffix');
  });
  it('removes a configured token of four characters or more, and ignores empty ones', () => {
    expect(redactSecrets('key abcd used', ['abcd'])).toBe('key [redacted] used');
    expect(redactSecrets('key abc used', ['abc', '', null])).toBe('key abc used');
  });

  it('puts the marker it is given where a secret was, known or by shape', () => {
    const options = { marker: '[token]' };
    expect(redactSecrets('the backend said Bearer report-secret-token-abcdef', ['report-secret-token-abcdef'], options)).toBe('the backend said Bearer [token]');
    expect(redactSecrets('Authorization: Bearer abc.def-ghi_jkl and ?access_token=abc', [], options)).toBe('Authorization: Bearer [token] and ?access_token=[token]');
    expect(redactSecrets('EAABsbCS1iHgBAKZCZAxyz0123456789abcd', [], { marker: '$1 $&' })).toBe('$1 $&');
  });

  it('leaves ordinary text alone', () => {
    const text = 'Backend unreachable since 2026-11-21 10:00 UTC (WABA 1234567890, code 190).';
    expect(redactSecrets(text)).toBe(text);
  });
});
