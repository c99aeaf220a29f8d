/**
 * Temporary access token: on the App Dashboard's WhatsApp pages (API Setup hands out a "Temporary
 * access token" that lasts about a day), a small panel points to the system-user route for
 * production (lib/guidance/temporary-token.ts). Observes nothing on the page but its URL, and never
 * reads the token shown there; the product's app id comes from the cached backend status.
 */
import { temporaryTokenPanel } from '../guidance/temporary-token';
import { askOnStatus, type ContentFeature, type FeaturePanel } from './types';

export const feature: ContentFeature<'temporary-token'> = {
  id: 'temporary-token',
  kinds: ['app-dashboard-whatsapp'],
  placement: 'bottom',
  start: askOnStatus,
};

export const panel: FeaturePanel = ({ page, snapshot }) => {
  const appIds = (snapshot?.lastGood?.status.workspaces ?? []).flatMap((w) => (w.metaApp ? [w.metaApp.appId] : []));
  // The page's app when it is one of the product's; otherwise any of the product's (the panel then
  // says this page may be another app's); null when no status says which app is the product's.
  const productAppId = page.appId !== null && appIds.includes(page.appId) ? page.appId : (appIds[0] ?? null);
  return temporaryTokenPanel(page, productAppId);
};
