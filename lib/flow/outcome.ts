/**
 * How a reconnect ended, as the product's page saw it: Meta's redirect back to the product's
 * `redirect_uri`, or an Embedded Signup session event posted to the page that opened the popup.
 *
 *   redirect URL ──parseRedirect──────────────┐
 *   window message (origin, data) ──parseEmbeddedSignupMessage──▶ FlowOutcome ──describeOutcome──▶ words
 *   product's own alert (lib/flow/connect-alert.ts) ──────────────┘
 *
 * Redirect parameters (docs/meta-platform.md §1.2; https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow):
 * `code` + `state` on success, or `error`, `error_reason`, `error_description`, `error_code`, with
 * `granted_scopes` / `denied_scopes` when asked for. Only the PRESENCE of `code` is kept: its value
 * is an authorization code (exchangeable for a token for 30 s) and never leaves parseRedirect, so it
 * cannot reach a message, storage, a log or the history.
 *
 * Session events (docs/meta-platform.md §1.4; https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation/
 * and …/embedded-signup/errors): `{type:'WA_EMBEDDED_SIGNUP', event, data}`, as a JSON string or an
 * object. The sender's origin must be https on facebook.com or one of its subdomains, on the default
 * port: Meta's own sample checks `endsWith('facebook.com')`, which `evilfacebook.com` also passes.
 * Anything malformed is ignored (null), never thrown on.
 *
 * Pure and without zod: the product-page content script runs this (the receiving side's schema is
 * lib/flow/outcome-schema.ts).
 */

/** Screens of the Embedded Signup flow, by Meta's `current_step` names (errors page). */
export const ES_STEPS = [
  'BUSINESS_ACCOUNT_SELECTION',
  'WABA_PHONE_PROFILE_PICKER',
  'WHATSAPP_BUSINESS_PROFILE_SETUP',
  'PHONE_NUMBER_SETUP',
  'PHONE_NUMBER_VERIFICATION',
  'PERMISSIONS',
] as const;
export type EsStep = (typeof ES_STEPS)[number];

export const ES_STEP_WORDS: Record<EsStep, string> = {
  BUSINESS_ACCOUNT_SELECTION: 'the business portfolio step',
  WABA_PHONE_PROFILE_PICKER: 'the WhatsApp account selection step',
  WHATSAPP_BUSINESS_PROFILE_SETUP: 'the WhatsApp Business account creation step',
  PHONE_NUMBER_SETUP: 'the phone number step',
  PHONE_NUMBER_VERIFICATION: 'the phone number verification step',
  PERMISSIONS: 'the permissions step',
};

/** FINISH: Cloud API flow; FINISH_ONLY_WABA: finished without a phone number; FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING: coexistence. */
export const ES_FINISH_VARIANTS = ['cloud-api', 'waba-only', 'business-app'] as const;
export type EsFinishVariant = (typeof ES_FINISH_VARIANTS)[number];

export const FLOW_OUTCOME_KINDS = ['redirect-code', 'redirect-error', 'es-finish', 'es-cancel', 'es-error', 'product-alert', 'none'] as const;

/** Bounds of what an outcome carries (the schema on the receiving side uses the same numbers). */
export const OUTCOME_LIMITS = { word: 100, description: 500, errorMessage: 500, scopes: 50, alertText: 300, stepRaw: 64 } as const;

