import { describe, expect, it } from 'vitest';
import { classifyPage } from '../meta/pages';
import { handlePageDetected } from './page-detected';
import { pageOfTab } from './tab-state';

const WABA_URL = 'https://business.facebook.com/latest/settings/whatsapp_account?business_id=200000000000001&selected_asset_id=100000000000001&selected_asset_type=whatsapp-business-account';
const PEOPLE_URL = 'https://business.facebook.com/latest/settings/business_users?business_id=200000000000001';

describe('page-detected', () => {
  it('records a report that agrees with the sender’s URL', async () => {
    const page = classifyPage(WABA_URL);
    expect(await handlePageDetected(page, { frameId: 0, url: WABA_URL, tab: { id: 7, url: WABA_URL } })).toEqual({ ok: true });
    expect(await pageOfTab(7)).toMatchObject({ kind: page.kind, wabaId: '100000000000001' });
  });

  it('refuses, and does not record, a claim the sender’s URL contradicts (kind, business or WABA)', async () => {
    const waba = classifyPage(WABA_URL);
    const liar = [
      { page: waba, url: PEOPLE_URL },
      { page: { ...waba, wabaId: '100000000000999' }, url: WABA_URL },
      { page: { ...waba, businessId: '200000000000999' }, url: WABA_URL },
      { page: waba, url: 'https://evil.example.test/latest/settings/whatsapp_account' },
    ];
    for (const [i, { page, url }] of liar.entries()) {
      const reply = await handlePageDetected(page, { frameId: 0, url, tab: { id: 20 + i, url } });
      expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/does not match the sender's URL/) });
      expect(await pageOfTab(20 + i)).toBeNull();
    }
  });

  it('uses the tab’s URL for the top frame (the frame’s own URL can lag after an SPA navigation)', async () => {
    const page = classifyPage(PEOPLE_URL);
    expect(await handlePageDetected(page, { frameId: 0, url: WABA_URL, tab: { id: 30, url: PEOPLE_URL } })).toEqual({ ok: true });
  });

  it('refuses a report from outside a tab', async () => {
    expect(await handlePageDetected(classifyPage(WABA_URL), { url: WABA_URL })).toEqual({ ok: false, error: 'no tab' });
  });
});
