/**
 * The options form's values → a validated settings patch, or one specific error per field, in the
 * words the options page shows. UI-side: storage (lib/storage/settings.ts) knows nothing of the form
 * or of the HTTP client whose URL rules it uses.
 * Locked (policy) fields are left out of the patch: the policy wins and the user cannot change them.
 */
import { urlErrorText } from '../backend/backend-url';
import { validateBackendUrl } from '../backend/client';
import { formatNumber, t } from '../i18n';
import { POLL_MAX, POLL_MIN, type SettingKey, type Settings } from '../storage/settings';

const TOKEN_MAX = 4000;

export interface SettingsForm {
  backendUrl: string;
  /** Empty: keep the saved token. */
  accessToken: string;
  pollMinutes: string;
  notifications: boolean;
  mutedWorkspaces: string[];
}

export type FormErrors = Partial<Record<'backendUrl' | 'accessToken' | 'pollMinutes', string>>;

export function validateSettingsForm(form: SettingsForm, locked: readonly SettingKey[], hasSavedToken: boolean): { patch: Partial<Settings>; errors: FormErrors } {
  const patch: Partial<Settings> = {};
  const errors: FormErrors = {};
  if (!locked.includes('backendUrl')) {
    const url = validateBackendUrl(form.backendUrl);
    if (url.ok) patch.backendUrl = url.url;
    else errors.backendUrl = urlErrorText(url.reason);
  }
  if (!locked.includes('accessToken')) {
    const token = form.accessToken.trim();
    if (token) {
      if (/\s/.test(token)) errors.accessToken = t('form.tokenSpaces');
      else if (token.length > TOKEN_MAX) errors.accessToken = t('form.tokenTooLong', { max: formatNumber(TOKEN_MAX) });
      else patch.accessToken = token;
    } else if (!hasSavedToken) {
      errors.accessToken = t('form.tokenMissing');
    }
  }
  if (!locked.includes('pollMinutes')) {
    const minutes = Number(form.pollMinutes);
    if (!/^\d+$/.test(form.pollMinutes.trim()) || minutes < POLL_MIN || minutes > POLL_MAX) {
      errors.pollMinutes = t('form.pollRange', { min: formatNumber(POLL_MIN), max: formatNumber(POLL_MAX) });
    } else {
      patch.pollMinutes = minutes;
    }
  }
  if (!locked.includes('notifications')) patch.notifications = form.notifications;
  if (!locked.includes('mutedWorkspaces')) patch.mutedWorkspaces = [...new Set(form.mutedWorkspaces)];
  return { patch, errors };
}
