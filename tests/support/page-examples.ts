/**
 * Real-shaped example URLs for every page detector (lib/meta/pages.ts; ids illustrative), kept with
 * the tests so they do not ship in the content scripts. pages.test.ts runs every detector against
 * every other detector's examples.
 */
import type { PageKind } from '../../lib/meta/pages';

export const EXAMPLES: Record<Exclude<PageKind, 'other'>, readonly string[]> = {
  'oauth-dialog': [
    'https://www.facebook.com/v21.0/dialog/oauth?client_id=100000000000001&redirect_uri=https%3A%2F%2Fapp.example%2Fmeta%2Fcallback&config_id=300000000000001&state=st-abc123&response_type=code&override_default_response_type=true',
    'https://www.facebook.com/v19.0/dialog/oauth?app_id=100000000000001&cbt=1700000000000&channel_url=https%3A%2F%2Fstaticxx.facebook.com%2Fx%2Fconnect%2Fxd_arbiter%2F%3Fversion%3D46&config_id=300000000000001&display=popup&domain=app.example&e2e=%7B%7D&extras=%7B%22setup%22%3A%7B%7D%2C%22featureType%22%3A%22whatsapp_business_app_onboarding%22%2C%22sessionInfoVersion%22%3A%223%22%7D&fallback_redirect_uri=https%3A%2F%2Fapp.example%2Fsettings&locale=en_US&origin=1&override_default_response_type=true&redirect_uri=https%3A%2F%2Fstaticxx.facebook.com%2Fx%2Fconnect%2Fxd_arbiter%2F%3Fversion%3D46%23cb%3Df1&response_type=code&sdk=joey&version=v19.0',
    'https://web.facebook.com/v18.0/dialog/oauth?client_id=100000000000001&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=xyz',
    'https://m.facebook.com/v21.0/dialog/oauth/?client_id=100000000000001&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&config_id=300000000000001&display=touch',
    'https://mobile.facebook.com/dialog/oauth?client_id=100000000000001&redirect_uri=https%3A%2F%2Fapp.example%2Fcb',
    'https://www.facebook.com/dialog/oauth?client_id=100000000000001&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=email&auth_type=rerequest',
  ],
  'embedded-signup-hosted': [
    'https://business.facebook.com/messaging/whatsapp/onboard/?app_id=100000000000001&config_id=300000000000001&extras=%7B%22sessionInfoVersion%22%3A%223%22%2C%22version%22%3A%22v3%22%7D',
    'https://business.facebook.com/messaging/whatsapp/onboard?app_id=100000000000001&config_id=300000000000001',
  ],
  'bm-whatsapp-accounts': [
    'https://business.facebook.com/settings/whatsapp-business-accounts?business_id=200000000000001',
    'https://business.facebook.com/settings/whatsapp-business-accounts/100000000000009?business_id=200000000000001',
    'https://business.facebook.com/latest/settings/whatsapp_account?business_id=200000000000001&selected_asset_id=100000000000009&selected_asset_type=whatsapp-business-account',
    'https://business.facebook.com/latest/settings/whatsapp_account/?business_id=200000000000001',
  ],
  'bm-people': [
    'https://business.facebook.com/settings/people?business_id=200000000000001',
    'https://business.facebook.com/settings/people/400000000000001?business_id=200000000000001',
    'https://business.facebook.com/latest/settings/business_users?business_id=200000000000001',
    'https://business.facebook.com/latest/settings/business_users?business_id=200000000000001&selected_user_id=400000000000001',
    'https://business.facebook.com/latest/settings/people?business_id=200000000000001',
  ],
  'bm-system-users': [
    'https://business.facebook.com/settings/system-users?business_id=200000000000001',
    'https://business.facebook.com/settings/system-users/500000000000001?business_id=200000000000001',
    'https://business.facebook.com/latest/settings/system_users?business_id=200000000000001&selected_user_id=500000000000001',
    'https://business.facebook.com/latest/settings/system_users/500000000000001?business_id=200000000000001',
  ],
  'bm-connected-apps': [
    'https://business.facebook.com/latest/settings/connected_apps?business_id=200000000000001',
    'https://business.facebook.com/latest/settings/connected_apps',
    'https://business.facebook.com/settings/integrations?business_id=200000000000001',
    'https://business.facebook.com/settings/integrations/connected_apps?business_id=200000000000001',
  ],
  'bm-settings-other': [
    'https://business.facebook.com/settings/',
    'https://business.facebook.com/settings/security_center?business_id=200000000000001',
    'https://business.facebook.com/settings/ad-accounts/600000000000001?business_id=200000000000001',
    'https://business.facebook.com/latest/settings/apps?business_id=200000000000001&selected_asset_id=100000000000001&selected_asset_type=app',
    'https://business.facebook.com/latest/settings/connected_accounts?business_id=200000000000001',
    'https://business.facebook.com/latest/settings/business_info?business_id=200000000000001',
    'https://business.facebook.com/latest/settings/pages?business_id=200000000000001&selected_asset_id=700000000000001',
  ],
  'whatsapp-manager': [
    'https://business.facebook.com/wa/manage/home/?business_id=200000000000001&waba_id=100000000000009',
    'https://business.facebook.com/wa/manage/phone-numbers/?business_id=200000000000001&waba_id=100000000000009',
    'https://business.facebook.com/wa/manage/home/',
    'https://business.facebook.com/latest/whatsapp_manager/overview?business_id=200000000000001&asset_id=100000000000009',
    'https://business.facebook.com/latest/whatsapp_manager/phone_numbers?business_id=200000000000001&asset_id=100000000000009',
    'https://business.facebook.com/latest/whatsapp_manager/api_setup',
  ],
  'fb-business-integrations': [
    'https://www.facebook.com/settings?tab=business_tools',
    'https://www.facebook.com/settings?tab=business_tools&ref=settings',
    'https://web.facebook.com/settings/?tab=business_tools',
    'https://m.facebook.com/settings?tab=business_tools',
  ],
  'app-dashboard-whatsapp': [
    'https://developers.facebook.com/apps/100000000000001/whatsapp-business/wa-dev-console/',
    'https://developers.facebook.com/apps/100000000000001/whatsapp-business/wa-dev-console/?business_id=200000000000001',
    'https://developers.facebook.com/apps/100000000000001/whatsapp-business/wa-settings/',
    'https://developers.facebook.com/apps/100000000000001/whatsapp-business/',
  ],
};

/**
 * URLs that must classify as `other`: look-alike hosts (docs/meta-platform.md §1.4: third-party tests reject
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
