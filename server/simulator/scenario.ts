/**
 * The Graph API simulator's data: what Meta answers for each customer access token. Scenarios
 * are data (JSON files, or PUT /__sim/tokens/{token} at runtime), never code paths per test:
 * a scenario says what debug_token reports, which WABAs and businesses the token can read, which
 * error every call with it gets (an expired or revoked token), and deterministic faults (rate
 * limits, timeouts, 5xx) with their call pattern.
 *
 * Times are relative to the simulator's clock (`{ "inDays": 3 }`), so a demo started any day shows
 * "expires in 3 days"; `"never"` is Meta's `0`.
 */
import { z } from 'zod';
import { InteractiveDialog } from './interactive-dialog';
import { META_ID } from '../../lib/meta/ids';

const MetaId = z.string().regex(META_ID, 'a Meta id is a string of digits');

export const Expiry = z.union([
  z.literal('never'),
  z.object({ inDays: z.number().min(-36_500).max(36_500) }).strict(),
  z.object({ at: z.number().int().min(1) }).strict(),
]);
export type Expiry = z.infer<typeof Expiry>;

/** One Graph error as Meta sends it (error-handling guide, docs/meta-platform.md §5). */
export const GraphErrorSpec = z
  .object({
    httpStatus: z.number().int().min(400).max(599).default(400),
    code: z.number().int(),
    subcode: z.number().int().optional(),
    type: z.string().max(100).default('OAuthException'),
    message: z.string().max(2000),
    isTransient: z.boolean().optional(),
    userTitle: z.string().max(200).optional(),
    userMessage: z.string().max(1000).optional(),
  })
  .strict();
export type GraphErrorSpec = z.infer<typeof GraphErrorSpec>;

/** Named faults with Meta's real shapes (see ./graph-responses.ts for each body). */
export const FaultName = z.enum([
  'timeout', // no answer until the client gives up (or timeoutHoldMs)
  'reset', // the TCP connection is dropped: a network error
  'http-500', // Graph's own 500: code 2, is_transient
  'http-502', // a proxy's HTML 502 page
  'http-503', // a proxy's plain-text 503
  'transient-1', // code 1 "An unknown error occurred"
  'rate-limit-4', // application request limit
  'rate-limit-17', // user request limit
  'rate-limit-80008', // WhatsApp Business Account rate limit
]);
export type FaultName = z.infer<typeof FaultName>;

export const Fault = z.union([z.literal('ok'), FaultName, z.object({ error: GraphErrorSpec }).strict()]);
export type Fault = z.infer<typeof Fault>;

export const Endpoint = z.enum(['debug_token', 'me', 'waba', 'phone_numbers', 'business_users']);
export type Endpoint = z.infer<typeof Endpoint>;

export const FaultRule = z
  .object({
    /** Which Graph endpoints the rule applies to; all of them when omitted. */
    endpoints: z.array(Endpoint).min(1).optional(),
    /** Answers for the matching calls of this token, in order, repeated (deterministic flakiness). */
    pattern: z.array(Fault).min(1).max(1000),
    /** The first `fromCall` matching calls answer normally (e.g. healthy first, throttled later). */
    fromCall: z.number().int().min(0).default(0),
  })
  .strict();
export type FaultRule = z.infer<typeof FaultRule>;

export const HealthLevel = z.enum(['AVAILABLE', 'LIMITED', 'BLOCKED']);

