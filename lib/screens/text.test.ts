import { describe, expect, it } from 'vitest';
import { clip, matchText, normalizeText } from './text';

describe('normalizeText', () => {
  it('collapses whitespace, NBSPs, zero-width and bidi marks; straightens quotes', () => {
    expect(normalizeText('  Review\u00a0Acme\u200b’s \n access\trequest ')).toBe("Review Acme's access request");
    expect(normalizeText('\u202aAcme\u202c “Helpdesk”')).toBe('Acme "Helpdesk"');
  });
  it('rejoins text split by element boundaries', () => {
    expect(normalizeText('Reconnect to Acme ?')).toBe('Reconnect to Acme?');
    expect(normalizeText('¿ Volver a conectarte a Acme ?')).toBe('¿Volver a conectarte a Acme?');
    expect(normalizeText("Review Acme 's access request")).toBe("Review Acme's access request");
  });
});

describe('matchText', () => {
  it('exact: whole text, case-insensitive, trailing period optional, captures the app name with its case', () => {
    expect(matchText('reconnect to Acme Helpdesk?', ['Reconnect to {app}?'], 'exact')).toEqual({ pattern: 'Reconnect to {app}?', captures: { app: 'Acme Helpdesk' } });
    expect(matchText('Choose the WhatsApp accounts you want Acme to access', ['Choose the WhatsApp accounts you want {app} to access.'], 'exact')?.captures).toEqual({ app: 'Acme' });
    expect(matchText('Reconnect to Acme Helpdesk? Or not', ['Reconnect to {app}?'], 'exact')).toBeNull();
    expect(matchText('Reconnect to Acme Helpdesk', ['Reconnect to {app}?'], 'exact')).toBeNull();
  });
  it('prefix: followed by the end, a space or punctuation, never by more letters', () => {
    expect(matchText('Full control (Everything)', ['Full control'], 'prefix')).not.toBeNull();
    expect(matchText('Full controls', ['Full control'], 'prefix')).toBeNull();
  });
  it('contains: on word boundaries inside longer messages', () => {
    expect(matchText('Error. Admin permission required – please ask', ['Admin permission required'], 'contains')).not.toBeNull();
    expect(matchText('NotAdmin permission required', ['Admin permission required'], 'contains')).toBeNull();
  });
  it('{n} and {id} only capture digits', () => {
    expect(matchText('12 assets selected', ['{n} assets selected'], 'exact')?.captures).toEqual({ n: '12' });
    expect(matchText('twelve assets selected', ['{n} assets selected'], 'exact')).toBeNull();
    expect(matchText('ID: 1234', ['ID: {id}'], 'exact')).toBeNull();
    expect(matchText('ID: 100000000000101', ['ID: {id}'], 'exact')?.captures).toEqual({ id: '100000000000101' });
  });
  it('treats pattern text literally (no regex injection from a pack)', () => {
    expect(matchText('a.c', ['a.c'], 'exact')).not.toBeNull();
    expect(matchText('abc', ['a.c'], 'exact')).toBeNull();
    expect(matchText('(x)+', ['(x)+'], 'exact')).not.toBeNull();
  });
  it('returns null for empty text or no patterns', () => {
    expect(matchText('   ', ['x'], 'exact')).toBeNull();
    expect(matchText('x', [], 'exact')).toBeNull();
  });
});

describe('clip', () => {
  it('bounds page text', () => {
    expect(clip('a'.repeat(500), 10)).toBe(`${'a'.repeat(9)}…`);
    expect(clip('  short  ')).toBe('short');
  });
  it('never cuts a surrogate pair in half', () => {
    const clipped = clip(`abcd${'😀'.repeat(10)}`, 6); // the cut falls inside the first emoji
    expect(clipped).toBe('abcd…');
    expect(clip(`abc${'😀'.repeat(10)}`, 6)).toBe('abc😀…');
    expect(clipped.isWellFormed()).toBe(true);
  });
  it('drops bidi isolates, overrides and the Arabic letter mark', () => {
    expect(normalizeText('\u2066Acme\u2069 \u2067Sales\u2069\u2068\u202eenil\u202c\u061c')).toBe('Acme Salesenil');
  });
});
