/**
 * A verification (lib/flow/verification.ts) in words, state first: the popup's "Last reconnect"
 * part and the one notification per verified reconnect. Pure; plain text, never markup.
 */
import { t } from '../i18n';
import { differenceWords } from './before-after-words';
import type { OutcomeSummary, Verification } from './verification';

/** Embedded Signup `current_step` values, as the screens are called (docs/meta-platform.md §1.4). */
const STEPS: Record<string, string> = {
  BUSINESS_ACCOUNT_SELECTION: 'the business portfolio step',
  WABA_PHONE_PROFILE_PICKER: 'the WhatsApp account step',
  WHATSAPP_BUSINESS_PROFILE_SETUP: 'the WhatsApp account creation step',
  PHONE_NUMBER_SETUP: 'the phone number step',
  PHONE_NUMBER_VERIFICATION: 'the phone number verification step',
  PERMISSIONS: 'the permissions step',
};

export function stoppedWhere(outcome: OutcomeSummary): string {
  if (outcome.step) return `stopped at ${STEPS[outcome.step] ?? `the step Meta calls ${outcome.step}`}`;
  if (outcome.errorCode === 'access_denied') return `was cancelled in Meta's dialog (${outcome.errorReason ?? 'access_denied'})`;
  if (outcome.ended === 'failed') return `ended with an error in Meta's dialog${outcome.errorCode ? ` (${outcome.errorCode})` : ''}`;
  return 'was cancelled';
}

export type VerificationState = 'verifying' | 'waiting-backend' | 'verified' | 'access-reduced' | 'timeout' | 'not-run' | 'abandoned' | 'unverified';

export interface VerificationWords {
  state: VerificationState;
  /** The state in words, first. */
  headline: string;
  lines: string[];
  problems: string[];
  /** A retry action is offered. */
  retry: boolean;
}

export const NO_TOKEN_YET = 'Meta returned, but the product has not stored a new token yet';

export function verificationWords(v: Verification): VerificationWords {
  const none = { lines: [] as string[], problems: [] as string[], retry: false };
  const r = v.result;
  if (!r) {
    if (v.downSince !== null) return { ...none, state: 'waiting-backend', headline: `Waiting for the backend to answer, then verifying the reconnect${v.lastFailure ? ` (${v.lastFailure})` : ''}.` };
    if (v.phase === 'grace') return { ...none, state: 'verifying', headline: 'The reconnect window closed without a result: asking the backend shortly whether a new token arrived.' };
    if (v.phase === 'recheck-health') return { ...none, state: 'verifying', headline: 'New token stored; a WhatsApp account reported a health problem, checking it once more (a number can still be provisioning).' };
    return { ...none, state: 'verifying', headline: v.tokenSeen ? 'New token stored; waiting for the backend’s check of it.' : 'Verifying: waiting for the product to store the new token.' };
  }
  switch (r.kind) {
    case 'verified': {
      const words = differenceWords(r.difference);
      const caveat = r.tokenConfirmed ? [] : ['The backend does not say when it stored the token, so this check may still be of the old one.'];
      return { state: r.difference.accessReduced ? 'access-reduced' : 'verified', headline: `Verified: ${words.headline}`, lines: [...caveat, ...words.lines], problems: words.problems, retry: false };
    }
    case 'timeout':
      return { ...none, state: 'timeout', headline: `${NO_TOKEN_YET}.`, lines: ['The product may still be finishing; retry to check again.'], retry: true };
    case 'not-run':
      return { ...none, state: 'not-run', headline: `Not verified: the reconnect ${stoppedWhere(v.outcome)}; nothing changed.`, lines: ['No check was run.'] };
    case 'abandoned':
      if (v.outcome.ended === 'product-error') return { ...none, state: 'abandoned', headline: 'Not connected: the product reported it could not connect the WhatsApp phone numbers, and no new token arrived; nothing changed.' };
      return { ...none, state: 'abandoned', headline: 'Abandoned: the reconnect window closed and no new token arrived; nothing changed.' };
    case 'unverified':
      return { ...none, state: 'unverified', headline: `Could not verify the reconnect: ${r.detail}.`, retry: true };
  }
}

/** The one notification of a verified reconnect; null for every other end (the popup says those). */
export function verificationNotification(v: Verification, workspaceName: string): { title: string; message: string } | null {
  const r = v.result;
  if (r?.kind !== 'verified') return null;
  const words = verificationWords(v);
  const title = t(r.difference.accessReduced ? 'notify.reconnectReduced' : 'notify.reconnectVerified', { workspace: workspaceName });
  return { title, message: [words.headline.replace(/^Verified: /, ''), ...words.lines, ...words.problems].join(' ').slice(0, 300) };
}
