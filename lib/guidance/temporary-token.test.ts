import { describe, expect, it } from 'vitest';
import { classifyPage } from '../meta/pages';
import { temporaryTokenPanel } from './temporary-token';

describe('temporary access token panel', () => {
  it('shows on the App Dashboard WhatsApp API Setup page, with the app id from the path', () => {
    const page = classifyPage('https://developers.facebook.com/apps/100000000000001/whatsapp-business/wa-dev-console/?business_id=200000000000001');
    expect(page).toMatchObject({ kind: 'app-dashboard-whatsapp', appId: '100000000000001', businessId: '200000000000001' });
    const panel = temporaryTokenPanel(page, '100000000000001');
    expect(panel?.title).toBe('The temporary access token lasts about a day');
    expect(panel?.paragraphs.join(' ')).toContain('System users > Generate new token');
    expect(panel?.note).toBe('https://business.facebook.com/latest/settings/system_users?business_id=200000000000001');
  });
  it('says when the page is of another app, and shows nothing elsewhere', () => {
    const page = classifyPage('https://developers.facebook.com/apps/100000000000009/whatsapp-business/wa-dev-console/');
    expect(temporaryTokenPanel(page, '100000000000001')?.paragraphs[0]).toContain('may not be the product’s own Meta app');
    expect(temporaryTokenPanel(classifyPage('https://developers.facebook.com/apps/100000000000001/dashboard/'), null)).toBeNull();
  });
});
