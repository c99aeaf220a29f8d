/// <reference types="vite/client" />
/**
 * Every in-page feature, for the background: each module in this folder that exports a `feature`
 * and a `panel` (lib/features/types.ts). Found by the bundler (Vite's import.meta.glob), so a new
 * feature module is known to the background without being listed here; content scripts never
 * import this file (each lists its own features).
 */
import type { PageKind } from '../meta/pages';
import type { ContentFeature, FeaturePanel } from './types';

interface FeatureModule {
  feature: ContentFeature;
  panel: FeaturePanel;
}

const modules = import.meta.glob<FeatureModule>(['./*.ts', '!./index.ts', '!./types.ts', '!./*.test.ts'], { eager: true });

export const FEATURES: readonly FeatureModule[] = Object.values(modules).filter((m) => m.feature && typeof m.panel === 'function');

/** The feature that runs on a page kind, or null (one per kind; a test keeps it so). */
export function featureFor(kind: PageKind): FeatureModule | null {
  return FEATURES.find((m) => m.feature.kinds.includes(kind)) ?? null;
}