export type FlowOutcome =
  /** Meta redirected back with an authorization code (its value is not kept). */
  | { kind: 'redirect-code'; statePresent: boolean; grantedScopes: string[] | null; deniedScopes: string[] | null }
  | {
      kind: 'redirect-error';
      /** `error`, e.g. access_denied. */
      error: string;
      /** `error_reason`, e.g. user_denied. */
      reason: string | null;
      description: string | null;
      /** `error_code`, e.g. 200. */
      code: string | null;
      grantedScopes: string[] | null;
      deniedScopes: string[] | null;
    }
  | { kind: 'es-finish'; variant: EsFinishVariant; wabaId: string | null; phoneNumberId: string | null; businessId: string | null }
  /** Left the flow: `step` is the screen that was open (null: not said or not one Meta documents; `stepRaw` keeps an unknown name). */
  | { kind: 'es-cancel'; step: EsStep | null; stepRaw: string | null; errorMessage: null }
  /** A user-reported error: ERROR (older flows) or CANCEL with `error_message` (current docs). */
  | { kind: 'es-error'; event: 'ERROR' | 'CANCEL'; errorMessage: string | null; errorId: string | null; step: EsStep | null }
  /** The product's own "Unable to connect WhatsApp phone numbers" alert (lib/flow/connect-alert.ts). */
  | { kind: 'product-alert'; alert: 'unable-to-connect-numbers'; text: string }
  /** Nothing was seen: not allowed on the product's page, or the page reported nothing. */
  | { kind: 'none'; why: 'not-allowed' | 'not-seen' };

export type FlowOutcomeKind = FlowOutcome['kind'];

// ---------------------------------------------------------------------------------------------
// Redirect back

const WORD = /^[A-Za-z0-9_.:-]{1,100}$/;
const SCOPE = /^[a-z][a-z0-9_]{1,80}$/;
const META_ID = /^\d{1,32}$/;

const word = (value: string | null) => (value !== null && WORD.test(value) ? value : null);
const text = (value: string | null, max: number) => {
  if (value === null) return null;
  // Control characters out, whitespace collapsed, then clipped.
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  return clean === '' ? null : clean.slice(0, max);
};
/** `granted_scopes` / `denied_scopes`: comma-separated permission names; anything else is dropped. */
const scopes = (value: string | null) => {
  if (value === null) return null;
  const names = value.split(',').map((s) => s.trim()).filter((s) => SCOPE.test(s));
  return [...new Set(names)].slice(0, OUTCOME_LIMITS.scopes);
};

/**
 * The outcome a redirect to the product's page carries, or null when the URL is not one (no `code`
 * and no `error`). The `code`'s value is read only to see that it is there.
 */
export function parseRedirect(href: string): FlowOutcome | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  const q = url.searchParams;
  const grantedScopes = scopes(q.get('granted_scopes'));
  const deniedScopes = scopes(q.get('denied_scopes'));
  const error = word(q.get('error'));
  if (error !== null) {
    return {
      kind: 'redirect-error',
      error,
      reason: word(q.get('error_reason')),
      description: text(q.get('error_description'), OUTCOME_LIMITS.description),
      code: word(q.get('error_code')),
      grantedScopes,
      deniedScopes,
    };
  }
  const hasCode = (q.get('code') ?? '') !== '';
  if (hasCode) return { kind: 'redirect-code', statePresent: (q.get('state') ?? '') !== '', grantedScopes, deniedScopes };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Embedded Signup session events

/**
 * True only for `https://facebook.com` and `https://<sub>.facebook.com` (default port, nothing
 * else in the origin). Not `evilfacebook.com`, not `facebook.com.evil.test`, not http, not a port.
 */
export function isMetaMessageOrigin(origin: unknown): boolean {
  if (typeof origin !== 'string' || origin.length > 253 + 8) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return false;
  // An origin is scheme://host only: anything after it (a path, a query) means this is not an origin.
  if (origin !== `https://${url.hostname}`) return false;
  const host = url.hostname;
  if (host === 'facebook.com') return true;
  if (!host.endsWith('.facebook.com')) return false;
  const sub = host.slice(0, -'.facebook.com'.length);
  // DNS labels only: letters, digits, hyphens, not at either end.
  return sub.split('.').every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label));
}

/** An event payload is at most this long as JSON (Meta's are a few hundred bytes). */
const MAX_EVENT_JSON = 64 * 1024;

