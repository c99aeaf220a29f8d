/**
 * The shape of an in-page feature. A feature module (lib/features/<id>.ts) exports two things:
 *
 *   feature  what runs in the content script: the page kinds it runs on, where its panel goes, and
 *            what it observes on the page (`start`, given the view). Content-script safe: no zod,
 *            no storage. Each content script entrypoint lists the features it carries, so a bundle
 *            holds only the readers its features use.
 *   panel    what the background answers: the panel for a page of those kinds, from the inputs the
 *            background holds (cached status, session signals) and what the content script sent.
 *
 * The background finds every feature module by itself (lib/features/index.ts); the content
 * runtime (lib/content/page-runtime.ts) runs the features of its script that include the page.
 */
import type { DialogSignalInput } from '../guidance/admin-access';
import type { PanelModel } from '../guidance/panel-model';
import type { Message, ScreenReadingReport, TabMessageType } from '../messaging';
import type { PageInfo, PageKind } from '../meta/pages';
import type { PeopleAccess } from '../protocol/shapes';
import type { Snapshot } from '../storage/snapshot';
import type { SendToBackground } from '../content/extension-bridge';

/** What a feature's content part gets for one view (one page, until the route changes). */
export interface FeatureView {
  /** The page, as sent in messages (the dialog's `state` stays in the page). */
  page: PageInfo;
  /** Aborted when the view ends (route change, script replaced). */
  signal: AbortSignal;
  doc: Document;
  /** Asks the background for this view's panel; only the newest answer is shown. */
  ask: (message: Extract<Message, { type: 'page-guidance' | 'dialog-screen' }>) => void;
  /** Subscribes to "the cached backend status changed"; unsubscribed when the view ends. */
  onStatusChange: (listener: () => void) => void;
  /**
   * Subscribes to one of the background's data-less tab messages (e.g. `checklist-changed`); returns
   * its unsubscribe function, and unsubscribes by itself when the view ends. Through the view, so
   * code loaded on demand (lib/content/lazy-features.ts) needs no extension API of its own.
   */
  onTabMessage: (type: TabMessageType, listener: () => void) => () => void;
  /** Marks nodes of our own panel, which observers ignore. */
  isOwnNode: (node: Node) => boolean;
  /** Any content message to the background, answered with its reply (a refusal when there is none). */
  send: SendToBackground;
  /** Keeps this view's panel off the page (true) or lets the newest answer show again (false). */
  holdPanel: (hold: boolean) => void;
}

/** `Id` is the feature's own id as a literal: lib/guidance/panel-model.ts builds PanelTopic from them. */
export interface ContentFeature<Id extends string = string> {
  id: Id;
  /** The page kinds it runs on (its include list). */
  kinds: readonly PageKind[];
  placement: 'top' | 'bottom';
  start: (view: FeatureView) => void;
}

/** What the background holds when it composes a panel. */
export interface PanelInputs {
  page: PageInfo;
  /** From a page-guidance message: what the People page showed (null: not read / not sent). */
  people: PeopleAccess | null;
  /** From a dialog-screen message: the dialog's current screen. */
  screen: ScreenReadingReport | null;
  snapshot: Snapshot | null;
  adminSignal: DialogSignalInput | null;
  now: number;
}

export type FeaturePanel = (inputs: PanelInputs) => PanelModel | null;

/** Asks for the panel once and again whenever the cached status changes (panels from status only). */
export function askOnStatus(view: FeatureView): void {
  const guidance = () => view.ask({ type: 'page-guidance', page: view.page, people: null });
  guidance();
  view.onStatusChange(guidance);
}
