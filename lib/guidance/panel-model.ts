/**
 * What an in-page guidance panel says, as plain data. The background composes it (it holds the
 * cached backend status and the session's signals); the content script only renders it, as text.
 * Types and the tone words only: content scripts import this file. The tones are ../tone.ts's
 * PanelTone: `ok` is used only for something the backend verified; anything not read is `unknown`
 * ("never a false green").
 */
import type { feature as adminAccess } from '../features/admin-access';
import type { feature as appRemoval } from '../features/app-removal';
import type { feature as dialogReading } from '../features/dialog-reading';
import type { feature as temporaryToken } from '../features/temporary-token';
import type { feature as tokenDialog } from '../features/token-dialog';
import type { feature as wabaStatus } from '../features/waba-status';
import type { PanelTone } from '../tone';

/** The in-page features' ids (each feature module's `feature.id`): a feature's panel carries its id. */
export type FeatureTopic = (typeof adminAccess | typeof appRemoval | typeof dialogReading | typeof temporaryToken | typeof tokenDialog | typeof wabaStatus)['id'];

/** What a panel is about: a feature's id, or the panel no feature composes (the product page's flow outcome). */
export type PanelTopic = FeatureTopic | 'flow-outcome';

export interface PanelItem {
  tone: PanelTone;
  label: string;
  detail: string | null;
}

export interface PanelModel {
  topic: PanelTopic;
  tone: PanelTone;
  title: string;
  paragraphs: string[];
  /** A short list: WABAs, signals, connections. */
  items: PanelItem[];
  /** What to do, in order. */
  steps: string[];
  /** Small print: where the data comes from and how old it is. */
  note: string | null;
}

/** The background's answer to a `page-guidance` or `dialog-screen` message. */
export interface GuidanceReply {
  ok: true;
  /** The admin dismissed this page kind's panel earlier in this browser session. */
  dismissed: boolean;
  /** Null: nothing to show on this page. */
  panel: PanelModel | null;
}

export const TONE_WORDS: Record<PanelTone, string> = {
  ok: 'OK',
  info: 'Info',
  warning: 'Warning',
  danger: 'Action needed',
  unknown: 'Unknown',
};

