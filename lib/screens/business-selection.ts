/**
 * Business portfolio selection (docs/meta-platform.md §2.1 step 3, §2.2 "Business portfolio" dropdown). The new ES
 * flow greys out portfolios the person is not an admin of (LeadConnector's ES notes; docs/meta-platform.md §2.2 also
 * greys a portfolio that owns the app), so a disabled portfolio is reported as an alert: it is one of
 * the "missing admin access" signals.
 */
import { describeControl } from './controls';
import { matchText } from './text';
import type { PageView } from './page-view';
import type { RulePack } from './rules/types';
import type { AlertEntry, BusinessEntry } from './types';

/** Portfolio choices: radios (not the WABA mode pair) and listbox options, found by role. */
function portfolioControls(view: PageView, pack: RulePack): Element[] {
  const modeLabels = [...pack.wabaSelection.modeAll, ...pack.wabaSelection.modeSelected];
  const radios = view.toggles(pack.aria.radios).filter((r) => !matchText(view.nameOf(r), modeLabels, 'prefix'));
  // Options of a multi-select listbox are a checklist (the WABA reader's), not a single portfolio choice.
  const options = view.toggles(pack.aria.options).filter((o) => !safeMatches(o, pack.aria.checkboxes));
  return [...radios, ...options.filter((o) => !radios.some((r) => r.contains(o) || o.contains(r)))];
}

export const businessSelectionQueries = {
  /** The step title, as a whole text. */
  title: (view: PageView, pack: RulePack) => view.textAnchors(pack.businessSelection.titles, 'exact'),
  /** The "Business portfolio" field label (older ES dropdown), as a whole text. */
  fieldLabel: (view: PageView, pack: RulePack) => view.textAnchors(pack.businessSelection.fieldLabels, 'exact'),
  /** Portfolio radios / options. */
  portfolios: portfolioControls,
  /** A role=combobox named "Business portfolio": its shown value is the chosen portfolio (a native <select> is read through its options). */
  combobox: (view: PageView, pack: RulePack) =>
    view.query(pack.aria.comboboxes).filter((c) => matchText(view.nameOf(c), pack.businessSelection.fieldLabels, 'exact')),
};

export interface BusinessSelectionPart {
  anchors: string[];
  identifying: boolean;
  businesses: BusinessEntry[];
  alerts: AlertEntry[];
}

export function readBusinessSelection(view: PageView, pack: RulePack): BusinessSelectionPart {
  const title = businessSelectionQueries.title(view, pack);
  const field = businessSelectionQueries.fieldLabel(view, pack);
  const anchors: string[] = [];
  if (title.length > 0) anchors.push('business-selection:title');
  if (field.length > 0) anchors.push('business-selection:field-label');
  if (anchors.length === 0) return { anchors, identifying: false, businesses: [], alerts: [] };

  const controls = businessSelectionQueries.portfolios(view, pack);
  const businesses: BusinessEntry[] = [];
  const alerts: AlertEntry[] = [];
  for (const control of controls) {
    const info = describeControl(view, control, controls, pack, pack.businessSelection.unavailable);
    if (info.name === '') continue;
    businesses.push({ name: info.name, selected: info.state, id: info.id, disabled: info.disabled });
    if (info.disabled) {
      const reason = info.lines.find((l) => matchText(l, pack.businessSelection.unavailable, 'contains'));
      alerts.push({ kind: 'portfolio-unavailable', rule: 'portfolio-disabled', text: reason ? `${info.name}: ${reason}` : info.name, blocking: false });
    }
  }
  // The older dropdown: the combobox shows the chosen portfolio as its value.
  for (const combo of businessSelectionQueries.combobox(view, pack)) {
    const shown = comboboxValue(view, combo, pack);
    if (shown) businesses.push({ name: shown, selected: true, id: null, disabled: false });
  }
  if (businesses.length > 0) anchors.push('business-selection:portfolios');
  return { anchors, identifying: true, businesses, alerts };
}

/** The value an ARIA combobox displays: its text minus its label and the step title (a placeholder). */
function comboboxValue(view: PageView, combo: Element, pack: RulePack): string | null {
  const lines = view.linesOf(combo).filter((l) => !matchText(l, [...pack.businessSelection.fieldLabels, ...pack.businessSelection.titles], 'exact'));
  return lines[0] ?? null;
}

function safeMatches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}
