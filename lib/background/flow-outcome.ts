/**
 * The background's side of the product page (lib/content/product-page.ts): a `flow-outcome`
 * message is accepted only from one of the product's origins (lib/product-page/origins.ts), is
 * recorded per tab (storage.session, never a code value), hands the outcome to verification, ends
 * the attempt it belongs to, and answers what the page should show about it.
 *
 *   flow-outcome ─ sender origin ∈ product origins? ─no→ refused
 *        │ yes
 *        ├─ same outcome from this tab already? → same answer, nothing started twice
 *        ├─ attempt = attemptOfTab(tab)            (lib/background/attempts.ts)
 *        ├─ startVerification(attempt, outcome, now)  (lib/background/verification.ts)
 *        ├─ endAttemptOf(tab, 'outcome')           (not for the product's alert: it comments on the flow)
 *        └─ reply: panel (lib/flow/outcome.ts words; the alert's likely causes from what the attempt saw)
 */
import type { Attempt } from '../flow/attempt';
import { explainConnectAlert, sightingsOf, type AttemptSightings } from '../flow/connect-alert-explanation';
import { describeOutcome, type FlowOutcome } from '../flow/outcome';
import type { FlowOutcomeReply } from '../flow/outcome-reply';
import type { PanelModel } from '../guidance/panel-model';
import type { Refusal, RequestOf } from '../messaging';
import { productOriginOf } from '../product-page/origins';
import { currentProductOrigins } from '../product-page/access';
import { stored, type FlowOutcomeRecord } from '../storage/items';
import { attemptOfTab, endAttemptOf } from './attempts';
import { startVerification } from './verification';

export interface FlowOutcomeDeps {
  productOrigins(): Promise<string[]>;
  attemptOfTab(tabId: number): Promise<Attempt | null>;
  endAttemptOf(tabId: number, reason: 'outcome'): Promise<Attempt | null>;
  startVerification(attempt: Attempt | null, outcome: FlowOutcome, now: number): Promise<unknown>;
  now(): number;
}

export const defaultDeps: FlowOutcomeDeps = {
  productOrigins: currentProductOrigins,
  attemptOfTab,
  endAttemptOf,
  startVerification,
  now: () => Date.now(),
};

interface SenderLike {
  url?: string;
  tab?: { id?: number; url?: string };
}

const MAX_OUTCOMES_PER_TAB = 10;

export async function handleFlowOutcome(message: RequestOf<'flow-outcome'>, sender: SenderLike, deps: FlowOutcomeDeps = defaultDeps): Promise<FlowOutcomeReply | Refusal> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return { ok: false, error: 'no tab' };
  const origin = productOriginOf(sender.url ?? sender.tab?.url);
  const tabOrigin = productOriginOf(sender.tab?.url ?? sender.url);
  const origins = await deps.productOrigins();
  if (origin === null || origin !== tabOrigin || !origins.includes(origin)) return { ok: false, error: 'not one of the product’s pages' };

  const outcome = message.outcome as FlowOutcome;
  const all = await stored.flowOutcomesByTab.get();
  const previous = all[String(tabId)] ?? null;
  const key = JSON.stringify(outcome);
  const repeated = previous?.origin === origin && previous.outcomes.some((o) => JSON.stringify(o) === key);
  const now = deps.now();

  let sightings: AttemptSightings | null = previous?.origin === origin ? previous.sightings : null;
  if (!repeated) {
    const attempt = await deps.attemptOfTab(tabId);
    const earlier = previous?.origin === origin ? (previous.outcomes as FlowOutcome[]) : [];
    if (attempt) sightings = sightingsOf(attempt, [...earlier, outcome]);
    else if (sightings) sightings = { ...sightings, finishedWithoutNumber: sightings.finishedWithoutNumber || (outcome.kind === 'es-finish' && outcome.variant === 'waba-only') };
    const record: FlowOutcomeRecord = { at: new Date(now).toISOString(), origin, outcomes: [...earlier, outcome].slice(-MAX_OUTCOMES_PER_TAB), sightings };
    await stored.flowOutcomesByTab.set({ ...(await stored.flowOutcomesByTab.get()), [String(tabId)]: record });
    try {
      await deps.startVerification(attempt, outcome, now);
    } catch {
      // Verification keeps its own state and says what failed; the page still gets its answer.
    }
    if (attempt && outcome.kind !== 'product-alert') await deps.endAttemptOf(tabId, 'outcome');
  }
  return { ok: true, panel: outcomePanel(outcome, sightings) };
}

/** What the product page shows about an outcome. */
export function outcomePanel(outcome: FlowOutcome, sightings: AttemptSightings | null): PanelModel {
  const words = describeOutcome(outcome);
  const panel: PanelModel = { topic: 'flow-outcome', tone: words.tone, title: words.title, paragraphs: words.paragraphs, items: [], steps: [], note: null };
  if (outcome.kind === 'product-alert') {
    const causes = explainConnectAlert(sightings ?? sightingsOf(null));
    panel.items = causes.map((c) => ({ tone: c.seen ? 'danger' : 'unknown', label: c.label, detail: c.detail }));
    panel.note = sightings?.sawDialog ? 'From what the extension read in Meta’s dialog during this reconnect.' : 'The extension did not read Meta’s dialog during this reconnect.';
  } else {
    panel.note = words.verify ? 'The extension asks the product’s backend whether the new token works.' : null;
  }
  return panel;
}
