/**
 * Error and alert texts on any step: the admin-access errors (docs/meta-platform.md §2.3: "Admin permission required",
 * "User does not have permission to create WhatsApp Business Accounts"), the other documented ES
 * errors, and any role=alert we cannot name (reported as `unrecognized`, never dropped, never blocking).
 */
import { clip, matchText } from './text';
import type { PageView } from './page-view';
import type { RulePack } from './rules/types';
import type { AlertEntry } from './types';

export const alertQueries = {
  /** Each rule's texts, matched inside longer messages (`contains`, on word boundaries). */
  known: (view: PageView, pack: RulePack) =>
    pack.alerts.flatMap((rule) => view.textAnchors(rule.texts, 'contains').map((hit) => ({ rule, el: hit.el }))),
  /** ARIA alert containers (role=alert / alertdialog) with visible text. */
  containers: (view: PageView, pack: RulePack) => view.query(pack.aria.alerts).filter((el) => (view.textOf(el) ?? 'x') !== ''),
};

export function readAlerts(view: PageView, pack: RulePack): AlertEntry[] {
  const alerts: AlertEntry[] = [];
  const seen = new Set<string>();
  const push = (alert: AlertEntry) => {
    const key = `${alert.kind}\u0000${alert.rule}\u0000${alert.text}`;
    if (seen.has(key)) return;
    seen.add(key);
    alerts.push(alert);
  };
  const known = alertQueries.known(view, pack);
  for (const { rule, el } of known) {
    // Report the whole message the sentence sits in (its alert container when there is one).
    const container = el.closest(pack.aria.alerts);
    const source = container && view.isShown(container) && view.textOf(container) ? container : el;
    push({ kind: rule.kind, rule: rule.rule, text: clip(view.textOf(source) ?? view.linesOf(source).join(' ')), blocking: rule.blocking });
  }
  for (const container of alertQueries.containers(view, pack)) {
    if (known.some(({ el }) => container.contains(el))) continue;
    const text = clip(view.textOf(container) ?? view.linesOf(container).join(' '));
    if (text === '' || matchText(text, pack.alerts.flatMap((r) => r.texts), 'contains')) continue;
    push({ kind: 'unrecognized', rule: 'role-alert', text, blocking: false });
  }
  return alerts;
}
