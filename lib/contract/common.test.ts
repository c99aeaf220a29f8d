import { describe, expect, it } from 'vitest';
import { HttpsOrLocalUrl, isHttpsOrLocalUrl } from './common';
import { StatusResponse } from './status';
import { connection, statusDoc, workspace } from '../../tests/support/status-fixtures';

describe('HttpsOrLocalUrl', () => {
  it.each(['', '/settings/reconnect', 'not a url', 'app.example.com/reconnect', '//app.example.com/x', 'http://app.example.com/x', 'javascript:alert(1)', 'ftp://app.example.com/', 'http://localhost.evil.test/'])(
    'rejects %j without throwing',
    (value) => {
      expect(() => HttpsOrLocalUrl.safeParse(value)).not.toThrow();
      expect(HttpsOrLocalUrl.safeParse(value).success).toBe(false);
      expect(isHttpsOrLocalUrl(value)).toBe(false);
    },
  );

  it.each(['https://app.example.com/reconnect?ws=1', 'http://localhost:8787/r', 'http://127.0.0.1/r', 'http://[::1]:3000/r'])('accepts %j', (value) => {
    expect(HttpsOrLocalUrl.safeParse(value).success).toBe(true);
  });

  it('a status answer with a relative reconnect URL fails its schema check instead of throwing', () => {
    const doc = statusDoc([workspace([connection('healthy')], { reconnectUrl: '/settings/reconnect' })]);
    expect(() => StatusResponse.safeParse(doc)).not.toThrow();
    const parsed = StatusResponse.safeParse(doc);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['workspaces', 0, 'reconnectUrl']);
  });
});
