/**
 * Permissions review (docs/meta-platform.md §2.2): "Review <App>'s access request", listing "Manage your WhatsApp
 * accounts" (whatsapp_business_management) and "Manage and access conversations in WhatsApp"
 * (whatsapp_business_messaging). The label → scope mapping is inferred (wording), kept in the packs.
 *
 * Walkthroughs show a summary list without toggles (docs/meta-platform.md §8), so `granted` is:
 *   1. the state of a toggle named by the label (aria-labelledby / aria-label / <label>), else
 *   2. the state of the one toggle in the label's own item (its row), else
 *   3. a status line in that item that states it outright ("On" / "Off"), else
 *   4. null: listed, but the page does not say whether it is on.
 */
import { describeControl } from './controls';
import { matchText } from './text';
import type { PageView } from './page-view';
import type { RulePack } from './rules/types';
import type { WhatsAppScope } from '../meta/whatsapp-scopes';
import type { PermissionEntry } from './types';

export const permissionsQueries = {
  /** The step title with the app name, as a whole text. */
  title: (view: PageView, pack: RulePack) => view.textAnchors(pack.permissionsReview.titles, 'exact'),
  /** Visible permission labels: text that starts with a scope's label (a description may follow). */
  labels: (view: PageView, pack: RulePack) =>
    pack.permissionsReview.scopes.flatMap(({ scope, labels }) => view.textAnchors(labels, 'prefix').map((hit) => ({ scope, el: hit.el }))),
  /** Toggles (checkbox / switch) anywhere in the step: candidates for a per-permission on/off. */
  toggles: (view: PageView, pack: RulePack) => view.toggles(pack.aria.checkboxes),
};

export interface PermissionsPart {
  anchors: string[];
  identifying: boolean;
  appName: string | null;
  permissions: PermissionEntry[];
  notes: string[];
}

export function readPermissions(view: PageView, pack: RulePack): PermissionsPart {
  const title = permissionsQueries.title(view, pack);
  const labels = permissionsQueries.labels(view, pack);
  const anchors: string[] = [];
  const notes: string[] = [];
  if (title.length > 0) anchors.push('permissions-review:title');
  if (labels.length > 0) anchors.push('permissions-review:scope-labels');
  if (anchors.length === 0) return { anchors, identifying: false, appName: null, permissions: [], notes };

  const toggles = permissionsQueries.toggles(view, pack);
  const labelEls = labels.map((l) => l.el);
  // Each toggle's item stops growing before it would take in a second permission label.
  const toggleInfo = toggles.map((t) => describeControl(view, t, toggles, pack, [], labelEls));
  const states = new Map<WhatsAppScope, (boolean | null)[]>();
  const record = (scope: WhatsAppScope, state: boolean | null) => states.set(scope, [...(states.get(scope) ?? []), state]);

  for (const { scope, labels: scopeLabels } of pack.permissionsReview.scopes) {
    // 1. A toggle whose accessible name is the permission's label.
    const named = toggleInfo.filter((t) => matchText(t.name, scopeLabels, 'prefix'));
    const scopeEls = labels.filter((l) => l.scope === scope).map((l) => l.el);
    if (named.length === 0 && scopeEls.length === 0) continue;
    if (named.length > 0) {
      for (const t of named) record(scope, t.state);
      continue;
    }
    for (const labelEl of scopeEls) {
      // 2. The one toggle whose item holds this label.
      const owners = toggleInfo.filter((t) => t.item.contains(labelEl));
      if (owners.length === 1) {
        record(scope, (owners[0] as (typeof owners)[number]).state);
        continue;
      }
      if (owners.length > 1) {
        record(scope, null);
        notes.push(`permissions-review:ambiguous-toggles:${scope}`);
        continue;
      }
      // 3. No toggle: a status line in the label's own item, if the page states one.
      const item = view.itemOf(labelEl, toggles, labelEls);
      const lines = view.linesOf(item);
      const on = lines.some((l) => matchText(l, pack.permissionsReview.stateOn, 'exact'));
      const off = lines.some((l) => matchText(l, pack.permissionsReview.stateOff, 'exact'));
      record(scope, on && !off ? true : off && !on ? false : null);
    }
  }

  const permissions: PermissionEntry[] = [];
  for (const [scope, list] of states) {
    // Seen several times (summary + details): report a state only if every sighting agrees.
    const distinct = new Set(list);
    const granted = distinct.size === 1 ? ([...distinct][0] as boolean | null) : null;
    if (distinct.size > 1) notes.push(`permissions-review:conflicting-states:${scope}`);
    permissions.push({ scope, granted });
  }
  if (toggleInfo.length > 0 && permissions.some((p) => p.granted !== null)) anchors.push('permissions-review:toggles');
  const names = new Set(title.map((t) => t.match.captures.app).filter((n): n is string => !!n));
  return { anchors, identifying: true, appName: names.size === 1 ? ([...names][0] as string) : null, permissions, notes };
}
