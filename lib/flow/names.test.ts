import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAccount, nameKey, sameName } from './names';

const INVISIBLES = ['\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u061c', '\u200b', '\u200c', '\u200d', '\ufeff'];
const invisible = fc.constantFrom(...INVISIBLES);
const spaces = fc.constantFrom(' ', '  ', '\t', '\u00a0', '\n');
/** Names that contain at least one visible character. */
const visibleName = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => nameKey(s) !== '');

/** Sprinkles invisible characters between the characters of `s`. */
const sprinkled = (s: string) => fc.array(fc.option(invisible, { nil: '' }), { minLength: s.length + 1, maxLength: s.length + 1 }).map((marks) => [...s].map((ch, i) => (marks[i] ?? '') + ch).join('') + (marks[s.length] ?? ''));

describe('name matching (properties)', () => {
  it('is reflexive for every name with a visible character', () => {
    fc.assert(fc.property(visibleName, (s) => sameName(s, s)));
  });
  it('ignores bidi controls and zero-width characters anywhere', () => {
    fc.assert(fc.property(visibleName.chain((s) => fc.tuple(fc.constant(s), sprinkled(s))), ([s, marked]) => sameName(s, marked)));
  });
  it('ignores case', () => {
    fc.assert(fc.property(visibleName, (s) => sameName(s.toUpperCase(), s.toLowerCase())));
  });
  it('collapses and trims whitespace', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), { minLength: 1, maxLength: 5 }), fc.array(spaces, { minLength: 6, maxLength: 6 }), (words, gaps) =>
        sameName(words.join(' '), `${gaps[0]}${words.map((w, i) => w + (i < words.length - 1 ? gaps[(i % 4) + 1] : '')).join('')}${gaps[5]}`),
      ),
    );
  });
  it('is symmetric, and the key is idempotent', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => sameName(a, b) === sameName(b, a)));
    fc.assert(fc.property(fc.string(), (s) => nameKey(nameKey(s)) === nameKey(s)));
  });
  it('never matches a name made only of invisible characters and spaces', () => {
    fc.assert(fc.property(fc.array(fc.oneof(invisible, spaces), { maxLength: 10 }).map((a) => a.join('')), (s) => !sameName(s, s)));
  });
});

describe('name matching (cases)', () => {
  it.each([
    ['NFKC: full-width and ligatures', 'Ａｃｍｅ ﬁnance', 'acme finance', true],
    ['NFKC: composed vs decomposed accents', 'Clínica', 'Cli\u0301nica', true],
    ['case folding: ß and SS', 'Straße', 'STRASSE', true],
    ['bidi isolates around an Arabic name', '\u2067متجر\u2069', 'متجر', true],
    ['Arabic letter mark', 'متجر\u061c 1', 'متجر 1', true],
    ['non-breaking and doubled spaces', 'Acme\u00a0 Global', 'acme global', true],
    ['different names', 'Acme Global', 'Acme Globe', false],
    ['accents are not dropped', 'Clinica', 'Clínica', false],
  ])('%s', (_, a, b, same) => expect(sameName(a, b)).toBe(same));

  const screen = [
    { name: 'Acme Global', id: null },
    { name: 'Acme Sales', id: '100000000000002' },
    { name: 'Acme Sales', id: '100000000000003' },
  ];
  it('matches by id when the screen prints one', () => {
    expect(findAccount({ id: '100000000000003', name: 'Acme Sales' }, screen)).toEqual({ kind: 'found', entry: screen[2], by: 'id' });
  });
  it('an on-screen account with the same name but another id is another account', () => {
    expect(findAccount({ id: '100000000000009', name: 'Acme Sales' }, screen)).toEqual({ kind: 'missing' });
  });
  it('matches by name when the screen prints no id', () => {
    expect(findAccount({ id: '100000000000001', name: '  acme GLOBAL ' }, screen)).toEqual({ kind: 'found', entry: screen[0], by: 'name' });
  });
  it('two on-screen accounts matching one name are ambiguous', () => {
    const twice = [{ name: 'Acme Global', id: null }, { name: 'ACME\u200b GLOBAL', id: null }];
    expect(findAccount({ id: '1', name: 'Acme Global' }, twice)).toMatchObject({ kind: 'ambiguous', entries: twice });
  });
  it('the same id printed twice is ambiguous', () => {
    const twice = [{ name: 'A', id: '100000000000001' }, { name: 'B', id: '100000000000001' }];
    expect(findAccount({ id: '100000000000001', name: 'A' }, twice).kind).toBe('ambiguous');
  });
  it('without a name, only an id can match', () => {
    expect(findAccount({ id: '100000000000001', name: null }, screen)).toEqual({ kind: 'missing' });
  });
});
