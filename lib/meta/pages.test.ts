import { describe, expect, it } from 'vitest';
import { EXAMPLES, OTHER_EXAMPLES } from '../../tests/support/page-examples';
import { classifyPage, DETECTORS, isMetaHost, PAGE_KINDS } from './pages';

const examplesOf = (kind: (typeof DETECTORS)[number]['kind']): readonly string[] => EXAMPLES[kind];

const pathOf = (url: URL) => url.pathname.toLowerCase().replace(/\/+$/, '');
const example = (kind: string, index: number): string => {
  const found = EXAMPLES[kind as keyof typeof EXAMPLES]?.[index];
  if (found === undefined) throw new Error(`no example ${index} for ${kind}`);
  return found;
};

describe('page detectors', () => {
  it('cover every page kind except other, once each', () => {
    expect(DETECTORS.map((d) => d.kind).sort()).toEqual(PAGE_KINDS.filter((k) => k !== 'other').sort());
  });

  // Every detector against every list: true on its own examples, false on everyone else's.
  for (const detector of DETECTORS) {
    describe(detector.kind, () => {
      it('has at least two examples', () => expect(examplesOf(detector.kind).length).toBeGreaterThanOrEqual(2));
      for (const other of DETECTORS) {
        for (const example of examplesOf(other.kind)) {
          const expected = other === detector;
          it(`${expected ? 'claims' : 'leaves'} ${other.kind}: ${example.slice(0, 110)}`, () => {
            const url = new URL(example);
            expect(detector.test(url, pathOf(url))).toBe(expected);
          });
        }
      }
    });
  }

  // Look-alike hosts, userinfo tricks, http:, ports, and Meta pages that are not ours: the host gate
  // in classifyPage runs before any detector, so these are checked through classifyPage.
  it.each(OTHER_EXAMPLES.map((e) => [e || '(empty)', e]))('classifies as other: %s', (_label, example) => {
    expect(classifyPage(example)).toEqual({ kind: 'other', businessId: null, wabaId: null, appId: null, configId: null, redirectUri: null, state: null });
  });

  it('classifies each example as its detector kind', () => {
    for (const detector of DETECTORS) for (const example of examplesOf(detector.kind)) expect(classifyPage(example).kind, example).toBe(detector.kind);
  });
});

