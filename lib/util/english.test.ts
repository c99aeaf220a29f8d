import { describe, expect, it } from 'vitest';
import { andList, count, plural, yesNo } from './english';
import { formatUtc } from './utc-time';

describe('English words', () => {
  it('picks the plural by the count', () => {
    expect([0, 1, 2].map((n) => count(n, 'day'))).toEqual(['0 days', '1 day', '2 days']);
    expect(plural(1, 'is', 'are')).toBe('is');
    expect(plural(3, 'is', 'are')).toBe('are');
  });
  it('says unknown for a null answer', () => {
    expect([true, false, null].map((v) => yesNo(v))).toEqual(['yes', 'no', 'unknown']);
    expect(yesNo(null, 'on', 'off', 'could not read')).toBe('could not read');
  });
  it('joins names with commas and a final and', () => {
    expect([[], ['a'], ['a', 'b'], ['a', 'b', 'c']].map((names) => andList(names))).toEqual(['', 'a', 'a and b', 'a, b and c']);
  });
});

describe('formatUtc', () => {
  it('formats in UTC to the minute, whatever the input offset', () => {
    expect(formatUtc('2026-11-21T12:34:56+02:00')).toBe('2026-11-21 10:34 UTC');
  });
  it('says an unknown time for nothing or garbage', () => {
    expect(formatUtc(null)).toBe('an unknown time');
    expect(formatUtc('not a date', 'unknown time')).toBe('unknown time');
  });
});
