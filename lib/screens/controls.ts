/**
 * Describing a toggle the way a person reads it: its name, its own state, whether it is greyed out,
 * and the asset id printed beside it. Shared by the WABA, portfolio and permission readers.
 *
 * Name: the control's accessible name when the page gives one explicitly (aria-labelledby,
 * aria-label, <label for>, title); otherwise the first line of its item (row) that is not an id line
 * or other known furniture. State: only ever the control's own (PageView.stateOf).
 */
import { matchText } from './text';
import { MIN_ID_DIGITS_ON_PAGE, metaIdOrNull } from '../meta/ids';
import { type NameSource, type PageView, type ToggleState } from './page-view';
import type { RulePack } from './rules/types';

export interface ControlInfo {
  el: Element;
  item: Element;
  name: string;
  nameSource: NameSource;
  /** Visible lines of the item, for rules that look beside the control (status words, reasons). */
  lines: string[];
  state: ToggleState;
  disabled: boolean;
  id: string | null;
}

const EXPLICIT: ReadonlySet<NameSource> = new Set(['labelledby', 'aria-label', 'label-for', 'title']);

export function describeControl(view: PageView, control: Element, family: readonly Element[], pack: RulePack, furniture: readonly string[] = [], stopAt: readonly Element[] = []): ControlInfo {
  const item = view.itemOf(control, family, stopAt);
  const label = view.labelOf(control);
  const lines = view.linesOf(item);
  let idFromLines: string | null = null;
  const nameLines: string[] = [];
  for (const line of lines) {
    const idMatch = matchText(line, pack.idLabels, 'exact');
    if (idMatch) {
      idFromLines ??= idMatch.captures.id ?? null;
      continue;
    }
    if (furniture.length > 0 && matchText(line, furniture, 'exact')) continue;
    nameLines.push(line);
  }
  let name: string;
  let nameSource: NameSource;
  if (EXPLICIT.has(label.source)) {
    name = label.name;
    nameSource = label.source;
  } else if (nameLines.length > 0) {
    name = nameLines[0] as string;
    nameSource = label.source === 'none' ? 'content' : label.source;
  } else {
    name = '';
    nameSource = 'none';
  }
  const value = control.localName === 'input' ? control.getAttribute('value') : null;
  return {
    el: control,
    item,
    name: name.slice(0, 200),
    nameSource,
    lines,
    state: view.stateOf(control),
    disabled: view.isDisabled(control, item),
    id: metaIdOrNull(value, MIN_ID_DIGITS_ON_PAGE) ?? idFromLines,
  };
}
