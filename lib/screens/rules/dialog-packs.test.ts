import { describe, expect, it } from 'vitest';
import * as dialog from './dialog-packs';
import { PACKS as ALL, packsFor } from './index';

describe('the login-dialog script’s packs (English in the bundle, the others installed)', () => {
  it('starts with English alone, and says which languages need the others', () => {
    expect(dialog.PACKS.map((p) => p.locale)).toEqual(['en']);
    expect(dialog.hasOwnPack('en-GB')).toBe(true);
    for (const lang of ['es-LA', 'pt_BR', 'fr', '', null]) expect(dialog.hasOwnPack(lang), String(lang)).toBe(false);
  });

  it('installs the chunk’s packs once, in the order every other bundle reads them', () => {
    const english = dialog.PACKS[0];
    dialog.installPacks(ALL.filter((p) => p.locale !== 'en').reverse());
    expect(dialog.PACKS.map((p) => p.locale)).toEqual(['pt-BR', 'es', 'en']);
    dialog.installPacks(ALL);
    expect(dialog.PACKS[0]).toBe(english);
    expect(dialog.PACKS.map((p) => p.locale)).toEqual(ALL.map((p) => p.locale));
    for (const lang of ['es-ES', 'pt-BR', 'de', null]) expect(dialog.packsFor(lang), String(lang)).toEqual(packsFor(lang));
    expect(dialog.hasOwnPack('es')).toBe(true);
  });

  it('exports what the full index exports, so the build can put one in the other’s place', async () => {
    const index = await import('./index');
    expect(Object.keys(dialog).filter((k) => !['hasOwnPack', 'installPacks'].includes(k)).sort()).toEqual(Object.keys(index).sort());
  });
});
