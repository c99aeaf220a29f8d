/**
 * What an in-page guidance panel says, as plain data. The background composes it (it holds the
 * cached backend status and the session's signals); the content script only renders it, as text.
 * Types only: content scripts import this file without pulling in any code.
 */

/**
 * `ok` is used only for something the backend verified; anything not read is `unknown`
 * ("never a false green").
 */
export type Tone = 'ok' | 'info' | 'warning' | 'danger' | 'unknown';

export type PanelTopic = 'waba-status' | 'app-removal' | 'admin-access' | 'dialog-reading' | 'temporary-token' | 'flow-outcome';

export interface PanelItem {
  tone: Tone;
  label: string;
  detail: string | null;
}

export interface PanelModel {
  topic: PanelTopic;
  tone: Tone;
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

export const TONE_WORDS: Record<Tone, string> = {
  ok: 'OK',
  info: 'Info',
  warning: 'Warning',
  danger: 'Action needed',
  unknown: 'Unknown',
};

