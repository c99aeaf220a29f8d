/**
 * The live reconnect checklist at the top of the popup, for the active tab's attempt: the same view
 * the overlay draws in Meta's dialog (lib/content/checklist-overlay.ts), each item's text starting
 * with its state word, the revocation warning as an alert.
 */
import { itemText, type ChecklistView } from '@/lib/content/checklist-overlay';
import { STATE_WORDS, worstState } from '@/lib/flow/checklist';

export function PopupChecklist({ view }: { view: ChecklistView }) {
  const worst = STATE_WORDS[worstState(view.items)];
  return (
    <section aria-label={`Reconnect checklist: ${worst}`} data-worst={worstState(view.items)}>
      <h2>
        {worst}: Reconnect checklist{view.workspaceName ? ` for ${view.workspaceName}` : ''}
      </h2>
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
      <p>This is guidance while you choose in Meta’s dialog. The final check runs after Meta returns you to the product.</p>
    </section>
  );
}
