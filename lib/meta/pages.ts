/**
 * Where is the admin? Pure classification of a URL into the page kinds the extension cares about.
 * (Walking-skeleton version: the full detector set with example URLs is issue #5's.)
 */
export const PAGE_KINDS = [
  'oauth-dialog',
  'embedded-signup-hosted',
  'bm-whatsapp-accounts',
  'bm-people',
  'bm-system-users',
  'bm-connected-apps',
  'bm-settings-other',
  'whatsapp-manager',
  'fb-business-integrations',
  'other',
] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/** No zod here: this module runs in content scripts, which must stay small. */
export interface PageInfo {
  kind: PageKind;
  businessId: string | null;
  wabaId: string | null;
  appId: string | null;
  configId: string | null;
}

const BUSINESS_HOST = 'business.facebook.com';

export function classifyPage(href: string): PageInfo {
  const none: PageInfo = { kind: 'other', businessId: null, wabaId: null, appId: null, configId: null };
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return none;
  }
  if (url.protocol !== 'https:' || url.hostname !== BUSINESS_HOST) return none;
  const id = (value: string | null | undefined) => (value && /^\d{1,32}$/.test(value) ? value : null);
  const businessId = id(url.searchParams.get('business_id'));
  const path = url.pathname.replace(/\/+$/, '');
  const kind: PageKind = /\/settings\/(whatsapp[-_]business[-_]accounts|whatsapp_account)/.test(path)
    ? 'bm-whatsapp-accounts'
    : /\/settings\/(people|business_users)/.test(path)
      ? 'bm-people'
      : /\/settings\/system[-_]users/.test(path)
        ? 'bm-system-users'
        : /\/settings\/(connected_apps|integrations)/.test(path)
          ? 'bm-connected-apps'
          : /^(\/latest)?\/settings/.test(path)
            ? 'bm-settings-other'
            : /^\/(wa\/manage|latest\/whatsapp_manager)/.test(path)
              ? 'whatsapp-manager'
              : 'other';
  const wabaId = id(url.searchParams.get('selected_asset_id') ?? url.searchParams.get('waba_id') ?? url.searchParams.get('asset_id'));
  return { kind, businessId, wabaId, appId: null, configId: null };
}
