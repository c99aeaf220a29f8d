/**
 * The background's answer to a `flow-outcome` message: what the product-page content script shows
 * on the page (lib/guidance/panel-model.ts, rendered as text). Types only.
 */
import type { PanelModel } from '../guidance/panel-model';

export interface FlowOutcomeReply {
  ok: true;
  /** Null: nothing to show (an outcome already reported by this page). */
  panel: PanelModel | null;
}
