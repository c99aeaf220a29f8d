/**
 * Where is the admin? Pure classification of a URL into the page kinds the extension cares about.
 *
 *   href ──parse──▶ URL ──gate (https, exact Meta host, no userinfo/port)──▶ DETECTORS, in order
 *                                                 │ first detector whose test() is true wins
 *                                                 ▼
 *                              PageInfo { kind, businessId, wabaId, appId, configId, redirectUri, state }
 *
 * One detector per page kind, each carrying its own real-shaped example URLs (meta-platform-facts.md
 * §1.1, §1.3 and §7). pages.test.ts runs every detector against every other detector's examples, so
 * two detectors can never both claim a URL, and a look-alike host can never pass the gate.
 *
 * Why so strict about hosts: the extension trusts what it reads on these pages (facts §1.4 [INF]:
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
 * The Facebook front ends the login dialog and the personal settings are served from (facts §1.1:
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
  /** Real-shaped example URLs (ids illustrative); the cross-detector test runs on them. */
  examples: readonly string[];
  /** `path` is the lower-cased pathname without trailing slashes. */
  test(url: URL, path: string): boolean;
}

/**
 * The App Dashboard (developers.facebook.com), kept apart from isMetaHost: only its WhatsApp pages
 * are detected (app-dashboard-whatsapp), and nothing there is trusted as a Business surface.
 */
const DEVELOPER_HOSTS: ReadonlySet<string> = new Set(['developers.facebook.com']);

const onBusiness = (url: URL) => BUSINESS_HOSTS.has(url.hostname);
const onFacebook = (url: URL) => FACEBOOK_HOSTS.has(url.hostname);

/** Business Settings, legacy `/settings/…` or new `/latest/settings/…` (facts §7). `section` matches the first segment after it. */
const settingsSection = (path: string, section: RegExp): boolean => {
  const m = /^(?:\/latest)?\/settings(?:\/([^/]+))?/.exec(path);
  return m !== null && m[1] !== undefined && section.test(m[1]);
};
const isSettings = (path: string) => /^(?:\/latest)?\/settings(?:\/|$)/.test(path);

// Section names seen for each settings page (facts §7, [3P]: Meta renames them, so both `-` and `_`).
const WABA_SECTION = /^whatsapp[-_](?:business[-_])?accounts?$/;
const PEOPLE_SECTION = /^(?:people|business[-_]users)$/;
const SYSTEM_USERS_SECTION = /^system[-_]users$/;
const CONNECTED_APPS_SECTION = /^(?:connected[-_]apps|integrations)$/;

