/**
 * The small panel inside Meta's login dialog / hosted Embedded Signup: what Reconnect Assistant read
 * on the current screen, or that it could not read it. Not the reconnect checklist (that compares
 * the screen with the reconnect plan, a later issue): this only says what was seen, and an admin
 * error loudly. `selected` / `granted` that could not be read are said to be unknown.
 */
import type { ScreenReadingReport } from '../messaging';
import type { PanelItem, PanelModel } from './panel-model';
import { yesNo } from '../util/english';

const SCREEN_NAMES: Record<ScreenReadingReport['kind'], string> = {
  'reconnect-confirm': '“Reconnect to …?” screen',
  'business-selection': 'Business portfolio selection',
  'waba-selection': 'WhatsApp account selection',
  'permissions-review': 'Permissions review',
  success: 'Success screen',
  error: 'Error screen',
  unknown: 'Unknown screen',
};

const readState = (value: boolean | null, yes: string, no: string): { tone: PanelItem['tone']; word: string } => ({
  tone: value === true ? 'info' : value === false ? 'warning' : 'unknown',
  word: yesNo(value, yes, no, 'could not read'),
});

export function dialogReadingPanel(screen: ScreenReadingReport): PanelModel {
  const notAdmin = screen.alerts.filter((a) => a.kind === 'not-admin');
  if (notAdmin.length) {
    return {
      topic: 'dialog-reading',
      tone: 'danger',
      title: 'Meta says you are not an admin',
      paragraphs: ['This Facebook account does not have Full control of the business portfolio, so the reconnect cannot grant the product access.'],
      items: notAdmin.map((a) => ({ tone: 'danger', label: 'Meta’s message', detail: a.text })),
      steps: [
        'Cancel this dialog.',
        'Ask someone with Full control of the portfolio to give you Full control (Business settings > People), or to run the reconnect themselves.',
      ],
      note: null,
    };
  }
  if (screen.kind === 'unknown') {
    return {
      topic: 'dialog-reading',
      tone: 'unknown',
      title: 'Could not read this screen',
      paragraphs: ['Reconnect Assistant does not recognise this screen of Meta’s dialog, so nothing on it is checked.'],
      items: [],
      steps: [],
      note: null,
    };
  }
  const items: PanelItem[] = [];
  if (screen.kind === 'waba-selection') {
    if (screen.wabaMode) {
      items.push({ tone: 'info', label: 'Mode', detail: screen.wabaMode === 'all' ? 'all current and future WhatsApp accounts' : 'current WhatsApp accounts only' });
    }
    for (const waba of screen.wabas) {
      const state = readState(waba.selected, 'selected', 'not selected');
      items.push({ tone: state.tone, label: waba.name || (waba.id ? `ID ${waba.id}` : 'Unnamed account'), detail: waba.disabled ? `${state.word} (greyed out)` : state.word });
    }
  }
  for (const permission of screen.permissions) {
    const state = readState(permission.granted, 'on', 'off');
    items.push({ tone: state.tone, label: permission.scope, detail: state.word });
  }
  for (const alert of screen.alerts) items.push({ tone: 'warning', label: 'Meta’s message', detail: alert.text });
  return {
    topic: 'dialog-reading',
    tone: 'info',
    title: `Reading: ${SCREEN_NAMES[screen.kind]}`,
    paragraphs: screen.kind === 'reconnect-confirm' ? ['“Continue” re-applies your previous selection. To check or change which WhatsApp accounts are shared, choose “Edit previous settings”.'] : [],
    items,
    steps: [],
    note: 'Guidance only: the product’s backend checks the result after the dialog closes.',
  };
}