const FINISH_EVENTS: Record<string, EsFinishVariant> = {
  FINISH: 'cloud-api',
  FINISH_ONLY_WABA: 'waba-only',
  FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING: 'business-app',
};
// Coexistence flows are reported with their own CANCEL/ERROR names (docs/meta-platform.md §1.4, observed).
const CANCEL_EVENTS = new Set(['CANCEL', 'CANCEL_WHATSAPP_BUSINESS_APP_ONBOARDING']);
const ERROR_EVENTS = new Set(['ERROR', 'ERROR_WHATSAPP_BUSINESS_APP_ONBOARDING']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : null);
const metaId = (value: unknown) => {
  const s = str(value);
  return s !== null && META_ID.test(s) ? s : null;
};
const stepOf = (value: unknown): { step: EsStep | null; stepRaw: string | null } => {
  const s = str(value);
  if (s === null) return { step: null, stepRaw: null };
  if ((ES_STEPS as readonly string[]).includes(s)) return { step: s as EsStep, stepRaw: null };
  return { step: null, stepRaw: /^[A-Z][A-Z0-9_]{0,63}$/.test(s) ? s : null };
};

function payloadOf(data: unknown): Record<string, unknown> | null {
  if (typeof data === 'string') {
    if (data.length > MAX_EVENT_JSON || !data.includes('WA_EMBEDDED_SIGNUP')) return null;
    try {
      const parsed: unknown = JSON.parse(data);
      return isRecord(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }
  return isRecord(data) ? data : null;
}

/**
 * The outcome a window `message` event carries, or null (another sender, another message, a
 * progress event, anything malformed). `origin` is the event's `origin`, `data` its `data`.
 */
export function parseEmbeddedSignupMessage(origin: unknown, data: unknown): FlowOutcome | null {
  if (!isMetaMessageOrigin(origin)) return null;
  let payload: Record<string, unknown> | null;
  try {
    payload = payloadOf(data);
    if (payload === null || payload.type !== 'WA_EMBEDDED_SIGNUP' || typeof payload.event !== 'string') return null;
  } catch {
    return null; // a hostile getter
  }
  const event = payload.event;
  const body = isRecord(payload.data) ? payload.data : {};
  const variant = FINISH_EVENTS[event];
  if (variant) return { kind: 'es-finish', variant, wabaId: metaId(body.waba_id), phoneNumberId: metaId(body.phone_number_id), businessId: metaId(body.business_id) };
  const errorMessage = text(str(body.error_message), OUTCOME_LIMITS.errorMessage);
  const { step, stepRaw } = stepOf(body.current_step);
  if (ERROR_EVENTS.has(event) || (CANCEL_EVENTS.has(event) && errorMessage !== null)) {
    return { kind: 'es-error', event: ERROR_EVENTS.has(event) ? 'ERROR' : 'CANCEL', errorMessage, errorId: word(str(body.error_id)), step };
  }
  if (CANCEL_EVENTS.has(event)) return { kind: 'es-cancel', step, stepRaw, errorMessage: null };
  return null;
}

// ---------------------------------------------------------------------------------------------
// In words

export interface OutcomeWords {
  tone: 'ok' | 'info' | 'warning' | 'danger' | 'unknown';
  title: string;
  paragraphs: string[];
  /** Whether the backend should be asked to verify (a cancelled or failed flow changed nothing). */
  verify: boolean;
}

const NOTHING_CHANGED = 'Meta changed nothing: the product keeps the connection it had before.';

const FINISH_WORDS: Record<EsFinishVariant, string> = {
  'cloud-api': 'Meta says the signup finished.',
  'waba-only': 'Meta says the signup finished without a phone number (a WhatsApp Business account only).',
  'business-app': 'Meta says the WhatsApp Business app onboarding finished.',
};

export function stepInWords(outcome: { step: EsStep | null; stepRaw?: string | null }): string | null {
  if (outcome.step) return ES_STEP_WORDS[outcome.step];
  if (outcome.stepRaw) return `the step Meta calls ${outcome.stepRaw}`;
  return null;
}

/** What an outcome means, for the admin. */
export function describeOutcome(outcome: FlowOutcome): OutcomeWords {
  switch (outcome.kind) {
    case 'redirect-code':
      return {
        tone: 'info',
        title: 'Meta returned to the product with a new authorization',
        paragraphs: [
          'The product now exchanges it for a new token. Whether the reconnect worked is what the product’s backend finds when it checks the new token.',
          ...(outcome.deniedScopes?.length ? [`Meta reports these permissions as declined: ${outcome.deniedScopes.join(', ')}.`] : []),
        ],
        verify: true,
      };
    case 'redirect-error':
      return explainRedirectError(outcome);
    case 'es-finish':
      return {
        tone: 'info',
        title: 'Meta says the flow finished',
        paragraphs: [FINISH_WORDS[outcome.variant], 'Whether the product can use what was granted is what its backend finds when it checks the new token.'],
        verify: true,
      };
    case 'es-cancel': {
      const where = stepInWords(outcome);
      return {
        tone: 'warning',
        title: where ? `You stopped at ${where}; nothing changed` : 'You left Meta’s flow before the end; nothing changed',
        paragraphs: [where ? `You left at ${where}.` : 'Meta did not say at which step.', NOTHING_CHANGED, 'Start the reconnect again when you are ready.'],
        verify: false,
      };
    }
    case 'es-error': {
      const where = stepInWords(outcome);
      return {
        tone: 'danger',
        title: 'Meta reported an error in the flow; nothing changed',
        paragraphs: [
          outcome.errorMessage ? `Meta said: “${outcome.errorMessage}”` : 'Meta did not say what went wrong.',
          ...(where ? [`It happened at ${where}.`] : []),
          ...(outcome.errorId ? [`Meta’s error id: ${outcome.errorId} (give it to support).`] : []),
          NOTHING_CHANGED,
        ],
        verify: false,
      };
    }
    case 'product-alert':
      return {
        tone: 'danger',
        title: 'The product could not connect your WhatsApp phone numbers',
        paragraphs: ['The product says “Unable to connect WhatsApp phone numbers”. The likely causes are below.'],
        verify: true,
      };
    case 'none':
      return outcome.why === 'not-allowed'
        ? {
            tone: 'unknown',
            title: 'The extension could not see how the flow ended',
            paragraphs: ['It is not allowed on the product’s page, so it relies on the product’s backend to say whether the reconnect worked. You can allow it in the extension’s options.'],
            verify: true,
          }
        : {
            tone: 'unknown',
            title: 'The extension could not see how the flow ended',
            paragraphs: ['The product’s page reported nothing, so the extension relies on the product’s backend to say whether the reconnect worked.'],
            verify: true,
          };
  }
}

function explainRedirectError(outcome: Extract<FlowOutcome, { kind: 'redirect-error' }>): OutcomeWords {
  const said = [outcome.error, outcome.reason, outcome.code && `code ${outcome.code}`].filter(Boolean).join(', ');
  if (outcome.error === 'access_denied') {
    return {
      tone: 'warning',
      title: 'Meta says the request was declined; nothing changed',
      paragraphs: [
        `Meta returned ${said}${outcome.description ? ` (“${outcome.description}”)` : ''}.`,
        outcome.reason === 'user_denied'
          ? 'This is what Meta sends when someone clicks Cancel or closes the dialog.'
          : 'This is what Meta sends when the request was not granted.',
        'If you did finish every step, the product’s Meta app may be in Development mode: Meta then sends this same answer after the flow was completed. The product team switches the app to Live in the App Dashboard (or adds you to the app’s roles).',
        NOTHING_CHANGED,
      ],
      verify: false,
    };
  }
  return {
    tone: 'danger',
    title: 'Meta returned an error; nothing changed',
    paragraphs: [`Meta returned ${said}${outcome.description ? ` (“${outcome.description}”)` : ''}.`, NOTHING_CHANGED],
    verify: false,
  };
}
