/** zod schema of the "Generate new token" rules (token-dialog.ts), for tests and the CLI only. */
import { z } from 'zod';
import { PatternSchema } from './schema';
import { RULE_LOCALES } from './types';
import type { TokenDialogRules } from './token-dialog';

const Patterns = z.array(PatternSchema).min(1);

export const TokenDialogRulesSchema = z.strictObject({
  locale: z.enum(RULE_LOCALES),
  version: z.number().int().min(1),
  titles: Patterns,
  appLabels: Patterns,
  expirationLabels: Patterns,
  never: Patterns,
  sixtyDays: Patterns,
  permissionsLabels: Patterns,
  generated: Patterns,
});

export function assertValidTokenDialogRules(rules: Record<string, TokenDialogRules>): void {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(rules)) {
    const result = TokenDialogRulesSchema.safeParse(value);
    if (!result.success) for (const issue of result.error.issues) problems.push(`${key}: ${issue.path.join('.')}: ${issue.message}`);
    else if (value.locale !== key) problems.push(`${key}: locale is ${value.locale}`);
  }
  if (problems.length > 0) throw new Error(`invalid token-dialog rules:\n${problems.join('\n')}`);
}
