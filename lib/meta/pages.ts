import { META_ID_DIGITS, metaIdOrNull } from './ids';
/**
 * Where is the admin? Pure classification of a URL into the page kinds the extension cares about.
 *
 *   href ──parse──▶ URL ──gate (https, exact Meta host, no userinfo/port)──▶ DETECTORS, in order
 *                                                 │ first detector whose test() is true wins
 *                                                 ▼
 *                              PageInfo { kind, businessId, wabaId, appId, configId, redirectUri, state }
 *
 * One detector per page kind (docs/meta-platform.md §1.1, §1.3 and §7); their real-shaped example
 * URLs live with the tests (tests/support/page-examples.ts), not in the shipped code. pages.test.ts
 * runs every detector against every other detector's examples, so
 * two detectors can never both claim a URL, and a look-alike host can never pass the gate.
 *
 * Why so strict about hosts: the extension trusts what it reads on these pages (docs/meta-platform.md §1.4 inferred:
 * `endsWith('facebook.com')` would accept `evilfacebook.com`). Exact host names only.
 *
 * No zod here: this module runs in content scripts, which must stay small (lib/messaging.ts holds the
 * zod schema of PageInfo for the receiving side).
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
  'app-dashboard-whatsapp',
  'other',
] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

export interface PageInfo {
  kind: PageKind;
  /** Business portfolio id (`business_id`), digits only. */
  businessId: string | null;
  /** WhatsApp Business Account id, from `waba_id`, a WABA-typed `selected_asset_id`, `asset_id` on WABA pages, or a path id. */
  wabaId: string | null;
  /** Meta app id: `client_id` (manual flow) or `app_id` (JS SDK popups, hosted Embedded Signup). */
  appId: string | null;
  /** Facebook Login for Business configuration id (`config_id`). */
  configId: string | null;
  /** The dialog's `redirect_uri` (an http(s) URL), only on `oauth-dialog`. */
  redirectUri: string | null;
  /** The dialog's opaque `state`, only on `oauth-dialog`. */
  state: string | null;
}

/** Business Suite / Business Manager. */
const BUSINESS_HOSTS: ReadonlySet<string> = new Set(['business.facebook.com']);
/**
 * The Facebook front ends the login dialog and the personal settings are served from (docs/meta-platform.md §1.1:
 * www; SDK popups and mobile variants: web, m, mobile). The bare apex redirects to www but is Meta's.
 */
const FACEBOOK_HOSTS: ReadonlySet<string> = new Set(['www.facebook.com', 'web.facebook.com', 'm.facebook.com', 'mobile.facebook.com', 'facebook.com']);

/** True only for the exact Meta host names this extension works on; never a suffix match. */
export function isMetaHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return BUSINESS_HOSTS.has(host) || FACEBOOK_HOSTS.has(host);
}

export interface PageDetector {
  kind: Exclude<PageKind, 'other'>;
  /** `path` is the lower-cased pathname without trailing slashes. */
  test(url: URL, path: string): boolean;
}

/**
 * The App Dashboard (developers.facebook.com), kept apart from isMetaHost: only its WhatsApp pages
 * are detected (app-dashboard-whatsapp), and nothing there is trusted as a Business surface.
 */
const DEVELOPER_HOSTS: ReadonlySet<string> = new Set(['developers.facebook.com']);

/** The App Dashboard's host (see DEVELOPER_HOSTS): the messaging layer admits only a page's own reports from it. */
export function isDeveloperHost(hostname: string): boolean {
  return DEVELOPER_HOSTS.has(hostname.toLowerCase());
}

const onBusiness = (url: URL) => BUSINESS_HOSTS.has(url.hostname);
const onFacebook = (url: URL) => FACEBOOK_HOSTS.has(url.hostname);

/** Business Settings, legacy `/settings/…` or new `/latest/settings/…` (docs/meta-platform.md §7). `section` matches the first segment after it. */
const settingsSection = (path: string, section: RegExp): boolean => {
  const m = /^(?:\/latest)?\/settings(?:\/([^/]+))?/.exec(path);
  return m !== null && m[1] !== undefined && section.test(m[1]);
};
const isSettings = (path: string) => /^(?:\/latest)?\/settings(?:\/|$)/.test(path);

