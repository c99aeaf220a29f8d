/**
 * A reconnect attempt as the overlay, the popup and the tab badge show it (pure): the attempt's
 * plan, before-state and readings go through the checklist rules (./checklist.ts for Meta's dialog,
 * ./token-checklist.ts for the system-user "Generate new token" dialog) and come out as the
 * overlay's view (lib/content/checklist-overlay.ts ChecklistView), the tab's badge, and when to look
 * again (a loading screen's grace). No plan yet means nothing can be compared: every item says why.
 */
import type { ChecklistView } from '../content/checklist-overlay';
import type { Workspace } from '../contract/status';
import { dialogReadings, tokenReadings, type Attempt } from './attempt';
import { buildChecklist, checklistBadge, ITEM_LABELS, STATE_WORDS, type ChecklistBadge, type ChecklistItem, type ItemId, type ItemState } from './checklist';
import { buildTokenChecklist } from './token-checklist';

export interface AttemptView {
  view: ChecklistView;
  badge: ChecklistBadge;
  /** Build again at this time (epoch ms): a loading screen's grace ends then. */
  recheckAt: number | null;
}

const DIALOG_ITEMS: readonly ItemId[] = ['admin-access', 'whatsapp-accounts', 'whatsapp-permissions', 'previous-settings'];
const TOKEN_ITEMS: readonly ItemId[] = ['token-app', 'token-expiration', 'token-permissions'];

const waiting = (ids: readonly ItemId[], state: ItemState, found: string): ChecklistItem[] =>
  ids.map((id) => ({ id, state, word: STATE_WORDS[state], label: ITEM_LABELS[id], found, fix: null }));

/** "found. fix": the fix said right after what was found, in the same item. */
const withFix = (item: ChecklistItem) => (item.fix && item.state !== 'passed' ? `${item.found}. ${item.fix}` : item.found);

export function viewOfAttempt(attempt: Attempt, workspaces: readonly Pick<Workspace, 'id' | 'name'>[], now: number): AttemptView {
  const nameOf = (id: string) => workspaces.find((w) => w.id === id)?.name ?? id;
  const choice = attempt.workspace;
  const ids = attempt.flow === 'system-user-token' ? TOKEN_ITEMS : DIALOG_ITEMS;
  let items: ChecklistItem[];
  let alerts: string[] = [];
  let offerOutline = false;
  let recheckAt: number | null = null;
  let note: string | null = null;
  if (choice.kind !== 'chosen') {
    items = waiting(ids, 'not-checked', 'choose the workspace you are reconnecting first');
  } else if (attempt.plan === null) {
    items = waiting(ids, 'not-verified', 'the product’s backend did not give the reconnect plan, so nothing can be compared');
  } else if (attempt.flow === 'system-user-token') {
    const list = buildTokenChecklist({ plan: attempt.plan, appName: attempt.plan.appName, readings: tokenReadings(attempt), now });
    items = list.items;
    offerOutline = list.currentUnreadable;
    recheckAt = list.recheckAt;
    if (list.pasteAt) note = `Token generated: copy it yourself and paste it in the product at ${list.pasteAt}. Reconnect Assistant never reads it.`;
  } else {
    const list = buildChecklist({ plan: attempt.plan, before: attempt.before, readings: dialogReadings(attempt), now, appName: attempt.plan.appName });
    items = list.items;
    alerts = list.revocation ? [list.revocation.text] : [];
    offerOutline = list.currentUnreadable;
    recheckAt = list.recheckAt;
  }
  const badge = checklistBadge({ items, revocation: alerts.length > 0 ? { wabas: [], text: alerts[0] as string } : null }, attempt.flow === 'system-user-token' ? TOKEN_ITEMS : undefined);
  const view: ChecklistView = {
    items: items.map((item) => ({ state: item.state, label: item.label, found: withFix(item) })),
    alerts,
    workspaceName: choice.kind === 'chosen' ? nameOf(choice.workspaceId) : null,
    workspaceChoice: choice.kind === 'ask' ? { options: choice.candidates.map((id) => ({ id, name: nameOf(id) })), selected: choice.preselected } : null,
    offerOutline,
    note,
  };
  return { view, badge, recheckAt };
}
