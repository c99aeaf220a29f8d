import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { META_FIXTURES_DIR } from '../../tests/support/meta-fixtures';
import { TOKEN_DIALOG_RULES } from './rules/token-dialog';
import { assertValidTokenDialogRules } from './rules/token-dialog-schema';
import { mayHoldToken, readTokenDialog } from './token-dialog';

const TOKEN = 'TESTTOKENxQ9vR2mK7pL4sT8wZ1yB6nC3dF5gH0jA2eU7iO9qW4rY6tP1aS3dF8gJ0kL5zX';
const fixture = (name: string) => new DOMParser().parseFromString(readFileSync(join(META_FIXTURES_DIR, 'token-dialog', name), 'utf8'), 'text/html');
const doc = (lang: string, body: string) => new DOMParser().parseFromString(`<html lang="${lang}"><body><div role="dialog">${body}</div></body></html>`, 'text/html');

describe('token dialog rules', () => {
  it('are valid for every language', () => {
    expect(() => assertValidTokenDialogRules(TOKEN_DIALOG_RULES)).not.toThrow();
    expect(Object.keys(TOKEN_DIALOG_RULES).sort()).toEqual(['en', 'es', 'pt-BR']);
  });
  it('a broken rule fails loudly', () => {
    expect(() => assertValidTokenDialogRules({ en: { ...TOKEN_DIALOG_RULES.en, never: ['{bogus}'] } })).toThrow(/never/);
  });
});

describe('readTokenDialog', () => {
  it('reads app, expiration and permission checkboxes (English)', () => {
    expect(readTokenDialog(fixture('generate-token.en.html'))).toEqual({
      kind: 'token-dialog',
      locale: 'en',
      lang: 'en',
      confidence: 'high',
      evidence: ['token-dialog:title', 'token-dialog:permission-checkboxes', 'token-dialog:expiration', 'token-dialog:app-picker'],
      phase: 'choosing',
      appChosen: 'Acme Helpdesk',
      expiration: '60-days',
      permissions: [
        { scope: 'business_management', granted: false },
        { scope: 'catalog_management', granted: false },
        { scope: 'whatsapp_business_management', granted: true },
        { scope: 'whatsapp_business_messaging', granted: false },
      ],
      busy: false,
    });
  });

  it('reads Spanish and Portuguese dialogs, with an ARIA combobox and role=radio options', () => {
    const es = doc('es', `<h2>Generar nuevo token</h2><div role="combobox" aria-label="Seleccionar app">Acme Helpdesk</div>
      <div role="radio" aria-checked="true">Nunca</div><div role="radio" aria-checked="false">60 días</div>
      <label><input type="checkbox" checked> whatsapp_business_messaging</label>`);
    expect(readTokenDialog(es)).toMatchObject({ kind: 'token-dialog', locale: 'es', appChosen: 'Acme Helpdesk', expiration: 'never', permissions: [{ scope: 'whatsapp_business_messaging', granted: true }] });
    const pt = doc('pt-BR', `<h2>Gerar token</h2><label for="a">Selecionar app</label><select id="a"><option>Outro</option><option selected>Acme Helpdesk</option></select>
      <label for="e">Expiração do token</label><select id="e"><option selected>60 dias</option><option>Nunca</option></select>`);
    expect(readTokenDialog(pt)).toMatchObject({ kind: 'token-dialog', locale: 'pt-BR', appChosen: 'Acme Helpdesk', expiration: '60-days', permissions: [] });
  });

  it('says unknown for what it cannot tell: no app chosen, both or no expiration on', () => {
    const r = readTokenDialog(doc('en', `<h2>Generate token</h2><div role="combobox" aria-label="Select app"></div>
      <div role="radio" aria-checked="true">Never</div><div role="radio" aria-checked="true">60 days</div>`));
    expect(r).toMatchObject({ kind: 'token-dialog', appChosen: null, expiration: null });
  });

  it('is unknown on the system users page without the dialog (a lone "Generate token" button)', () => {
    expect(readTokenDialog(doc('en', '<div role="button">Generate token</div><p>System users</p>')).kind).toBe('unknown');
  });

  it('recognises the generated phase, and the token reaches no part of the reading', () => {
    const page = fixture('generated.en.html');
    expect(page.documentElement.outerHTML).toContain(TOKEN);
    const reading = readTokenDialog(page);
    expect(reading).toMatchObject({ kind: 'token-dialog', phase: 'generated' });
    const json = JSON.stringify(reading);
    // Neither the token nor any 12-character piece of it.
    for (let i = 0; i + 12 <= TOKEN.length; i++) expect(json).not.toContain(TOKEN.slice(i, i + 12));
  });

  it('never reads the token even when a picker or a label points at it', () => {
    const r = readTokenDialog(doc('en', `<h2>Generate token</h2><span id="t">${TOKEN}</span>
      <div role="combobox" aria-label="Select app">${TOKEN}</div><input type="checkbox" aria-labelledby="t"><div role="radio" aria-checked="true">Never</div>`));
    expect(JSON.stringify(r)).not.toContain(TOKEN.slice(0, 16));
  });

  it('treats every element that could hold the token as invisible', () => {
    const d = doc('en', `<textarea>x</textarea><input type="text"><input type="checkbox"><div contenteditable>x</div><span>${TOKEN}</span><span>Never</span>`);
    const flags = Array.from(d.querySelectorAll('textarea, input, [contenteditable], span')).map(mayHoldToken);
    expect(flags).toEqual([true, true, false, true, true, false]);
  });
});