// Section names seen for each settings page (docs/meta-platform.md §7, observed: Meta renames them, so both `-` and `_`).
const WABA_SECTION = /^whatsapp[-_](?:business[-_])?accounts?$/;
const PEOPLE_SECTION = /^(?:people|business[-_]users)$/;
const SYSTEM_USERS_SECTION = /^system[-_]users$/;
const CONNECTED_APPS_SECTION = /^(?:connected[-_]apps|integrations)$/;

export const DETECTORS: readonly PageDetector[] = [
  {
    kind: 'oauth-dialog',
    // docs/meta-platform.md §1.1: versioned `/vNN.N/dialog/oauth` (manual flow, FB.login popups) and unversioned
    // `/dialog/oauth`, on www/web/m/mobile. Sub-steps of the dialog may add a path segment.
    test: (url, path) => onFacebook(url) && /^(?:\/v\d{1,3}\.\d{1,2})?\/dialog\/oauth(?:\/[a-z_]+)?$/.test(path),
  },
  {
    kind: 'embedded-signup-hosted',
    // docs/meta-platform.md §1.1 observed: Hosted Embedded Signup lives on business.facebook.com/messaging/whatsapp/onboard/.
    test: (url, path) => onBusiness(url) && /^\/messaging\/whatsapp\/onboard$/.test(path),
  },
  {
    kind: 'bm-whatsapp-accounts',
    // docs/meta-platform.md §7: legacy /settings/whatsapp-business-accounts[/<WABA_ID>], new /latest/settings/whatsapp_account.
    test: (url, path) => onBusiness(url) && settingsSection(path, WABA_SECTION),
  },
  {
    kind: 'bm-people',
    // docs/meta-platform.md §7: legacy /settings/people[/<USER_ID>], new /latest/settings/business_users (also /people).
    test: (url, path) => onBusiness(url) && settingsSection(path, PEOPLE_SECTION),
  },
  {
    kind: 'bm-system-users',
    // docs/meta-platform.md §7 and §2.4: /settings/system-users[/<SU_ID>], /latest/settings/system_users[/<SU_ID>].
    test: (url, path) => onBusiness(url) && settingsSection(path, SYSTEM_USERS_SECTION),
  },
  {
    kind: 'bm-connected-apps',
    // docs/meta-platform.md §4/§7: where a client removes a partner app: new /latest/settings/connected_apps, older
    // Business Settings > Integrations (/settings/integrations[/connected_apps]).
    test: (url, path) => onBusiness(url) && settingsSection(path, CONNECTED_APPS_SECTION),
  },
  {
    kind: 'bm-settings-other',
    // Any other Business Settings page (docs/meta-platform.md §7). `apps` lists apps the portfolio OWNS, and
    // `connected_accounts` is not Connected apps: both belong here, not to bm-connected-apps.
    test: (url, path) =>
      onBusiness(url) &&
      isSettings(path) &&
      !settingsSection(path, WABA_SECTION) &&
      !settingsSection(path, PEOPLE_SECTION) &&
      !settingsSection(path, SYSTEM_USERS_SECTION) &&
      !settingsSection(path, CONNECTED_APPS_SECTION),
  },
  {
    kind: 'whatsapp-manager',
    // docs/meta-platform.md §7: old /wa/manage/… (with waba_id), new /latest/whatsapp_manager/… (with asset_id).
    test: (url, path) => onBusiness(url) && /^(?:\/wa\/manage|\/latest\/whatsapp_manager)(?:\/|$)/.test(path),
  },
  {
    kind: 'fb-business-integrations',
    // docs/meta-platform.md §7: the personal Business Integrations list is facebook.com/settings?tab=business_tools
    // (`tab=applications` does not list portfolio-connected grants, so it is not this page).
    test: (url, path) => onFacebook(url) && path === '/settings' && url.searchParams.get('tab') === 'business_tools',
  },
  {
    kind: 'app-dashboard-whatsapp',
    // The App Dashboard's WhatsApp product pages, where "API Setup" hands out the "Temporary access
    // token" (Meta developer blog, "Using Authorization Tokens for the WhatsApp Business Platform",
    // 2022-12-05; https://developers.facebook.com/documentation/business-messaging/whatsapp/access-tokens): exact host, the app
    // id as a path segment, then whatsapp-business/… (API Setup is wa-dev-console/).
    test: (url, path) => DEVELOPER_HOSTS.has(url.hostname) && new RegExp(`^/apps/${META_ID_DIGITS}/whatsapp-business(?:/[a-z0-9_-]{1,64}){0,4}$`).test(path),
  },
];

