import { describe, expect, it } from 'vitest';
import { neverChecked } from '../connection-view';
import type { ConnectionState } from '../store/store';
import { scopesOf, throttledScopes } from './backoff-scope';

function throttled(code: number | null, category: 'rate-limited' | 'transient' = 'rate-limited'): ConnectionState {
  const base = neverChecked('whatsapp', []);
  return {
    ...base,
    problems: category === 'rate-limited' ? [{ code: 'rate-limited', message: 'Throttled.', hint: 'Wait.', wabaId: null, scope: null }] : [],
    lastError: { code, subcode: null, category, message: 'Throttled.', fbtraceId: null, at: '2026-12-01T00:00:00.000Z' },
  };
}

describe('shared back-off scopes', () => {
  it('an app limit (4, 341) holds back every connection of the app', () => {
    expect(throttledScopes(throttled(4), 'app1', 'biz1')).toEqual(['app:app1']);
    expect(throttledScopes(throttled(341), 'app1', null)).toEqual(['app:app1']);
  });

  it('a business-use-case limit (80000–80014, 32, 613) holds back the business, or the app when none is known', () => {
    for (const code of [80_000, 80_008, 80_014, 32, 613]) expect(throttledScopes(throttled(code), 'app1', 'biz1'), String(code)).toEqual(['business:biz1']);
    expect(throttledScopes(throttled(80_008), 'app1', null)).toEqual(['app:app1']);
  });

  it('a user or phone-number limit, no code, or no rate limit at all stays with the connection', () => {
    for (const code of [17, 130_429, 80_015, null]) expect(throttledScopes(throttled(code), 'app1', 'biz1'), String(code)).toEqual([]);
    expect(throttledScopes(throttled(4, 'transient'), 'app1', 'biz1')).toEqual([]);
    expect(throttledScopes(neverChecked('whatsapp', []), 'app1', 'biz1')).toEqual([]);
  });

  it('a check respects the back-off of its app and its business', () => {
    expect(scopesOf('app1', 'biz1')).toEqual(['app:app1', 'business:biz1']);
    expect(scopesOf('app1', null)).toEqual(['app:app1']);
  });
});