export const DETECTORS: readonly PageDetector[] = [
  {
    kind: 'oauth-dialog',
    // facts §1.1: versioned `/vNN.N/dialog/oauth` (manual flow, FB.login popups) and unversioned
    // `/dialog/oauth`, on www/web/m/mobile. Sub-steps of the dialog may add a path segment.
    test: (url, path) => onFacebook(url) && /^(?:\/v\d{1,3}\.\d{1,2})?\/dialog\/oauth(?:\/[a-z_]+)?$/.test(path),
    examples: [
      'https://www.facebook.com/v21.0/dialog/oauth?client_id=100000000000001&redirect_uri=https%3A%2F%2Fapp.example%2Fmeta%2Fcallback&config_id=300000000000001&state=st-abc123&response_type=code&override_default_response_type=true',
      'https://www.facebook.com/v19.0/dialog/oauth?app_id=100000000000001&cbt=1700000000000&channel_url=https%3A%2F%2Fstaticxx.facebook.com%2Fx%2Fconnect%2Fxd_arbiter%2F%3Fversion%3D46&config_id=300000000000001&display=popup&domain=app.example&e2e=%7B%7D&extras=%7B%22setup%22%3A%7B%7D%2C%22featureType%22%3A%22whatsapp_business_app_onboarding%22%2C%22sessionInfoVersion%22%3A%223%22%7D&fallback_redirect_uri=https%3A%2F%2Fapp.example%2Fsettings&locale=en_US&origin=1&override_default_response_type=true&redirect_uri=https%3A%2F%2Fstaticxx.facebook.com%2Fx%2Fconnect%2Fxd_arbiter%2F%3Fversion%3D46%23cb%3Df1&response_type=code&sdk=joey&version=v19.0',
      'https://web.facebook.com/v18.0/dialog/oauth?client_id=100000000000001&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=xyz',
      'https://m.facebook.com/v21.0/dialog/oauth/?client_id=100000000000001&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&config_id=300000000000001&display=touch',
      'https://mobile.facebook.com/dialog/oauth?client_id=100000000000001&redirect_uri=https%3A%2F%2Fapp.example%2Fcb',
      'https://www.facebook.com/dialog/oauth?client_id=100000000000001&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=email&auth_type=rerequest',
    ],
  },
  {
    kind: 'embedded-signup-hosted',
    // facts §1.1 [3P]: Hosted Embedded Signup lives on business.facebook.com/messaging/whatsapp/onboard/.
    test: (url, path) => onBusiness(url) && /^\/messaging\/whatsapp\/onboard$/.test(path),
    examples: [
      'https://business.facebook.com/messaging/whatsapp/onboard/?app_id=100000000000001&config_id=300000000000001&extras=%7B%22sessionInfoVersion%22%3A%223%22%2C%22version%22%3A%22v3%22%7D',
      'https://business.facebook.com/messaging/whatsapp/onboard?app_id=100000000000001&config_id=300000000000001',
    ],
  },
  {
    kind: 'bm-whatsapp-accounts',
    // facts §7: legacy /settings/whatsapp-business-accounts[/<WABA_ID>], new /latest/settings/whatsapp_account.
    test: (url, path) => onBusiness(url) && settingsSection(path, WABA_SECTION),
    examples: [
      'https://business.facebook.com/settings/whatsapp-business-accounts?business_id=200000000000001',
      'https://business.facebook.com/settings/whatsapp-business-accounts/100000000000009?business_id=200000000000001',
      'https://business.facebook.com/latest/settings/whatsapp_account?business_id=200000000000001&selected_asset_id=100000000000009&selected_asset_type=whatsapp-business-account',
      'https://business.facebook.com/latest/settings/whatsapp_account/?business_id=200000000000001',
    ],
  },
  {
    kind: 'bm-people',
    // facts §7: legacy /settings/people[/<USER_ID>], new /latest/settings/business_users (also /people).
    test: (url, path) => onBusiness(url) && settingsSection(path, PEOPLE_SECTION),
    examples: [
      'https://business.facebook.com/settings/people?business_id=200000000000001',
      'https://business.facebook.com/settings/people/400000000000001?business_id=200000000000001',
      'https://business.facebook.com/latest/settings/business_users?business_id=200000000000001',
      'https://business.facebook.com/latest/settings/business_users?business_id=200000000000001&selected_user_id=400000000000001',
      'https://business.facebook.com/latest/settings/people?business_id=200000000000001',
    ],
  },
  {
    kind: 'bm-system-users',
    // facts §7 and §2.4: /settings/system-users[/<SU_ID>], /latest/settings/system_users[/<SU_ID>].
    test: (url, path) => onBusiness(url) && settingsSection(path, SYSTEM_USERS_SECTION),
    examples: [
      'https://business.facebook.com/settings/system-users?business_id=200000000000001',
      'https://business.facebook.com/settings/system-users/500000000000001?business_id=200000000000001',
      'https://business.facebook.com/latest/settings/system_users?business_id=200000000000001&selected_user_id=500000000000001',
      'https://business.facebook.com/latest/settings/system_users/500000000000001?business_id=200000000000001',
    ],
  },
  {
    kind: 'bm-connected-apps',
    // facts §4/§7: where a client removes a partner app: new /latest/settings/connected_apps, older
    // Business Settings > Integrations (/settings/integrations[/connected_apps]).
    test: (url, path) => onBusiness(url) && settingsSection(path, CONNECTED_APPS_SECTION),
    examples: [
      'https://business.facebook.com/latest/settings/connected_apps?business_id=200000000000001',
      'https://business.facebook.com/latest/settings/connected_apps',
      'https://business.facebook.com/settings/integrations?business_id=200000000000001',
      'https://business.facebook.com/settings/integrations/connected_apps?business_id=200000000000001',
    ],
  },
  {
    kind: 'bm-settings-other',
    // Any other Business Settings page (facts §7). `apps` lists apps the portfolio OWNS, and
    // `connected_accounts` is not Connected apps: both belong here, not to bm-connected-apps.
    test: (url, path) =>
      onBusiness(url) &&
      isSettings(path) &&
      !settingsSection(path, WABA_SECTION) &&
      !settingsSection(path, PEOPLE_SECTION) &&
      !settingsSection(path, SYSTEM_USERS_SECTION) &&
      !settingsSection(path, CONNECTED_APPS_SECTION),
    examples: [
      'https://business.facebook.com/settings/',
      'https://business.facebook.com/settings/security_center?business_id=200000000000001',
      'https://business.facebook.com/settings/ad-accounts/600000000000001?business_id=200000000000001',
      'https://business.facebook.com/latest/settings/apps?business_id=200000000000001&selected_asset_id=100000000000001&selected_asset_type=app',
      'https://business.facebook.com/latest/settings/connected_accounts?business_id=200000000000001',
      'https://business.facebook.com/latest/settings/business_info?business_id=200000000000001',
      'https://business.facebook.com/latest/settings/pages?business_id=200000000000001&selected_asset_id=700000000000001',
    ],
  },
  {
    kind: 'whatsapp-manager',
    // facts §7: old /wa/manage/… (with waba_id), new /latest/whatsapp_manager/… (with asset_id).
    test: (url, path) => onBusiness(url) && /^(?:\/wa\/manage|\/latest\/whatsapp_manager)(?:\/|$)/.test(path),
    examples: [
      'https://business.facebook.com/wa/manage/home/?business_id=200000000000001&waba_id=100000000000009',
      'https://business.facebook.com/wa/manage/phone-numbers/?business_id=200000000000001&waba_id=100000000000009',
      'https://business.facebook.com/wa/manage/home/',
      'https://business.facebook.com/latest/whatsapp_manager/overview?business_id=200000000000001&asset_id=100000000000009',
      'https://business.facebook.com/latest/whatsapp_manager/phone_numbers?business_id=200000000000001&asset_id=100000000000009',
      'https://business.facebook.com/latest/whatsapp_manager/api_setup',
    ],
  },
  {
    kind: 'fb-business-integrations',
    // facts §7: the personal Business Integrations list is facebook.com/settings?tab=business_tools
    // (`tab=applications` does not list portfolio-connected grants, so it is not this page).
    test: (url, path) => onFacebook(url) && path === '/settings' && url.searchParams.get('tab') === 'business_tools',
    examples: [
      'https://www.facebook.com/settings?tab=business_tools',
      'https://www.facebook.com/settings?tab=business_tools&ref=settings',
      'https://web.facebook.com/settings/?tab=business_tools',
      'https://m.facebook.com/settings?tab=business_tools',
    ],
  },
  {
    kind: 'app-dashboard-whatsapp',
    // The App Dashboard's WhatsApp product pages, where "API Setup" hands out the "Temporary access
    // token" (Meta developer blog, "Using Authorization Tokens for the WhatsApp Business Platform",
    // 2022-12-05; https://developers.facebook.com/documentation/business-messaging/whatsapp/access-tokens): exact host, the app
    // id as a path segment, then whatsapp-business/… (API Setup is wa-dev-console/).
    test: (url, path) => DEVELOPER_HOSTS.has(url.hostname) && /^\/apps\/\d{1,32}\/whatsapp-business(?:\/[a-z0-9_-]{1,64}){0,4}$/.test(path),
    examples: [
      'https://developers.facebook.com/apps/100000000000001/whatsapp-business/wa-dev-console/',
      'https://developers.facebook.com/apps/100000000000001/whatsapp-business/wa-dev-console/?business_id=200000000000001',
      'https://developers.facebook.com/apps/100000000000001/whatsapp-business/wa-settings/',
      'https://developers.facebook.com/apps/100000000000001/whatsapp-business/',
    ],
  },
];