const NONE: PageInfo = { kind: 'other', businessId: null, wabaId: null, appId: null, configId: null, redirectUri: null, state: null };

const metaId = metaIdOrNull;

/** `selected_asset_type` values that denote a WABA (docs/meta-platform.md §7 shows `whatsapp-business-account`). */
const WABA_ASSET_TYPE = /^(?:whatsapp[-_]business[-_]account|whatsapp[-_]account|waba)$/i;

function wabaIdOf(url: URL, path: string, kind: PageKind): string | null {
  const params = url.searchParams;
  const onWabaPage = kind === 'bm-whatsapp-accounts' || kind === 'whatsapp-manager';
  // waba_id names the WABA outright (old WhatsApp Manager).
  const direct = metaId(params.get('waba_id'));
  if (direct) return direct;
  // selected_asset_id is any asset (apps, Pages...): a WABA only when typed as one, or untyped on a WABA page.
  const type = params.get('selected_asset_type');
  if (type === null ? onWabaPage : WABA_ASSET_TYPE.test(type)) {
    const selected = metaId(params.get('selected_asset_id'));
    if (selected) return selected;
  }
  // asset_id is a WABA in the new WhatsApp Manager; elsewhere in Business Suite it is often a Page.
  if (onWabaPage) {
    const asset = metaId(params.get('asset_id'));
    if (asset) return asset;
  }
  // Legacy path id: /settings/whatsapp-business-accounts/<WABA_ID>.
  if (kind === 'bm-whatsapp-accounts') {
    const m = new RegExp(`^(?:/latest)?/settings/[^/]+/(${META_ID_DIGITS})$`).exec(path);
    if (m?.[1]) return m[1];
  }
  return null;
}

/** An http(s) URL as Meta would redirect to it; anything else is not reported. */
function redirectUriOf(value: string | null): string | null {
  if (!value || value.length > 2048) return null;
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? value : null;
  } catch {
    return null;
  }
}

export function classifyPage(href: string): PageInfo {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return NONE;
  }
  // The gate: https only, exact host, no credentials or port in the URL (a URL carrying them is
  // never a real Meta page, and userinfo is the classic way to make a URL *look* like one).
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '' || (!isMetaHost(url.hostname) && !DEVELOPER_HOSTS.has(url.hostname))) return NONE;
  const path = url.pathname.toLowerCase().replace(/\/+$/, '');
  const detector = DETECTORS.find((d) => d.test(url, path));
  if (!detector) return NONE;
  const kind = detector.kind;
  const params = url.searchParams;
  const isDialog = kind === 'oauth-dialog';
  const carriesApp = isDialog || kind === 'embedded-signup-hosted';
  const dashboardApp = kind === 'app-dashboard-whatsapp' ? metaId(/^\/apps\/(\d+)\//.exec(path)?.[1]) : null;
  return {
    kind,
    businessId: metaId(params.get('business_id')),
    wabaId: wabaIdOf(url, path, kind),
    appId: carriesApp ? metaId(params.get('client_id') ?? params.get('app_id')) : dashboardApp,
    configId: carriesApp ? metaId(params.get('config_id')) : null,
    redirectUri: isDialog ? redirectUriOf(params.get('redirect_uri')) : null,
    state: isDialog ? limited(params.get('state'), 1024) : null,
  };
}

const limited = (value: string | null, max: number): string | null => (value !== null && value !== '' && value.length <= max ? value : null);
