import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rememberParsed, wasParsedBy } from './parsed';

describe('parsed objects', () => {
  const A = z.object({ n: z.number() });
  const B = z.object({ n: z.number() });
  it('knows the very object a parse returned, for that schema only', () => {
    const value = rememberParsed(A, A.parse({ n: 1 }));
    expect(wasParsedBy(A, value)).toBe(true);
    expect(wasParsedBy(B, value)).toBe(false);
    // An equal copy is not the parsed object.
    expect(wasParsedBy(A, { ...value })).toBe(false);
    expect(wasParsedBy(A, null)).toBe(false);
    expect(wasParsedBy(A, 1)).toBe(false);
  });
});
