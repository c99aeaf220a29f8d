/**
 * WABA status: on a WhatsApp Business Account's page (Business Settings > WhatsApp accounts,
 * WhatsApp Manager), whether the product's connection works for that account. Observes nothing on
 * the page but its URL; the panel comes from the cached backend status (lib/guidance/waba-status.ts).
 */
import { wabaStatusPanel } from '../guidance/waba-status';
import { askOnStatus, type ContentFeature, type FeaturePanel } from './types';

export const feature: ContentFeature<'waba-status'> = {
  id: 'waba-status',
  kinds: ['bm-whatsapp-accounts', 'whatsapp-manager'],
  placement: 'bottom',
  start: askOnStatus,
};

export const panel: FeaturePanel = ({ page, snapshot, now }) => (page.wabaId ? wabaStatusPanel(snapshot, page.wabaId, now) : null);
