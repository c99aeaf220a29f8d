/**
 * `POST /v1/flow-reports`: the extension reports one observed reconnect attempt.
 *
 * Privacy: this is the only thing read from Meta's pages that leaves the browser, so it carries
 * the minimum: which WABAs and permissions were selected (by name and id where known) and how the
 * flow ended. No page text beyond those names, no tokens, no codes.
 */
import { z } from 'zod';
import { API_VERSION, MetaId, ProductId, ScopeName, Text, Timestamp } from './common';

/** A machine-readable code: letters, digits and `_ . : -`, at most 64 characters. */
const Code = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'a code uses letters, digits and _ . : - only (at most 64)');

export const FlowOutcome = z.enum(['completed', 'cancelled', 'error', 'abandoned', 'unknown']);
export type FlowOutcome = z.infer<typeof FlowOutcome>;

export const FlowReport = z.object({
  workspaceId: ProductId,
  startedAt: Timestamp,
  endedAt: Timestamp,
  source: z.enum(['oauth-dialog', 'embedded-signup', 'hosted-embedded-signup']),
  outcome: FlowOutcome,
  /** Embedded Signup `current_step` on CANCEL, e.g. `PERMISSIONS`. */
  currentStep: Code.nullable().default(null),
  /**
   * How the flow failed, as a code, never Meta's free text (which can carry names and ids): the
   * redirect's `error` / `error_reason` (`access_denied`, `user_denied`), the Embedded Signup
   * `error_id`, or the rule id of the dialog alert that was shown (`admin-permission-required`).
   */
  errorCode: Code.nullable().default(null),
  businessId: MetaId.nullable().default(null),
  wabaMode: z.enum(['all', 'selected']).nullable().default(null),
  wabas: z
    .array(
      z.object({
        id: MetaId.nullable(),
        name: Text(200).nullable(),
        selected: z.boolean().nullable(),
      }),
    )
    .max(500)
    .default([]),
  permissions: z
    .array(z.object({ scope: ScopeName, granted: z.boolean().nullable() }))
    .max(50)
    .default([]),
  /** Kinds of alerts seen in the dialog (e.g. `not-admin`), not their text. */
  alerts: z.array(Code).max(20).default([]),
});
export type FlowReport = z.input<typeof FlowReport>;
export type FlowReportParsed = z.output<typeof FlowReport>;

export const FlowReportAccepted = z.object({
  apiVersion: z.literal(API_VERSION),
  id: ProductId,
  receivedAt: Timestamp,
});
export type FlowReportAccepted = z.infer<typeof FlowReportAccepted>;
