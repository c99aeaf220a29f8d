/**
 * Which Business Suite features run from the on-demand chunk (./on-demand.ts), and the chunk's path
 * in the build. Kept apart from both entrypoints so each side, and the test that keeps them equal to
 * the real feature modules, reads the same list without pulling in the readers.
 */
import type { FeatureMeta } from './on-demand';

/** The unlisted script entrypoints/business-manager-readers.ts, as WXT writes it. */
export const READERS_CHUNK = '/business-manager-readers.js';

export const ON_DEMAND: readonly FeatureMeta[] = [
  { id: 'admin-access', kinds: ['bm-people'], placement: 'bottom' },
  { id: 'dialog-reading', kinds: ['oauth-dialog', 'embedded-signup-hosted'], placement: 'top' },
  { id: 'token-dialog', kinds: ['bm-system-users'], placement: 'top' },
];
