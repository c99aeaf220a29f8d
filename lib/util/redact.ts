/**
 * The one token redactor. Everything that may carry a credential passes through it before it is
 * shown, logged or copied: Graph error texts (Graph echoes tokens, "Malformed access token EAAG…"),
 * server log lines and the "Copy diagnostics" report. Known secrets are removed by value; anything
 * shaped like a credential is removed by pattern, so a secret nobody passed in is still caught.
 */

export const REDACTED = '[redacted]';

/** Shorter known secrets are not removed by value: they would blank ordinary words. */
const MIN_SECRET_LENGTH = 4;

/** Credential shapes, applied in this order (the header form first, so its keyword stays). */
const PATTERNS: readonly (readonly [RegExp, (marker: string) => string])[] = [
  // `Authorization: Bearer <token>` and the like.
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, (marker) => `$1 ${marker}`],
  // Credentials in query strings and form bodies.
  [/\b(access_token|input_token|client_secret|appsecret_proof)=[^&\s"']+/gi, (marker) => `$1=${marker}`],
  // Meta access tokens (user, system-user, page) start with EA (EAAG…, EAAB…).
  [/\bEA[A-Za-z0-9]{16,}/g, (marker) => marker],
  // App access tokens: `<app id>|<app secret>`.
  [/\b\d{5,}\|[A-Za-z0-9_-]{10,}/g, (marker) => marker],
];

export interface RedactOptions {
  /** What stands where a secret was: `[redacted]` unless a report names it otherwise (`[token]`). */
  marker?: string;
}

export function redactSecrets(text: string, secrets: readonly (string | null | undefined)[] = [], options: RedactOptions = {}): string {
  const marker = options.marker ?? REDACTED;
  // `$` is special in a replacement string: the marker stands as written.
  const replacementMarker = marker.replaceAll('$', '$$$$');
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(marker);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement(replacementMarker));
  return out;
}
