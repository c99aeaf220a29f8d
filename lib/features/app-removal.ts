/**
 * App removal: on Connected apps (Business Settings) and Business Integrations (facebook.com
 * settings), what removing the product's app there would cut off (lib/guidance/app-removal.ts).
 * Observes nothing on the page but its URL; the panel comes from the cached backend status.
 */
import { appRemovalPanel } from '../guidance/app-removal';
import { askOnStatus, type ContentFeature, type FeaturePanel } from './types';

export const feature: ContentFeature<'app-removal'> = {
  id: 'app-removal',
  kinds: ['bm-connected-apps', 'fb-business-integrations'],
  placement: 'bottom',
  start: askOnStatus,
};

export const panel: FeaturePanel = ({ page, snapshot }) => appRemovalPanel(snapshot, page);
