import { describe, expect, it } from 'vitest';
import { MAX_REGAIN_MS, parseBusinessUseCaseUsage, parseRetryAfterMs, regainAccessMs } from './rate-limit-headers';

const NOW = new Date('2026-11-21T12:00:00Z');
const buc = (entries: unknown[], business = '800000000000001') => JSON.stringify({ [business]: entries });
const entry = (minutes: unknown) => ({ type: 'whatsapp_business_management', call_count: 100, total_cputime: 4, total_time: 6, estimated_time_to_regain_access: minutes });

describe('X-Business-Use-Case-Usage', () => {
  it('reads every entry of every business (Meta\'s documented shape)', () => {
    const header = JSON.stringify({ '800000000000001': [entry(3)], '800000000000002': [entry(0), { type: 'ads_management', call_count: '12' }] });
    expect(parseBusinessUseCaseUsage(header)).toEqual([entry(3), entry(0), { type: 'ads_management', call_count: 12 }]);
  });

  it.each([
    ['missing', undefined],
    ['not JSON', '{"8000": ['],
    ['an array', '[1,2]'],
    ['a business without a list', '{"8000": {"call_count": 1}}'],
    ['a string', '"usage"'],
    ['null', 'null'],
  ])('is null when %s', (_name, header) => {
    expect(parseBusinessUseCaseUsage(header)).toBeNull();
  });

  it('drops malformed entries and fields, keeps the rest', () => {
    expect(parseBusinessUseCaseUsage(buc([42, 'x', entry('soon'), entry(-1), entry(2)]))).toEqual([
      { ...entry(2), estimated_time_to_regain_access: undefined },
      { ...entry(2), estimated_time_to_regain_access: undefined },
      entry(2),
    ]);
  });
});

describe('Retry-After', () => {
  it('reads Retry-After as seconds or an HTTP date, ignores anything else', () => {
    expect(parseRetryAfterMs('120', NOW)).toBe(120_000);
    expect(parseRetryAfterMs(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfterMs('Sat, 21 Nov 2026 12:02:00 GMT', NOW)).toBe(120_000);
    expect(parseRetryAfterMs('Sat, 21 Nov 2026 11:00:00 GMT', NOW)).toBe(0);
    for (const junk of ['-5', '1.5', 'soon', '2026-11-21', '', undefined]) expect(parseRetryAfterMs(junk, NOW)).toBeNull();
  });
});

describe('regainAccessMs', () => {
  it('is the largest estimated_time_to_regain_access, in ms', () => {
    expect(regainAccessMs({ 'x-business-use-case-usage': buc([entry(3), entry(1)]) }, NOW)).toBe(180_000);
  });
  it('takes the longer of the BUC estimate and Retry-After', () => {
    expect(regainAccessMs({ 'x-business-use-case-usage': buc([entry(1)]), 'retry-after': '300' }, NOW)).toBe(300_000);
    expect(regainAccessMs({ 'x-business-use-case-usage': buc([entry(10)]), 'retry-after': '300' }, NOW)).toBe(600_000);
  });
  it(`is capped at ${MAX_REGAIN_MS / 60_000} min`, () => {
    expect(regainAccessMs({ 'x-business-use-case-usage': buc([entry(24 * 60)]) }, NOW)).toBe(MAX_REGAIN_MS);
    expect(regainAccessMs({ 'retry-after': '999999' }, NOW)).toBe(MAX_REGAIN_MS);
  });
  it('is null when no header asks for a wait (missing, malformed, zero, only X-App-Usage)', () => {
    expect(regainAccessMs(undefined, NOW)).toBeNull();
    expect(regainAccessMs({}, NOW)).toBeNull();
    expect(regainAccessMs({ 'x-business-use-case-usage': buc([entry(0)]) }, NOW)).toBeNull();
    expect(regainAccessMs({ 'x-business-use-case-usage': '{not json', 'retry-after': 'later' }, NOW)).toBeNull();
    expect(regainAccessMs({ 'x-app-usage': '{"call_count":100,"total_cputime":100,"total_time":100}' }, NOW)).toBeNull();
  });
});
