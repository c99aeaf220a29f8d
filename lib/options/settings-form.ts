/**
 * The options form's values → a validated settings patch, or one specific error per field, in the
 * words the options page shows. UI-side: storage (lib/storage/settings.ts) knows nothing of the form
 * or of the HTTP client whose URL rules it uses.
 * Locked (policy) fields are left out of the patch: the policy wins and the user cannot change them.
 */
import { validateBackendUrl } from '../backend/client';
import { POLL_MAX, POLL_MIN, type SettingKey, type Settings } from '../storage/settings';

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
    else errors.backendUrl = url.error;
  }
  if (!locked.includes('accessToken')) {
    const token = form.accessToken.trim();
    if (token) {
      if (/\s/.test(token)) errors.accessToken = 'The access token cannot contain spaces.';
      else if (token.length > 4000) errors.accessToken = 'The access token is too long (more than 4000 characters).';
      else patch.accessToken = token;
    } else if (!hasSavedToken) {
      errors.accessToken = 'Enter the access token.';
    }
  }
  if (!locked.includes('pollMinutes')) {
    const minutes = Number(form.pollMinutes);
    if (!/^\d+$/.test(form.pollMinutes.trim()) || minutes < POLL_MIN || minutes > POLL_MAX) {
      errors.pollMinutes = `Enter a whole number of minutes from ${POLL_MIN} to ${POLL_MAX}.`;
    } else {
      patch.pollMinutes = minutes;
    }
  }
  if (!locked.includes('notifications')) patch.notifications = form.notifications;
  if (!locked.includes('mutedWorkspaces')) patch.mutedWorkspaces = [...new Set(form.mutedWorkspaces)];
  return { patch, errors };
}