export const Scenario = z
  .object({
    description: z.string().max(500).optional(),
    debugToken: z
      .object({
        /** USER, SYSTEM_USER (documented samples), PAGE, APP, or anything Meta may add. */
        type: z.string().max(40).default('USER'),
        application: z.string().max(200).default('Reconnect Demo App'),
        /** Defaults to the simulator's own app id; set another to simulate a foreign app's token. */
        appId: MetaId.optional(),
        isValid: z.boolean().default(true),
        expires: Expiry.default('never'),
        dataAccessExpires: Expiry.default({ inDays: 90 }),
        issued: z.object({ daysAgo: z.number().min(0) }).strict().default({ daysAgo: 1 }),
        scopes: z.array(z.string().max(100)).max(100),
        /** `targetIds` omitted = the permission covers all assets ("If permission applies to all, targets will not be shown"). */
        granularScopes: z
          .array(z.object({ scope: z.string().max(100), targetIds: z.array(MetaId).max(500).optional() }).strict())
          .max(100)
          .default([]),
        userId: MetaId.optional(),
        /** Set for an invalid token: debug_token reports it in `data.error` (docs/meta-platform.md §3). */
        error: z.object({ code: z.number().int(), subcode: z.number().int().optional(), message: z.string().max(2000) }).strict().optional(),
      })
      .strict(),
    /**
     * For a Business Integration System User (BISU) token: the client business that `GET /me`
     * names in `client_business_id` (FL4B doc, docs/meta-platform.md §3). Omitted: `/me` has no such field.
     */
    clientBusinessId: MetaId.optional(),
    /**
     * The error every call made *with* this token gets (not debug_token, which answers with
     * `data.error`). Defaults to debugToken.error as a Graph error envelope (HTTP 400).
     */
    tokenError: GraphErrorSpec.optional(),
    /** The WhatsApp Business Accounts this token can read; any other id answers 100/33. */
    wabas: z
      .array(
        z
          .object({
            id: MetaId,
            name: z.string().max(200),
            health: HealthLevel.default('AVAILABLE'),
            /** Shown on the WABA entity of health_status when it is LIMITED/BLOCKED. */
            healthErrors: z
              .array(z.object({ errorCode: z.number().int(), description: z.string().max(500), possibleSolution: z.string().max(500) }).strict())
              .max(20)
              .default([]),
            ownerBusinessId: MetaId.optional(),
            currency: z.string().length(3).default('USD'),
            timezoneId: z.string().max(10).default('1'),
            phoneNumbers: z
              .array(
                z
                  .object({
                    id: MetaId,
                    displayPhoneNumber: z.string().max(40),
                    verifiedName: z.string().max(200),
                    qualityRating: z.enum(['GREEN', 'YELLOW', 'RED', 'UNKNOWN']).default('GREEN'),
                    codeVerificationStatus: z.string().max(40).default('VERIFIED'),
                  })
                  .strict(),
              )
              .max(50)
              .default([]),
          })
          .strict(),
      )
      .max(500)
      .default([]),
    /** Businesses whose `business_users` this token can list (role is ADMIN or EMPLOYEE). */
    businesses: z
      .array(
        z
          .object({
            id: MetaId,
            name: z.string().max(200),
            users: z
              .array(z.object({ id: MetaId, name: z.string().max(200), role: z.enum(['ADMIN', 'EMPLOYEE']) }).strict())
              .max(500),
          })
          .strict(),
      )
      .max(50)
      .default([]),
    faults: z.array(FaultRule).max(20).default([]),
    /** Every Graph answer for this token waits this long ("slow"). */
    delayMs: z.number().int().min(0).max(120_000).default(0),
    /** How long a `timeout` fault holds the request (the client normally gives up first). */
    timeoutHoldMs: z.number().int().min(0).max(600_000).default(60_000),
    /**
     * `estimated_time_to_regain_access` (minutes) in the X-Business-Use-Case-Usage header of this
     * token's `rate-limit-80008` answers (rate-limiting page, docs/meta-platform.md §5). 0 = Meta gives no wait.
     */
    regainAccessMinutes: z.number().int().min(0).max(1440).default(0),
    /**
     * Meta's usage headers on EVERY answer about this token, not only throttled ones (rate-limiting
     * page, https://developers.facebook.com/docs/graph-api/overview/rate-limiting/): X-App-Usage
     * with `appPercent` of the app's quota used, and on the business-use-case endpoints (all but
     * debug_token) X-Business-Use-Case-Usage keyed by the token's business with `businessPercent`.
     * A throttled fault's own headers replace these. Omitted: only throttled answers carry them.
     */
    usage: z
      .object({ appPercent: z.number().int().min(0).max(100), businessPercent: z.number().int().min(0).max(100) })
      .strict()
      .optional(),
  })
  .strict();
export type Scenario = z.output<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

export const CodeGrant = z
  .object({
    accessToken: z.string().min(1).max(4096),
    /** Omitted: a business (BISU) token, which Meta returns without `expires_in`. */
    expiresInSeconds: z.number().int().min(1).optional(),
    /** Meta's codes are short-lived (30 s for Embedded Signup, docs/meta-platform.md §1.2); single use either way. */
    validForSeconds: z.number().int().min(1).max(86_400).default(30),
    /** When set, the exchange must name this redirect_uri, as Meta requires (the dialog sets it). */
    redirectUri: z.string().max(2048).optional(),
  })
  .strict();
export type CodeGrant = z.output<typeof CodeGrant>;

/**
 * What the stand-in dialog (`GET /__sim[/vNN.0]/dialog/oauth`) does with the next visits: send the
 * browser back with a fresh code that yields `accessToken`, or with Meta's cancel redirect, or show
 * the interactive screens (./interactive-dialog.ts).
 */
export const DialogOutcome = z.discriminatedUnion('result', [
  z
    .object({
      result: z.literal('code'),
      accessToken: z.string().min(1).max(4096),
      expiresInSeconds: z.number().int().min(1).optional(),
      validForSeconds: z.number().int().min(1).max(86_400).default(30),
    })
    .strict(),
  z
    .object({
      result: z.literal('access_denied'),
      errorReason: z.string().max(100).default('user_denied'),
      errorDescription: z.string().max(500).default('Permissions error'),
      errorCode: z.string().max(20).default('200'),
    })
    .strict(),
  // The screens themselves: the admin clicks through and the selection decides the grant.
  InteractiveDialog,
]);
export type DialogOutcome = z.output<typeof DialogOutcome>;

export const SimulatorFile = z
  .object({
    description: z.string().max(2000).optional(),
    /** The Meta app the simulated Graph belongs to: debug_token requires `<id>|<secret>`. */
    app: z
      .object({
        id: MetaId,
        secret: z.string().min(1).max(512),
        /**
         * Meta's "Require App Secret" app setting: every call made with a customer token must carry
         * `appsecret_proof` = hex HMAC-SHA256(token, key = app secret), else error 100
         * (https://developers.facebook.com/docs/graph-api/securing-requests/). On by default, as
         * Meta recommends for server-to-server apps; debug_token with the app token is exempt.
         */
        requireAppSecretProof: z.boolean().default(true),
      })
      .strict(),
    tokens: z.record(z.string().min(1).max(4096), Scenario).default({}),
    codes: z.record(z.string().min(1).max(4096), CodeGrant).default({}),
    /** The stand-in dialog's outcome until changed with PUT /__sim/dialog/outcome; none: the dialog says so. */
    dialog: DialogOutcome.optional(),
  })
  .strict();
export type SimulatorFile = z.output<typeof SimulatorFile>;
export type SimulatorFileInput = z.input<typeof SimulatorFile>;
