/**
 * The one rule for where the bearer token may go: an absolute https URL, or plain http only on this
 * machine (`isHttpsOrLocalUrl` and `LOOPBACK_HOSTS` in lib/contract/common.ts), with no credentials,
 * query or fragment. The options form, the settings layer (user, policy, build-time preset) and the
 * request itself all apply it, so an `http://` URL to another host never gets the token in clear.
 */
import { isHttpsOrLocalUrl } from '../contract/common';
import { t } from '../i18n';

export type BackendUrlReason = 'empty' | 'not-url' | 'credentials' | 'not-https' | 'query-or-fragment';

/** `error` is English, for the command-line tools; the extension shows {@link urlErrorText} of `reason`. */
export type BackendUrlCheck = { ok: true; url: string } | { ok: false; reason: BackendUrlReason; error: string };

const ENGLISH: Record<BackendUrlReason, string> = {
  empty: 'Enter the backend URL.',
  'not-url': 'This is not a URL (example: https://app.example.com/api).',
  credentials: 'Put the access token in its own field, not in the URL.',
  'not-https': 'Use https (plain http is allowed only for localhost).',
  'query-or-fragment': 'The backend URL must not have a query or a fragment.',
};

const refuse = (reason: BackendUrlReason): BackendUrlCheck => ({ ok: false, reason, error: ENGLISH[reason] });

/** Checks a backend URL from any source. Never throws. */
export function validateBackendUrl(value: string): BackendUrlCheck {
  const trimmed = value.trim();
  if (!trimmed) return refuse('empty');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return refuse('not-url');
  }
  if (url.username || url.password) return refuse('credentials');
  if (!isHttpsOrLocalUrl(url.toString())) return refuse('not-https');
  if (url.search || url.hash) return refuse('query-or-fragment');
  return { ok: true, url: url.toString() };
}

/** What is wrong with a refused URL, in the browser's language. */
export function urlErrorText(reason: BackendUrlReason): string {
  switch (reason) {
    case 'empty':
      return t('url.empty');
    case 'not-url':
      return t('url.notUrl');
    case 'credentials':
      return t('url.credentials');
    case 'not-https':
      return t('url.notHttps');
    case 'query-or-fragment':
      return t('url.queryOrFragment');
  }
}

/** Where a setting's value came from (later layers win: preset, then saved, then policy). */
export type SettingSource = 'policy' | 'saved' | 'preset';

const SOURCE_WORDS: Record<SettingSource, () => string> = {
  policy: () => t('url.fromPolicy'),
  saved: () => t('url.fromSaved'),
  preset: () => t('url.fromPreset'),
};

const FIX_WORDS: Record<SettingSource, () => string> = {
  policy: () => t('url.fixPolicy'),
  preset: () => t('url.fixPreset'),
  saved: () => t('url.fixSaved'),
};

/** A backend URL that was refused: the extension is "not configured" until it is fixed. */
export interface BackendUrlProblem {
  source: SettingSource;
  /** What is wrong with it (from {@link validateBackendUrl}), in the browser's language. */
  error: string;
  /** The whole sentence shown in the options page and the popup. */
  message: string;
}

export function backendUrlProblem(source: SettingSource, reason: BackendUrlReason): BackendUrlProblem {
  const error = urlErrorText(reason);
  return { source, error, message: t('url.refused', { source: SOURCE_WORDS[source](), error, fix: FIX_WORDS[source]() }) };
}
