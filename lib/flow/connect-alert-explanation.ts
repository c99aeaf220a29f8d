/**
 * Why the product says "Unable to connect WhatsApp phone numbers" (lib/flow/connect-alert.ts), from
 * what this reconnect attempt saw in Meta's dialog (lib/flow/attempt.ts readings) and how the flow
 * ended. The usual causes after a reconnect (docs/meta-platform.md §2.3, §4, §1.4):
 *   - the person who reconnected is not an admin (Full control) of the business portfolio;
 *   - a WhatsApp permission was unticked, so the new token cannot manage or message;
 *   - a WhatsApp Business account the product uses was deselected (that revokes access to it);
 *   - the flow finished without a phone number (FINISH_ONLY_WABA);
 *   - and, when none of these was seen, the business's verification (Meta limits phone numbers of
 *     an unverified business; Business Settings > Security Center).
 * Pure: the caller passes the attempt; nothing is read here.
 */
import type { Attempt, StoredScreen } from './attempt';
import { findAccount } from './names';
import type { FlowOutcome } from './outcome';

export interface AttemptSightings {
  /** The attempt had dialog readings at all (otherwise nothing below could have been seen). */
  sawDialog: boolean;
  /** Admin-access errors Meta's dialog showed (their text). */
  adminErrors: string[];
  /** WhatsApp permissions the last permissions screen showed as not granted. */
  uncheckedScopes: string[];
  /** Accounts the product uses that the last WABA screen showed deselected. */
  deselectedWabas: { id: string | null; name: string }[];
  /** Meta's "cannot verify this business" error was shown. */
  verificationError: string | null;
  /** The flow ended without a phone number. */
  finishedWithoutNumber: boolean;
}

const lastOfKind = (readings: { screen: StoredScreen }[], kind: StoredScreen['kind']): StoredScreen | undefined => [...readings].reverse().find((r) => r.screen.kind === kind)?.screen;

/** What an attempt's readings (and its outcome, when known) show that bears on the alert. */
export function sightingsOf(attempt: Attempt | null, outcomes: readonly FlowOutcome[] = []): AttemptSightings {
  const dialog = (attempt?.readings ?? []).flatMap((r) => (r.source === 'dialog' ? [{ at: r.at, screen: r.screen }] : []));
  const alerts = dialog.flatMap((r) => r.screen.alerts);
  const permissions = lastOfKind(dialog, 'permissions-review');
  const wabaScreen = lastOfKind(dialog, 'waba-selection');
  const plan = attempt?.plan ?? null;
  const used = plan
    ? [...plan.expectedWabas, ...plan.currentlyGrantedWabaIds.filter((id) => !plan.expectedWabas.some((w) => w.id === id)).map((id) => ({ id, name: null as string | null }))]
    : [];
  const deselected: { id: string | null; name: string }[] = [];
  if (wabaScreen && wabaScreen.wabaMode !== 'all') {
    if (plan) {
      for (const expected of used) {
        const match = findAccount(expected, wabaScreen.wabas);
        if (match.kind === 'found' && match.entry.selected === false) deselected.push({ id: expected.id, name: match.entry.name });
      }
    } else {
      // Without the plan every deselected account on screen is a candidate.
      for (const w of wabaScreen.wabas) if (w.selected === false) deselected.push({ id: w.id, name: w.name });
    }
  }
  return {
    sawDialog: dialog.length > 0,
    adminErrors: [...new Set(alerts.filter((a) => a.kind === 'not-admin' || a.kind === 'portfolio-unavailable').map((a) => a.text))].slice(0, 5),
    uncheckedScopes: (permissions?.permissions ?? []).filter((p) => p.granted === false).map((p) => p.scope),
    deselectedWabas: deselected.slice(0, 20),
    verificationError: alerts.find((a) => a.kind === 'business-unverifiable')?.text ?? null,
    finishedWithoutNumber: outcomes.some((o) => o.kind === 'es-finish' && o.variant === 'waba-only'),
  };
}

export interface LikelyCause {
  cause: 'not-admin' | 'permission-unticked' | 'waba-deselected' | 'no-phone-number' | 'business-verification';
  /** Seen in this attempt, or only the remaining explanation. */
  seen: boolean;
  label: string;
  detail: string;
}

/** The likely causes, those this attempt saw first; business verification when nothing else explains it. */
export function explainConnectAlert(s: AttemptSightings): LikelyCause[] {
  const causes: LikelyCause[] = [];
  if (s.adminErrors.length) {
    causes.push({
      cause: 'not-admin',
      seen: true,
      label: 'The Facebook account used is not an admin of the business portfolio',
      detail: `Meta’s dialog said: “${s.adminErrors[0]}”. Only someone with Full control of the portfolio can grant the product its WhatsApp accounts; ask an admin to reconnect, or to give you Full control first.`,
    });
  }
  if (s.uncheckedScopes.length) {
    causes.push({
      cause: 'permission-unticked',
      seen: true,
      label: `A WhatsApp permission was not granted: ${s.uncheckedScopes.join(', ')}`,
      detail: 'Without both WhatsApp permissions the product cannot read or use your phone numbers. Reconnect and leave both permissions on.',
    });
  }
  if (s.deselectedWabas.length) {
    causes.push({
      cause: 'waba-deselected',
      seen: true,
      label: `A WhatsApp account was deselected: ${s.deselectedWabas.map((w) => w.name).join(', ')}`,
      detail: 'Deselecting a WhatsApp Business account in Meta’s dialog takes the product’s access to it, and to its phone numbers. Reconnect, choose “Edit previous settings” if Meta offers it, and select the account again.',
    });
  }
  if (s.finishedWithoutNumber) {
    causes.push({
      cause: 'no-phone-number',
      seen: true,
      label: 'The flow finished without a phone number',
      detail: 'Meta reported that the signup ended with a WhatsApp Business account only. Add a phone number to the account in WhatsApp Manager, or reconnect and add one.',
    });
  }
  const nothingElse = causes.length === 0;
  causes.push({
    cause: 'business-verification',
    seen: s.verificationError !== null,
    label: s.verificationError !== null ? 'Meta could not verify the business' : nothingElse ? 'Most likely: the business’s verification' : 'Also possible: the business’s verification',
    detail:
      (s.verificationError !== null ? `Meta’s dialog said: “${s.verificationError}”. ` : '') +
      'Meta limits the phone numbers of a business whose verification lapsed or was never completed. Check Business Settings > Security Center for the verification status.' +
      (nothingElse && !s.sawDialog ? ' (The extension did not see this reconnect’s dialog, so it could not check the other usual causes: an admin error, an unticked permission, a deselected WhatsApp account.)' : ''),
  });
  return causes;
}
