/**
 * WABA selection (docs/meta-platform.md §2.2): "Choose the WhatsApp accounts you want <App> to access.", a radio pair
 * "Opt in to all current and future WhatsApp accounts" / "Opt in to current WhatsApp accounts only",
 * a checkbox list of WABAs and an "N asset selected" counter.
 *
 * This is where a reconnect silently revokes access (deselecting a WABA), so the rule is strict:
 * a WABA is selected only if its own control says so (checked / aria-checked / aria-selected), and a
 * mode is reported only from a radio's own state. The counter is reported as printed, never used to
 * fill in a control's state.
 */
import { describeControl, type ControlInfo } from './controls';
import { matchText } from './text';
import type { PageView } from './page-view';
import type { RulePack } from './rules/types';
import type { WabaEntry } from './types';

/** Single-choice controls whose label (own name or item text) starts with a mode label. */
function modeControls(view: PageView, pack: RulePack): { all: ControlInfo[]; selected: ControlInfo[] } {
  const radios = view.toggles(pack.aria.radios);
  const all: ControlInfo[] = [];
  const selected: ControlInfo[] = [];
  for (const radio of radios) {
    const info = describeControl(view, radio, radios, pack);
    const texts = [info.name, ...info.lines];
    if (texts.some((t) => matchText(t, pack.wabaSelection.modeAll, 'prefix'))) all.push(info);
    else if (texts.some((t) => matchText(t, pack.wabaSelection.modeSelected, 'prefix'))) selected.push(info);
  }
  return { all, selected };
}

/** Lines that sit in a WABA row but are not its name. */
const furnitureOf = (pack: RulePack) => [...pack.wabaSelection.counter, ...pack.wabaSelection.nonAssetControls];

export const wabaSelectionQueries = {
  /** The step title (with the app name), as a whole text. */
  title: (view: PageView, pack: RulePack) => view.textAnchors(pack.wabaSelection.titles, 'exact'),
  /** The two mode radios, found by role (radio / input[type=radio]) and label text. */
  modeRadios: (view: PageView, pack: RulePack) => {
    const { all, selected } = modeControls(view, pack);
    return [...all, ...selected].map((c) => c.el);
  },
  /** "N asset selected", as a whole text. */
  counter: (view: PageView, pack: RulePack) => view.textAnchors(pack.wabaSelection.counter, 'exact'),
  /**
   * WABA checkboxes: every multi-select toggle (checkbox / role=checkbox / switch) that is not a bulk
   * "Select all" and not labelled as a permission (the review step can share the page in ES v4).
   */
  assetControls: (view: PageView, pack: RulePack) => {
    const boxes = view.toggles(pack.aria.checkboxes);
    const permissionLabels = pack.permissionsReview.scopes.flatMap((s) => s.labels);
    return boxes.filter((box) => {
      const name = view.nameOf(box);
      return !matchText(name, pack.wabaSelection.nonAssetControls, 'prefix') && !matchText(name, permissionLabels, 'prefix');
    });
  },
};

export interface WabaSelectionPart {
  anchors: string[];
  identifying: boolean;
  appName: string | null;
  wabaMode: 'all' | 'selected' | null;
  wabas: WabaEntry[];
  selectedCount: number | null;
  notes: string[];
}

export function readWabaSelection(view: PageView, pack: RulePack): WabaSelectionPart {
  const title = wabaSelectionQueries.title(view, pack);
  const modes = modeControls(view, pack);
  const counter = wabaSelectionQueries.counter(view, pack);
  const anchors: string[] = [];
  const notes: string[] = [];
  if (title.length > 0) anchors.push('waba-selection:title');
  if (modes.all.length + modes.selected.length > 0) anchors.push('waba-selection:mode-radios');
  const identifying = anchors.length > 0;
  if (!identifying) return { anchors: [], identifying: false, appName: null, wabaMode: null, wabas: [], selectedCount: null, notes };
  if (counter.length > 0) anchors.push('waba-selection:counter');

  // Mode: only from the radios' own states; two "on" radios, or none that says, is unknown.
  const allOn = modes.all.some((c) => c.state === true);
  const selectedOn = modes.selected.some((c) => c.state === true);
  const wabaMode = allOn && !selectedOn ? 'all' : selectedOn && !allOn ? 'selected' : null;
  if (allOn && selectedOn) notes.push('waba-selection:both-modes-on');

  const boxes = wabaSelectionQueries.assetControls(view, pack);
  const wabas: WabaEntry[] = [];
  let unnamed = 0;
  for (const box of boxes) {
    const info = describeControl(view, box, boxes, pack, furnitureOf(pack));
    if (info.name === '') {
      unnamed++;
      continue;
    }
    wabas.push({ name: info.name, selected: info.state, id: info.id, disabled: info.disabled });
  }
  if (wabas.length > 0) anchors.push('waba-selection:asset-checkboxes');
  if (unnamed > 0) notes.push(`waba-selection:unnamed-checkboxes:${unnamed}`);
  const unknownStates = wabas.filter((w) => w.selected === null).length;
  if (unknownStates > 0) notes.push(`waba-selection:unknown-states:${unknownStates}`);

  const counts = new Set(counter.map((c) => Number(c.match.captures.n)).filter((n) => Number.isSafeInteger(n)));
  const selectedCount = counts.size === 1 ? ([...counts][0] as number) : null;
  if (counts.size > 1) notes.push('waba-selection:conflicting-counters');
  if (selectedCount !== null && wabas.length > 0 && unknownStates === 0) {
    const checked = wabas.filter((w) => w.selected === true).length;
    if (checked !== selectedCount) notes.push(`waba-selection:counter-mismatch:${selectedCount}/${checked}`);
  }
  const names = new Set(title.map((t) => t.match.captures.app).filter((n): n is string => !!n));
  return { anchors, identifying, appName: names.size === 1 ? ([...names][0] as string) : null, wabaMode, wabas, selectedCount, notes };
}
