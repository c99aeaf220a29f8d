/**
 * `POST /v1/flow-reports`: the extension reports one observed reconnect attempt.
 *
 * Privacy: this is the only thing read from Meta's pages that leaves the browser, so it carries
 * the minimum: which WABAs and permissions were selected (by name and id where known) and how the
 * flow ended. No page text beyond those names, no tokens, no codes.
 */
import { z } from 'zod';
import { API_VERSION, MetaId, ProductId, ScopeName, Text, Timestamp } from './common';

export const FlowOutcome = z.enum(['completed', 'cancelled', 'error', 'abandoned', 'unknown']);
export type FlowOutcome = z.infer<typeof FlowOutcome>;

export const FlowReport = z.object({
  workspaceId: ProductId,
  startedAt: Timestamp,
  endedAt: Timestamp,
  source: z.enum(['oauth-dialog', 'embedded-signup', 'hosted-embedded-signup']),
  outcome: FlowOutcome,
  /** Embedded Signup `current_step` on CANCEL, e.g. `PERMISSIONS`. */
  currentStep: Text(64).nullable().default(null),
  /** Meta's own error text on an Embedded Signup error, or the redirect's `error_reason`. */
  errorMessage: Text(500).nullable().default(null),
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
  alerts: z.array(Text(64)).max(20).default([]),
});
export type FlowReport = z.input<typeof FlowReport>;
export type FlowReportParsed = z.output<typeof FlowReport>;

export const FlowReportAccepted = z.object({
  apiVersion: z.literal(API_VERSION),
  id: ProductId,
  receivedAt: Timestamp,
});
export type FlowReportAccepted = z.infer<typeof FlowReportAccepted>;
