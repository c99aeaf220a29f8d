import { describe, expect, it } from 'vitest';
import { en } from './en';
import { PACKS, normalizeLang, packsFor } from './index';
import { assertValidPacks, PatternSchema, RulePackSchema, SelectorSchema } from './schema';
import type { RulePack } from './types';

const clone = (pack: RulePack): RulePack => structuredClone(pack);

describe('rule packs', () => {
  it.each(PACKS.map((p) => [p.locale, p] as const))('%s validates against the pack schema', (_locale, pack) => {
    const result = RulePackSchema.safeParse(pack);
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  it('all validate together (unique locales)', () => {
    expect(() => assertValidPacks(PACKS)).not.toThrow();
    expect(() => assertValidPacks([en, en])).toThrow(/duplicate pack locales/);
  });

  it.each(PACKS.map((p) => [p.locale, p] as const))('%s selectors are valid CSS in a real DOM', (_locale, pack) => {
    for (const [name, selector] of Object.entries(pack.aria)) {
      expect(() => document.querySelectorAll(selector), name).not.toThrow();
    }
  });

  it('every pack knows the same alert rules (a rule missing in one language would silently miss there)', () => {
    const rules = (p: RulePack) => p.alerts.map((a) => `${a.kind}/${a.rule}/${a.blocking}`).sort();
    for (const pack of PACKS) expect(rules(pack), pack.locale).toEqual(rules(en));
  });

  it('every pack maps the same scopes', () => {
    for (const pack of PACKS) expect(pack.permissionsReview.scopes.map((s) => s.scope).sort()).toEqual(en.permissionsReview.scopes.map((s) => s.scope).sort());
  });

  it('quotes Meta’s English strings exactly (docs/meta-platform.md §2.2/§2.3)', () => {
    expect(en.reconnect.titles).toContain('Reconnect to {app}?');
    expect(en.reconnect.editPrevious).toContain('Edit previous settings');
    expect(en.wabaSelection.titles).toContain('Choose the WhatsApp accounts you want {app} to access.');
    expect(en.wabaSelection.modeAll).toEqual(expect.arrayContaining(['Opt in to all current and future WhatsApp accounts', 'Activate all current and future WhatsApp accounts']));
    expect(en.wabaSelection.modeSelected).toContain('Opt in to current WhatsApp accounts only');
    expect(en.wabaSelection.counter).toContain('{n} asset selected');
    expect(en.permissionsReview.titles).toContain("Review {app}'s access request");
    expect(en.alerts.flatMap((a) => a.texts)).toEqual(expect.arrayContaining(['Admin permission required', 'User does not have permission to create WhatsApp Business Accounts']));
  });
});

describe('pack schema rejects what rules must not contain', () => {
  it.each([
    ['a generated class', '[role="dialog"].x1n2onr6'],
    ['a class only', '.x9f619'],
    ['an id', '#mount_0_0_Qa'],
    ['a position', 'div:nth-child(3)'],
    ['first-child', 'li:first-child'],
    ['a child combinator', 'div > span'],
    ['a sibling combinator', 'label + input'],
    ['a class attribute', '[class*="x1n2"]'],
  ])('selector with %s', (_label, selector) => {
    expect(SelectorSchema.safeParse(selector).success).toBe(false);
  });

  it('accepts roles and stable attributes, with dots inside quoted values', () => {
    expect(SelectorSchema.safeParse('[role="checkbox"], input[type="checkbox"], [aria-label="v1.2"]').success).toBe(true);
  });

  it.each([
    ['an unknown placeholder', 'Reconnect to {application}?'],
    ['an unbalanced brace', 'Reconnect to {app?'],
    ['only a placeholder', '{app}'],
    ['padding', ' Reconnect to {app}?'],
  ])('pattern with %s', (_label, pattern) => {
    expect(PatternSchema.safeParse(pattern).success).toBe(false);
  });

  it('a counter without {n} and an id label without {id}', () => {
    const bad = clone(en);
    bad.wabaSelection.counter = ['assets selected'];
    bad.idLabels = ['ID:'];
    const issues = RulePackSchema.safeParse(bad).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(issues).toEqual(expect.arrayContaining(['wabaSelection.counter.0', 'idLabels.0']));
  });

  it('a pack missing a scope, or mapping one twice', () => {
    const bad = clone(en);
    bad.permissionsReview.scopes = [bad.permissionsReview.scopes[0] as RulePack['permissionsReview']['scopes'][number], bad.permissionsReview.scopes[0] as RulePack['permissionsReview']['scopes'][number]];
    expect(RulePackSchema.safeParse(bad).success).toBe(false);
  });

  it('duplicate alert rule ids, unknown keys, empty lists', () => {
    const dup = clone(en);
    dup.alerts = [...dup.alerts, dup.alerts[0] as RulePack['alerts'][number]];
    expect(RulePackSchema.safeParse(dup).success).toBe(false);
    expect(RulePackSchema.safeParse({ ...clone(en), extra: 1 }).success).toBe(false);
    const empty = clone(en);
    empty.reconnect.titles = [];
    expect(RulePackSchema.safeParse(empty).success).toBe(false);
  });

  it('assertValidPacks names the pack and path of every problem', () => {
    const bad = clone(en);
    bad.aria.dialogs = '.x1';
    expect(() => assertValidPacks([bad])).toThrow(/en: aria\.dialogs: class selectors are not allowed/);
  });
});

describe('language → pack', () => {
  it.each([
    ['en', 'en'],
    ['en-US', 'en'],
    ['en_GB', 'en'],
    ['es', 'es'],
    ['es-ES', 'es'],
    ['es-LA', 'es'],
    ['es_LA', 'es'],
    ['pt-BR', 'pt-BR'],
    ['pt_BR', 'pt-BR'],
    ['PT-br', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
  ])('%s picks %s alone', (lang, locale) => {
    expect(packsFor(lang)).toEqual({ packs: [PACKS.find((p) => p.locale === locale)], fallback: false });
  });
  it.each([[null], [''], ['de-DE'], ['zh-TW'], ['not a lang'], ['en US']])('%s falls back to every pack', (lang) => {
    expect(packsFor(lang)).toEqual({ packs: PACKS, fallback: true });
  });
  it('normalises lang tags', () => {
    expect(normalizeLang(' pt_BR ')).toBe('pt-br');
    expect(normalizeLang('x'.repeat(50))).toBeNull();
  });
});
