/**
 * Graph's rate-limit response headers, read tolerantly, to size the back-off after a throttled
 * answer (https://developers.facebook.com/docs/graph-api/overview/rate-limiting/):
 *
 *   X-Business-Use-Case-Usage  {"<business id>":[{"type":"whatsapp_business_management",
 *                                "call_count":100,"total_cputime":…,"total_time":…,
 *                                "estimated_time_to_regain_access":N}]}   N in MINUTES
 *   (X-App-Usage carries percentages and no regain time, so it never changes the delay: not read.)
 *   Retry-After                seconds or an HTTP date (RFC 9110 §10.2.3; proxies in front of Graph)
 *
 * Malformed headers are ignored (null), never thrown: a header must never make a check fail.
 */
import { z } from 'zod';

/** The response headers a check needs, lower-case names as HTTP/2 and fetch give them. */
export interface GraphRateHeaders {
  'retry-after'?: string;
  'x-business-use-case-usage'?: string;
  'x-app-usage'?: string;
}

export const RATE_HEADER_NAMES = ['retry-after', 'x-business-use-case-usage', 'x-app-usage'] as const;

/** A wait Graph asks for is honoured up to this (a longer one is re-read on the next check). */
export const MAX_REGAIN_MS = 60 * 60 * 1000;

const Count = z.union([z.number(), z.string().trim().regex(/^\d{1,9}(\.\d+)?$/).transform(Number)]).pipe(z.number().finite().min(0));

const BucEntry = z.looseObject({
  type: z.string().optional().catch(undefined),
  call_count: Count.optional().catch(undefined),
  total_cputime: Count.optional().catch(undefined),
  total_time: Count.optional().catch(undefined),
  estimated_time_to_regain_access: Count.optional().catch(undefined),
});
const BusinessUseCaseUsage = z.record(z.string(), z.array(z.unknown()).transform((entries) =>
  entries.flatMap((entry) => {
    const parsed = BucEntry.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  }),
));
export type BusinessUseCaseEntry = z.infer<typeof BucEntry>;

function json(text: string | undefined): unknown {
  if (text === undefined || text.length > 16_384) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Every entry of X-Business-Use-Case-Usage, or null when it is missing or malformed. */
export function parseBusinessUseCaseUsage(header: string | undefined): BusinessUseCaseEntry[] | null {
  const parsed = BusinessUseCaseUsage.safeParse(json(header));
  return parsed.success ? Object.values(parsed.data).flat() : null;
}

/** Retry-After in ms (delta-seconds or HTTP date relative to `now`), or null. */
export function parseRetryAfterMs(header: string | undefined, now: Date): number | null {
  if (header === undefined) return null;
  const text = header.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  // An HTTP date names a weekday and GMT; Date.parse alone accepts too much (e.g. "5").
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now.getTime()) : null;
}

/**
 * How long Graph says to wait, in ms, capped at MAX_REGAIN_MS: the largest
 * `estimated_time_to_regain_access` (minutes) of X-Business-Use-Case-Usage, or Retry-After, the
 * larger of the two; null when neither says anything usable (0 minutes = no wait asked).
 */
export function regainAccessMs(headers: GraphRateHeaders | undefined, now: Date): number | null {
  if (!headers) return null;
  const minutes = (parseBusinessUseCaseUsage(headers['x-business-use-case-usage']) ?? [])
    .map((e) => e.estimated_time_to_regain_access)
    .filter((m): m is number => m !== undefined && m > 0);
  const fromBuc = minutes.length > 0 ? Math.max(...minutes) * 60_000 : null;
  const retryAfter = parseRetryAfterMs(headers['retry-after'], now);
  const waits = [fromBuc, retryAfter].filter((ms): ms is number => ms !== null && ms > 0);
  return waits.length > 0 ? Math.min(Math.max(...waits), MAX_REGAIN_MS) : null;
}
