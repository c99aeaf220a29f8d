/**
 * The receiving side's schema of a FlowOutcome (lib/flow/outcome.ts), for the `flow-outcome`
 * message and for anything that stores an outcome. Strict objects: an outcome with an extra field
 * (a code value, say) does not validate. Not for content scripts (zod).
 */
import { z } from 'zod';
import { ES_FINISH_VARIANTS, ES_STEPS, OUTCOME_LIMITS as L, type FlowOutcome } from './outcome';

const Word = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/);
const Scopes = z.array(z.string().regex(/^[a-z][a-z0-9_]{1,80}$/)).max(L.scopes).nullable();
const MetaId = z.string().regex(/^\d{1,32}$/).nullable();
const Step = z.enum(ES_STEPS).nullable();

export const FlowOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('redirect-code'), statePresent: z.boolean(), grantedScopes: Scopes, deniedScopes: Scopes }).strict(),
  z
    .object({
      kind: z.literal('redirect-error'),
      error: Word,
      reason: Word.nullable(),
      description: z.string().max(L.description).nullable(),
      code: Word.nullable(),
      grantedScopes: Scopes,
      deniedScopes: Scopes,
    })
    .strict(),
  z.object({ kind: z.literal('es-finish'), variant: z.enum(ES_FINISH_VARIANTS), wabaId: MetaId, phoneNumberId: MetaId, businessId: MetaId }).strict(),
  z.object({ kind: z.literal('es-cancel'), step: Step, stepRaw: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/).nullable(), errorMessage: z.null() }).strict(),
  z
    .object({ kind: z.literal('es-error'), event: z.enum(['ERROR', 'CANCEL']), errorMessage: z.string().max(L.errorMessage).nullable(), errorId: Word.nullable(), step: Step })
    .strict(),
  z.object({ kind: z.literal('product-alert'), alert: z.literal('unable-to-connect-numbers'), text: z.string().min(1).max(L.alertText) }).strict(),
  z.object({ kind: z.literal('none'), why: z.enum(['not-allowed', 'not-seen']) }).strict(),
]) satisfies z.ZodType<FlowOutcome>;
