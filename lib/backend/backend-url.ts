/**
 * The one rule for where the bearer token may go: an absolute https URL, or plain http only on this
 * machine (`isHttpsOrLocalUrl` and `LOOPBACK_HOSTS` in lib/contract/common.ts), with no credentials,
 * query or fragment. The options form, the settings layer (user, policy, build-time preset) and the
 * request itself all apply it, so an `http://` URL to another host never gets the token in clear.
 */
import { isHttpsOrLocalUrl } from '../contract/common';

export type BackendUrlCheck = { ok: true; url: string } | { ok: false; error: string };

/** Checks a backend URL from any source. Never throws. */
export function validateBackendUrl(value: string): BackendUrlCheck {
  const trimmed = value.trim();
  if (!trimmed) return { ok: false, error: 'Enter the backend URL.' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, error: 'This is not a URL (example: https://app.example.com/api).' };
  }
  if (url.username || url.password) return { ok: false, error: 'Put the access token in its own field, not in the URL.' };
  if (!isHttpsOrLocalUrl(url.toString())) {
    return { ok: false, error: 'Use https (plain http is allowed only for localhost).' };
  }
  if (url.search || url.hash) return { ok: false, error: 'The backend URL must not have a query or a fragment.' };
  return { ok: true, url: url.toString() };
}

/** Where a setting's value came from (later layers win: preset, then saved, then policy). */
export type SettingSource = 'policy' | 'saved' | 'preset';

export const SOURCE_WORDS: Record<SettingSource, string> = {
  policy: 'from your administrator’s policy',
  saved: 'saved in this browser',
  preset: 'from this build’s preset',
};

/** A backend URL that was refused: the extension is "not configured" until it is fixed. */
export interface BackendUrlProblem {
  source: SettingSource;
  /** What is wrong with it (from {@link validateBackendUrl}). */
  error: string;
  /** The whole sentence shown in the options page and the popup. */
  message: string;
}

export function backendUrlProblem(source: SettingSource, error: string): BackendUrlProblem {
  const fix = source === 'policy' ? 'Ask your administrator to correct the policy.' : source === 'preset' ? 'Enter a backend URL in the settings.' : 'Enter a corrected URL in the settings.';
  return { source, error, message: `The backend URL ${SOURCE_WORDS[source]} was refused: ${error} ${fix}` };
}
