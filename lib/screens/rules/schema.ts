/**
 * zod schema of the rule-pack format (types.ts). Used by tests and the CLI, never by content scripts
 * (they must not pull in zod). It enforces the rules about rules:
 *   - selectors name elements, roles and stable attributes only: no class, no id, no position
 *     (Meta's classes and ids are generated; positions change with every redesign);
 *   - text patterns use only the known placeholders, and the ones a field needs ({n} in counters,
 *     {id} in id labels);
 *   - both WhatsApp scopes are mapped exactly once; alert rule ids are unique.
 */
import { z } from 'zod';
import { WHATSAPP_SCOPES } from '../../meta/whatsapp-scopes';
import { ALERT_KINDS, RULE_LOCALES, type RulePack } from './types';

const PLACEHOLDERS = new Set(['app', 'name', 'business', 'n', 'id']);

/** A selector without quoted attribute values, for the structural checks below. */
const unquoted = (selector: string) => selector.replace(/"[^"]*"|'[^']*'/g, '""');

export const SelectorSchema = z
  .string()
  .min(1)
  .max(500)
  .refine((s) => !/\.[A-Za-z_-]/.test(unquoted(s)), { message: 'class selectors are not allowed (Meta class names are generated)' })
  .refine((s) => !unquoted(s).includes('#'), { message: 'id selectors are not allowed (Meta ids are generated)' })
  .refine((s) => !/:(?:nth-|first-|last-|only-)/.test(unquoted(s)), { message: 'positional pseudo-classes are not allowed' })
  .refine((s) => !/[>+~]/.test(unquoted(s)), { message: 'combinators that encode structure or position are not allowed' })
  .refine((s) => !/\[\s*class\s*[~|^$*]?=/.test(s) && !/\[\s*id\s*[~|^$*]?=/.test(s), { message: 'class/id attribute selectors are not allowed' });

export const PatternSchema = z
  .string()
  .min(1)
  .max(300)
  .refine((p) => p.trim() === p, { message: 'pattern has leading/trailing whitespace' })
  .refine((p) => [...p.matchAll(/\{([^{}]*)\}/g)].every((m) => PLACEHOLDERS.has(m[1] as string)), { message: `unknown placeholder (allowed: ${[...PLACEHOLDERS].join(', ')})` })
  .refine((p) => p.replace(/\{[^{}]*\}/g, '').search(/[{}]/) === -1, { message: 'unbalanced brace' })
  .refine((p) => p.replace(/\{[^{}]*\}/g, '').trim() !== '', { message: 'a pattern must contain literal text, not only placeholders' });

const Patterns = z.array(PatternSchema).min(1);
const withPlaceholder = (name: string) => z.array(PatternSchema.refine((p) => p.includes(`{${name}}`), { message: `must contain {${name}}` })).min(1);

export const AriaRulesSchema = z.strictObject({
  dialogs: SelectorSchema,
  toggleControls: SelectorSchema,
  checkboxes: SelectorSchema,
  radios: SelectorSchema,
  options: SelectorSchema,
  items: SelectorSchema,
  headings: SelectorSchema,
  actions: SelectorSchema,
  alerts: SelectorSchema,
  busy: SelectorSchema,
  current: SelectorSchema,
  navigation: SelectorSchema,
  personRows: SelectorSchema,
  accountRows: SelectorSchema,
  comboboxes: SelectorSchema,
});

export const RulePackSchema = z.strictObject({
  locale: z.enum(RULE_LOCALES),
  version: z.number().int().min(1),
  langs: z.array(z.string().regex(/^[a-z]{2,3}$/, 'primary language subtag, lower case')).min(1),
  aria: AriaRulesSchema,
  reconnect: z.strictObject({ titles: Patterns, body: Patterns, editPrevious: Patterns }),
  businessSelection: z.strictObject({ titles: Patterns, fieldLabels: Patterns, unavailable: Patterns }),
  wabaSelection: z.strictObject({
    titles: Patterns,
    modeAll: Patterns,
    modeSelected: Patterns,
    counter: withPlaceholder('n'),
    nonAssetControls: Patterns,
  }),
  permissionsReview: z.strictObject({
    titles: Patterns,
    scopes: z
      .array(z.strictObject({ scope: z.enum(WHATSAPP_SCOPES), labels: Patterns }))
      .refine((list) => WHATSAPP_SCOPES.every((s) => list.filter((e) => e.scope === s).length === 1), { message: 'each WhatsApp scope must be mapped exactly once' }),
    stateOn: Patterns,
    stateOff: Patterns,
  }),
  success: z.strictObject({ texts: Patterns, finish: Patterns }),
  alerts: z
    .array(
      z.strictObject({
        kind: z.enum(ALERT_KINDS).exclude(['unrecognized']),
        rule: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'rule ids are kebab-case'),
        blocking: z.boolean(),
        texts: Patterns,
      }),
    )
    .min(1)
    .refine((list) => new Set(list.map((a) => a.rule)).size === list.length, { message: 'alert rule ids must be unique' })
    .refine((list) => list.some((a) => a.kind === 'not-admin'), { message: 'a pack must recognise not-admin errors' }),
  idLabels: withPlaceholder('id'),
  people: z.strictObject({ titles: Patterns, columnHeaders: Patterns, self: Patterns, fullControl: Patterns, partialAccess: Patterns }),
  wabaPage: z.strictObject({ titles: Patterns }),
});

/** Validates packs; throws one error listing every problem with its path (for the CLI and tests). */
export function assertValidPacks(packs: readonly RulePack[]): void {
  const problems: string[] = [];
  for (const pack of packs) {
    const result = RulePackSchema.safeParse(pack);
    if (!result.success) for (const issue of result.error.issues) problems.push(`${String(pack.locale)}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const locales = packs.map((p) => p.locale);
  if (new Set(locales).size !== locales.length) problems.push(`duplicate pack locales: ${locales.join(', ')}`);
  if (problems.length > 0) throw new Error(`invalid rule packs:\n${problems.join('\n')}`);
}
