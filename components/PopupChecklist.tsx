/**
 * The live reconnect checklist at the top of the popup, for the active tab's attempt: the same view
 * the overlay draws in Meta's dialog (lib/content/checklist-overlay.ts), each item's text starting
 * with its state word, the revocation warning as an alert.
 */
import { itemText, type ChecklistView } from '@/lib/content/checklist-overlay';
import { STATE_WORDS, worstState } from '@/lib/flow/checklist';
import { POPUP_WORDS as W } from '@/lib/popup/words';
import styles from './Popup.module.css';

export function PopupChecklist({ view }: { view: ChecklistView }) {
  const state = worstState(view.items);
  const worst = STATE_WORDS[state];
  return (
    <section aria-label={W.checklistLabel(worst)} data-worst={state} className={styles.checklist}>
      <h2>{W.checklistTitle(worst, view.workspaceName)}</h2>
      {view.alerts.map((alert) => (
        <p role="alert" key={alert}>
          {alert}
        </p>
      ))}
      <ul>
        {view.items.map((item) => (
          <li key={item.label} data-state={item.state}>
            {itemText(item)}
          </li>
        ))}
      </ul>
      {view.note ? <p>{view.note}</p> : null}
      <p>{W.checklistGuidance}</p>
    </section>
  );
}