/**
 * URLs that must classify as `other`: look-alike hosts (facts §1.4: third-party tests reject
 * `evilfacebook.com` and `facebook.com.evil.test`), userinfo tricks, plain http, odd ports, and Meta
 * pages that are not ours.
 */
export const OTHER_EXAMPLES: readonly string[] = [
  'https://evilfacebook.com/v21.0/dialog/oauth?client_id=100000000000001',
  'https://www.evilfacebook.com/dialog/oauth?client_id=100000000000001',
  'https://facebook.com.evil.test/v21.0/dialog/oauth?client_id=100000000000001',
  'https://business.facebook.com.evil.test/latest/settings/business_users?business_id=200000000000001',
  'https://business.facebook.com@evil.test/latest/settings/business_users?business_id=200000000000001',
  'https://user:pass@business.facebook.com/latest/settings/business_users?business_id=200000000000001',
  'https://business.facebook.com:8443/latest/settings/business_users?business_id=200000000000001',
  'http://business.facebook.com/latest/settings/business_users?business_id=200000000000001',
  'http://www.facebook.com/v21.0/dialog/oauth?client_id=100000000000001',
  'https://business.facebook.com./latest/settings/business_users',
  'https://staticxx.facebook.com/x/connect/xd_arbiter/?version=46',
  'https://developers.facebook.com/apps/100000000000001/dashboard/',
  'https://developers.facebook.com/apps/not-an-id/whatsapp-business/wa-dev-console/',
  'https://developers.facebook.com/apps/100000000000001/whatsapp-business-evil/',
  'https://developers.facebook.com.evil.test/apps/100000000000001/whatsapp-business/wa-dev-console/',
  'https://business.facebook.com/apps/100000000000001/whatsapp-business/wa-dev-console/',
  'https://www.facebook.com/apps/100000000000001/whatsapp-business/wa-dev-console/',
  'http://developers.facebook.com/apps/100000000000001/whatsapp-business/wa-dev-console/',
  'https://developers.facebook.com/docs/whatsapp/cloud-api/get-started',
  'https://www.facebook.com/settings?tab=applications',
  'https://www.facebook.com/settings',
  'https://www.facebook.com/latest/settings/business_users',
  'https://www.facebook.com/business/help/405094243235242',
  'https://business.facebook.com/dialog/oauth?client_id=100000000000001',
  'https://www.facebook.com/v21.0/dialog/share?app_id=100000000000001',
  'https://business.facebook.com/latest/home?asset_id=700000000000001&business_id=200000000000001',
  'https://business.facebook.com/business-support-home',
  'https://www.facebook.com/messaging/whatsapp/onboard/?app_id=100000000000001',
  'https://app.example/meta/callback?code=abc&state=st-abc123#_=_',
  'javascript:alert(1)//business.facebook.com/settings',
  'not a url',
  '',
];

const NONE: PageInfo = { kind: 'other', businessId: null, wabaId: null, appId: null, configId: null, redirectUri: null, state: null };

/** Meta object ids are decimal digit strings; anything else is not an id we trust. */
const metaId = (value: string | null | undefined): string | null => (value && /^\d{1,32}$/.test(value) ? value : null);

/** `selected_asset_type` values that denote a WABA (facts §7 shows `whatsapp-business-account`). */
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
    const m = /^(?:\/latest)?\/settings\/[^/]+\/(\d{1,32})$/.exec(path);
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
