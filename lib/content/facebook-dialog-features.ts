/**
 * The facebook.com dialog script's on-demand chunk (./on-demand.ts): the live checklist's drawer
 * with the screen outline for support, which only a tab with a reconnect attempt draws, and the
 * rule packs other than English, which only a dialog in another language (or none declared) reads
 * with (lib/screens/rules/dialog-packs.ts). Kept apart from both entrypoints so each side reads the
 * same path and shape without pulling in what the chunk holds.
 */
import type { DrawChecklist } from '../features/reconnect-checklist';
import type { FeatureView } from '../features/types';
import type { RulePack } from '../screens/rules/types';

/** The unlisted script entrypoints/facebook-dialog-on-demand.ts, as WXT writes it. */
export const DIALOG_CHUNK = '/facebook-dialog-on-demand.js';

/** The facebook.com front ends whose login dialog the script runs on (docs/meta-platform.md §1.1). */
export const DIALOG_HOSTS = ['www', 'web', 'm', 'mobile'].map((host) => `${host}.facebook.com`);

/** The dialog paths on those hosts, versioned and unversioned: the script's matches. */
export const DIALOG_MATCHES = DIALOG_HOSTS.flatMap((host) => [`https://${host}/dialog/oauth*`, `https://${host}/v*/dialog/oauth*`]);

/**
 * Who may load the chunk: the dialog hosts' origins. Chromium takes only an origin in these
 * patterns (a path other than `/*` is an invalid manifest), so the path is not narrower here; the
 * chunk is imported only by the dialog script, which runs only on DIALOG_MATCHES. (A function: the
 * dialog script's bundle does not carry it.)
 */
export const dialogChunkMatches = (): string[] => DIALOG_HOSTS.map((host) => `https://${host}/*`);

/** What the chunk provides. */
export interface DialogOnDemand {
  checklistDrawer: (view: FeatureView) => DrawChecklist;
  /** Every rule pack, in lib/screens/rules/index.ts's order (the script's bundle carries English alone). */
  packs: readonly RulePack[];
}