describe('classifyPage extraction', () => {
  it('reads app, config, redirect and state from a manual-flow dialog URL', () => {
    expect(classifyPage(example('oauth-dialog', 0))).toEqual({
      kind: 'oauth-dialog',
      businessId: null,
      wabaId: null,
      appId: '100000000000001',
      configId: '300000000000001',
      redirectUri: 'https://app.example/meta/callback',
      state: 'st-abc123',
    });
  });

  it('takes app_id from a JS SDK popup and keeps its xd_arbiter redirect', () => {
    const page = classifyPage(example('oauth-dialog', 1));
    expect(page.appId).toBe('100000000000001');
    expect(page.configId).toBe('300000000000001');
    expect(page.redirectUri).toBe('https://staticxx.facebook.com/x/connect/xd_arbiter/?version=46#cb=f1');
    expect(page.state).toBeNull();
  });

  it('prefers client_id over app_id and refuses non-numeric ids', () => {
    expect(classifyPage('https://www.facebook.com/v21.0/dialog/oauth?client_id=111&app_id=222').appId).toBe('111');
    expect(classifyPage('https://www.facebook.com/v21.0/dialog/oauth?client_id=abc&config_id=1e5').appId).toBeNull();
    expect(classifyPage('https://www.facebook.com/v21.0/dialog/oauth?config_id=1e5').configId).toBeNull();
  });

  it('reports only http(s) redirect URIs and bounded state', () => {
    expect(classifyPage('https://www.facebook.com/dialog/oauth?client_id=1&redirect_uri=javascript%3Aalert(1)').redirectUri).toBeNull();
    expect(classifyPage(`https://www.facebook.com/dialog/oauth?client_id=1&state=${'s'.repeat(2000)}`).state).toBeNull();
  });

  it('reads the hosted Embedded Signup app and config', () => {
    expect(classifyPage(example('embedded-signup-hosted', 0))).toMatchObject({ kind: 'embedded-signup-hosted', appId: '100000000000001', configId: '300000000000001', redirectUri: null });
  });

  it('does not report app ids on Business Settings pages', () => {
    const page = classifyPage('https://business.facebook.com/latest/settings/apps?business_id=2&selected_asset_id=100000000000001&selected_asset_type=app');
    expect(page).toMatchObject({ kind: 'bm-settings-other', businessId: '2', wabaId: null, appId: null });
  });

  it.each([
    ['legacy path id', 'https://business.facebook.com/settings/whatsapp-business-accounts/100000000000009?business_id=200000000000001', '100000000000009'],
    ['typed selected_asset_id', 'https://business.facebook.com/latest/settings/whatsapp_account?business_id=2&selected_asset_id=100000000000009&selected_asset_type=whatsapp-business-account', '100000000000009'],
    ['untyped selected_asset_id on the WABA page', 'https://business.facebook.com/latest/settings/whatsapp_account?business_id=2&selected_asset_id=100000000000009', '100000000000009'],
    ['waba_id in old WhatsApp Manager', 'https://business.facebook.com/wa/manage/home/?business_id=2&waba_id=100000000000009', '100000000000009'],
    ['asset_id in new WhatsApp Manager', 'https://business.facebook.com/latest/whatsapp_manager/overview?business_id=2&asset_id=100000000000009', '100000000000009'],
    ['a WABA-typed selection on the People page', 'https://business.facebook.com/latest/settings/business_users?business_id=2&selected_asset_id=100000000000009&selected_asset_type=whatsapp-business-account', '100000000000009'],
  ])('finds the WABA id: %s', (_label, href, wabaId) => {
    expect(classifyPage(href).wabaId).toBe(wabaId);
  });

  it.each([
    ['an app-typed selected_asset_id', 'https://business.facebook.com/latest/settings/whatsapp_account?business_id=2&selected_asset_id=100000000000001&selected_asset_type=app'],
    ['an untyped selected_asset_id on the Pages page', 'https://business.facebook.com/latest/settings/pages?business_id=2&selected_asset_id=700000000000001'],
    ['asset_id outside WhatsApp pages (often a Page id)', 'https://business.facebook.com/latest/settings/business_users?business_id=2&asset_id=700000000000001'],
    ['a system user path id', 'https://business.facebook.com/settings/system-users/500000000000001?business_id=2'],
    ['a non-numeric waba_id', 'https://business.facebook.com/wa/manage/home/?waba_id=12ab'],
  ])('does not take %s for a WABA id', (_label, href) => {
    expect(classifyPage(href).wabaId).toBeNull();
  });

  it('reads business_id anywhere on business.facebook.com, digits only', () => {
    expect(classifyPage('https://business.facebook.com/latest/settings/business_users?business_id=200000000000001').businessId).toBe('200000000000001');
    expect(classifyPage('https://business.facebook.com/latest/settings/business_users?business_id=2000%2000').businessId).toBeNull();
  });

  it('matches path case-insensitively and tolerates trailing slashes', () => {
    expect(classifyPage('https://business.facebook.com/Latest/Settings/Business_Users/?business_id=2').kind).toBe('bm-people');
    expect(classifyPage('https://WWW.FACEBOOK.COM/v21.0/dialog/oauth/?client_id=1').kind).toBe('oauth-dialog');
  });

  it('never throws, whatever the input', () => {
    for (const weird of ['%%%', 'https://', 'https://[::1]/', 'file:///etc/passwd', 'https://business.facebook.com/%E0%A4%A', `https://business.facebook.com/${'a/'.repeat(5000)}`]) {
      expect(() => classifyPage(weird)).not.toThrow();
    }
  });
});

describe('isMetaHost', () => {
  it.each(['business.facebook.com', 'www.facebook.com', 'web.facebook.com', 'm.facebook.com', 'mobile.facebook.com', 'facebook.com', 'Business.Facebook.com'])('accepts %s', (host) => {
    expect(isMetaHost(host)).toBe(true);
  });
  it.each(['evilfacebook.com', 'facebook.com.evil.test', 'business.facebook.com.', 'staticxx.facebook.com', 'developers.facebook.com', 'xfacebook.com', 'facebook.co', ''])('rejects %s', (host) => {
    expect(isMetaHost(host)).toBe(false);
  });
});
