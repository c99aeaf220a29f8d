/**
 * STAND-IN for `lib/flow/outcome.ts` (the product-page capture's FlowOutcome), written before that
 * module was merged: the minimal shape verification reads. When the real module lands, import
 * `FlowOutcome` from there in lib/flow/verification.ts and lib/background/verification.ts and
 * delete this file; `summarizeOutcome` is the only place that reads an outcome's fields.
 * The product-page branch's type (kinds redirect-code, redirect-error, es-finish, es-cancel, es-error,
 * product-alert, none) is assignable to this one, so its handler can call startVerification as is.
 * No code VALUE is ever part of an outcome: a redirect with `code` is only `redirect-code`.
 */
export type FlowOutcome =
  | { kind: 'redirect-code' }
  | { kind: 'redirect-error'; error: string | null; reason: string | null; description?: string | null; code?: string | number | null }
  | { kind: 'es-finish'; variant: string }
  | { kind: 'es-cancel'; step: string | null; errorMessage?: string | null }
  | { kind: 'es-error'; step?: string | null; errorMessage?: string | null; errorId?: string | number | null }
  /** The product's own "Unable to connect WhatsApp phone numbers" alert. */
  | { kind: 'product-alert'; alert: string }
  | { kind: 'none' };
