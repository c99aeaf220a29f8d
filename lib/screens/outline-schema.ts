/** zod schema of a screen outline (./outline.ts), for the CLI and tests only (content scripts carry no zod). */
import { z } from 'zod';
import { OUTLINE_FORMAT, OUTLINE_MAX_NODES, OUTLINE_VERSION, type OutlineElement, type ScreenOutline } from './outline';

const OutlineElementSchema: z.ZodType<OutlineElement> = z.lazy(() =>
  z
    .object({
      tag: z.string().regex(/^[a-z][a-z0-9]{0,15}$/),
      role: z.string().regex(/^[a-z]{2,30}$/).optional(),
      aria: z.record(z.string().regex(/^[a-z]{2,20}$/), z.string().regex(/^[a-z0-9-]{1,20}$/i)).optional(),
      label: z.string().max(2000).optional(),
      checked: z.boolean().optional(),
      disabled: z.boolean().optional(),
      type: z.enum(['checkbox', 'radio']).optional(),
      children: z.array(z.union([z.string().max(5000), OutlineElementSchema])).max(OUTLINE_MAX_NODES).optional(),
    })
    .strict(),
);

export const ScreenOutlineSchema: z.ZodType<ScreenOutline> = z
  .object({
    format: z.literal(OUTLINE_FORMAT),
    version: z.literal(OUTLINE_VERSION),
    lang: z.string().max(35).nullable(),
    names: z.number().int().min(0),
    truncated: z.boolean(),
    root: OutlineElementSchema,
  })
  .strict();

/** Parses an outline; a clear message on what is wrong (never throws). */
export function parseOutline(raw: unknown): { ok: true; outline: ScreenOutline } | { ok: false; error: string } {
  const parsed = ScreenOutlineSchema.safeParse(raw);
  if (parsed.success) return { ok: true, outline: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `not a screen outline: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'invalid'}` };
}
