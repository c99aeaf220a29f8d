/**
 * The small panel on the App Dashboard's WhatsApp pages (API Setup): the "Temporary access token"
 * shown there expires in less than a day (Meta developer blog, "Using Authorization Tokens for the
 * WhatsApp Business Platform", 2022-12-05), yet many setup guides tell people to copy it into a
 * product. A connection built on it breaks the next day; a system-user token that never expires is
 * the production route (https://developers.facebook.com/docs/business-management-apis/system-users/install-apps-and-generate-tokens).
 * Pure: the page's app id and the product's app id (when known) in, the panel out.
 */
import type { PageInfo } from '../meta/pages';
import type { PanelModel } from './panel-model';

export function temporaryTokenPanel(page: Pick<PageInfo, 'kind' | 'appId' | 'businessId'>, productAppId: string | null): PanelModel | null {
  if (page.kind !== 'app-dashboard-whatsapp') return null;
  const ours = productAppId !== null && page.appId === productAppId;
  const settings = page.businessId
    ? `https://business.facebook.com/latest/settings/system_users?business_id=${page.businessId}`
    : 'https://business.facebook.com/latest/settings/system_users';
  return {
    topic: 'temporary-token',
    tone: 'warning',
    title: 'The temporary access token lasts about a day',
    paragraphs: [
      `The “Temporary access token” on this page expires in less than 24 hours. A product connected with it stops working tomorrow${ours ? '' : ' (and this page may not be the product’s own Meta app)'}.`,
      'For production, generate a system-user token that never expires: Business settings > Users > System users > Generate new token.',
    ],
    items: [],
    steps: ['Open System users in Business settings.', 'Choose the system user, then Generate new token.', 'Choose the product’s app, token expiration Never, and tick whatsapp_business_management and whatsapp_business_messaging.'],
    note: settings,
  };
}
