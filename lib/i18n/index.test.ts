import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setUiLocale } from '../../tests/support/i18n';
import { formatNumber, messageLocale, plural, t, template } from './index';

describe('the extension’s words', () => {
  it('are English by default, with named values filled in', () => {
    expect(messageLocale()).toBe('en');
    expect(t('access.allowOn', { host: 'app.example.com' })).toBe('Allow on app.example.com');
    expect(template('access.allowOn')).toBe('Allow on {host}');
  });

  it('follow the browser’s language', () => {
    setUiLocale('es');
    expect(messageLocale()).toBe('es');
    expect(t('options.save')).toBe('Guardar');
    setUiLocale('pt_BR');
    expect(messageLocale()).toBe('pt-BR');
    expect(t('options.save')).toBe('Salvar');
  });

  it('a value that looks like a placeholder is shown as written, never filled in again', () => {
    expect(t('access.allowOn', { host: '{host} $1 $$' })).toBe('Allow on {host} $1 $$');
  });

  it('plurals follow Intl.PluralRules of the messages’ language, with the number formatted for it', () => {
    expect(plural('count.day', 1)).toBe('1 day');
    expect(plural('count.day', 0)).toBe('0 days');
    expect(plural('count.day', 1500)).toBe('1,500 days');
    setUiLocale('fr');
    // French: 0 and 1 are singular; a million takes "de".
    expect(plural('count.day', 0)).toBe('0 jour');
    expect(plural('count.day', 1)).toBe('1 jour');
    expect(plural('count.day', 2)).toBe('2 jours');
    expect(plural('count.day', 1_000_000)).toBe(`${formatNumber(1_000_000)} de jours`);
    setUiLocale('de');
    expect(plural('count.workspace', 1500)).toBe('1.500 Workspaces');
    setUiLocale('pt_BR');
    expect(plural('count.day', 0)).toBe('0 dia');
  });

  it('a category the file lacks falls back to "other"', () => {
    const getMessage = fakeBrowser.i18n.getMessage;
    fakeBrowser.i18n.getMessage = ((name: string) => (name === 'count_day_one' ? '' : getMessage(name))) as typeof getMessage;
    expect(plural('count.day', 1)).toBe('1 days');
  });

  it('says so when the browser has no i18n API', () => {
    const saved = fakeBrowser.i18n;
    Object.assign(fakeBrowser, { i18n: undefined });
    try {
      expect(() => plural('count.day', 1)).toThrow(/i18n API is not available here \(message locale\)/);
    } finally {
      Object.assign(fakeBrowser, { i18n: saved });
    }
  });
});
