import { describe, expect, it } from 'vitest';
import { displayText } from './display-text';

describe('displayText', () => {
  it('drops control characters and turns line breaks into spaces', () => {
    expect(displayText('Acme\u0000 Dental\nStatus: healthy\r\n\u001b[31mred\u0085')).toBe('Acme Dental Status: healthy [31mred');
  });

  it('drops bidi controls, isolates, the Arabic letter mark and zero-width characters', () => {
    expect(displayText('\u202eevil\u202c \u2066iso\u2069\u061c z\u200bw\ufeffj')).toBe('evil iso zwj');
  });

  it('replaces lone surrogates and keeps real pairs, emoji and right-to-left text', () => {
    expect(displayText('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
    expect(displayText('🇸🇦 مرحبا שלום 😀')).toBe('🇸🇦 مرحبا שלום 😀');
  });

  it('clips long text without splitting a character', () => {
    const long = '😀'.repeat(5000);
    const shown = displayText(long, 201);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(201);
    expect(/[\ud800-\udbff]…$/.test(shown)).toBe(false);
    expect(displayText('x'.repeat(10_000)).length).toBe(200);
  });

  it('leaves markup-looking text as the same characters (it is shown as text, never parsed)', () => {
    expect(displayText('<img src=x onerror="alert(1)">')).toBe('<img src=x onerror="alert(1)">');
    expect(displayText('Acme’s “main” line')).toBe('Acme’s “main” line');
  });
});
