import { describe, expect, it } from 'vitest';
import { isMetaId, MIN_ID_DIGITS_ON_PAGE, metaIdOrNull } from './ids';

describe('Meta ids', () => {
  it('are 1 to 32 digits, nothing else', () => {
    expect(['1', '100000000000001', '9'.repeat(32)].every(isMetaId)).toBe(true);
    expect(['', '9'.repeat(33), '12a', '-1', ' 1', 1].some(isMetaId)).toBe(false);
  });
  it('a value around white space is read; on a page a short number is not an id', () => {
    expect(metaIdOrNull(' 100000000000001 ')).toBe('100000000000001');
    expect(metaIdOrNull(null)).toBeNull();
    expect(metaIdOrNull('1', MIN_ID_DIGITS_ON_PAGE)).toBeNull();
    expect(metaIdOrNull('12345', MIN_ID_DIGITS_ON_PAGE)).toBe('12345');
  });
});
