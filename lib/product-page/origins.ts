/**
 * Which origins are "the product's page": the origins of the reconnect URLs the backend gave (the
 * cached status's `reconnectUrl`, the plans' `reconnectUrl`, the URL a Reconnect opened) and of the
 * `redirect_uri` of the product's own Meta dialogs (an app id the status or a plan names). The
 * product-page content script runs on exactly these origins, once the admin allowed it there
 * (lib/product-page/access.ts), and a `flow-outcome` message from any other origin is refused.
 *
 * Only https origins (http on this machine, for development: lib/contract/common.ts), never a
 * Meta host (the SDK's `redirect_uri` is Meta's own xd_arbiter page). Pure.
 */
import { isHttpsOrLocalUrl } from '../contract/common';
import type { StatusResponse } from '../contract/status';
import type { ReconnectPlan } from '../contract/plan';

export interface OriginSources {
  status: StatusResponse | null;
  starts: readonly { url: string; plan: ReconnectPlan | null }[];
  /** Dialog pages the content scripts reported (lib/storage/items.ts pagesByTab). */
  dialogs: readonly { kind: string; appId: string | null; redirectUri: string | null }[];
}

const isMetaOwned = (host: string) => host === 'facebook.com' || host.endsWith('.facebook.com') || host === 'fb.com' || host.endsWith('.fb.com');

/** `https://app.example.com` for an allowed URL, else null. */
export function productOriginOf(url: string | null | undefined): string | null {
  if (!url || !isHttpsOrLocalUrl(url)) return null;
  const parsed = new URL(url);
  if (parsed.username !== '' || parsed.password !== '' || isMetaOwned(parsed.hostname)) return null;
  return parsed.origin;
}

export function productOrigins(sources: OriginSources): string[] {
  const origins = new Set<string>();
  const add = (url: string | null | undefined) => {
    const origin = productOriginOf(url);
    if (origin) origins.add(origin);
  };
  const fromStatus = sources.status ? statusOrigins(sources.status) : { origins: [], appIds: new Set<string>() };
  for (const origin of fromStatus.origins) origins.add(origin);
  const appIds = new Set(fromStatus.appIds);
  for (const s of sources.starts) {
    add(s.url);
    add(s.plan?.reconnectUrl);
    if (s.plan) appIds.add(s.plan.appId);
  }
  for (const d of sources.dialogs) if (d.kind === 'oauth-dialog' && d.appId !== null && appIds.has(d.appId)) add(d.redirectUri);
  return [...origins].sort();
}

/**
 * `scheme://authority` of an absolute URL: everything before the path, query or fragment (a
 * backslash ends the authority too, as the URL standard reads it for http and https).
 */
const authorityPrefix = (url: string): string => {
  const start = url.indexOf('://');
  if (start < 0) return url;
  const end = url.slice(start + 3).search(/[/?#\\]/);
  return end < 0 ? url : url.slice(0, start + 3 + end);
};

const statusOriginsMemo = new WeakMap<StatusResponse, { origins: string[]; appIds: Set<string> }>();
/**
 * The origins of a status's reconnect URLs and its app ids, once per status object (the poll
 * keeps the object across a 304). Reseller statuses repeat a few hosts over thousands of URLs, so
 * each distinct `scheme://authority` is parsed once: an origin depends on nothing after it (and
 * every reconnectUrl of a status passed the same https-or-local check in the contract).
 */
function statusOrigins(status: StatusResponse): { origins: string[]; appIds: Set<string> } {
  const known = statusOriginsMemo.get(status);
  if (known) return known;
  const byPrefix = new Map<string, string | null>();
  const origins = new Set<string>();
  const appIds = new Set<string>();
  for (const w of status.workspaces) {
    const prefix = authorityPrefix(w.reconnectUrl);
    let origin = byPrefix.get(prefix);
    if (origin === undefined) {
      origin = isHttpsOrLocalUrl(w.reconnectUrl) ? productOriginOf(prefix) : null;
      byPrefix.set(prefix, origin);
    }
    if (origin) origins.add(origin);
    if (w.metaApp) appIds.add(w.metaApp.appId);
  }
  const result = { origins: [...origins], appIds };
  statusOriginsMemo.set(status, result);
  return result;
}

/** The match pattern of an origin (every page on it): `https://app.example.com/*`. */
export const matchPatternOf = (origin: string) => `${origin}/*`;

/** The host an admin reads in "Allow on app.example.com". */
export const hostLabelOf = (origin: string) => new URL(origin).host;
