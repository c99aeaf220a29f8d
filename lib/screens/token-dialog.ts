/**
 * Business Settings > Users > System users > "Generate new token": which app is chosen, the token
 * expiration (Never or 60 days) and which permissions are ticked. Rules: rules/token-dialog.ts.
 *
 *   root ─▶ language ─▶ token-dialog rules ─▶ scopes (visible dialogs, topmost first, then the root)
 *        ─▶ anchors: title (a heading), app picker, expiration choice, permission checkboxes,
 *           "generated" text ─▶ token-dialog when at least two anchors match, else unknown
 *
 * The generated token is NEVER read. The view this reader walks treats as invisible every element
 * that could hold it: text fields (textarea, non-toggle inputs, contenteditable, read-only fields)
 * and any element whose own text contains a run of 32+ token characters (no label of this dialog
 * has one; a Meta token is a ~200-character run starting "EAA"). No `value` of any input is read.
 * What leaves this module is fixed words, permission names that match the permission-name pattern,
 * and the chosen app's name taken from a picker's selected option. token-dialog.test.ts proves a
 * token in the fixture reaches no part of the reading.
 */
import { declaredLang } from './page-lang';
import { innermost, PageView } from './page-view';
import { ARIA_RULES } from './rules/aria';
import { normalizeLang, packsFor } from './rules/index';
import { TOKEN_DIALOG_RULES, type TokenDialogRules } from './rules/token-dialog';
import { matchText } from './text';
import type { Confidence, ReadOptions, RuleLocale } from './types';

export interface TokenPermissionEntry {
  /** The raw permission name the checkbox is labelled with (e.g. whatsapp_business_messaging). */
  scope: string;
  granted: boolean | null;
}

export interface TokenDialogReading {
  kind: 'token-dialog' | 'unknown';
  locale: RuleLocale | null;
  lang: string | null;
  confidence: Confidence;
  evidence: string[];
  /** `generated` once the dialog shows the new token (its value is not read); null when unknown. */
  phase: 'choosing' | 'generated' | null;
  /** The chosen app's name as the picker shows it; null when none is chosen or it could not be read. */
  appChosen: string | null;
  expiration: 'never' | '60-days' | null;
  permissions: TokenPermissionEntry[];
  busy: boolean;
}

/** Meta permission names as the checkboxes print them. */
const SCOPE_NAME = /^[a-z][a-z0-9_]{2,80}$/;
/** A run of token characters no label has: the element holding it is treated as invisible. */
const TOKEN_RUN = /[A-Za-z0-9_\-+/=]{32,}/;
const TEXT_NODE = 3;

/** Elements that could hold the token: never walked, so their text is never collected. */
export function mayHoldToken(el: Element): boolean {
  const tag = el.localName;
  if (tag === 'textarea') return true;
  if (tag === 'input') {
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    if (type !== 'checkbox' && type !== 'radio') return true;
  }
  if (el.hasAttribute('contenteditable') || el.hasAttribute('readonly') || (el.getAttribute('aria-readonly') ?? '').toLowerCase() === 'true') return true;
  for (let child = el.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === TEXT_NODE && TOKEN_RUN.test(child.nodeValue ?? '')) return true;
  }
  return false;
}

export const emptyTokenReading = (lang: string | null, evidence: string[] = []): TokenDialogReading => ({
  kind: 'unknown', locale: null, lang, confidence: 'none', evidence, phase: null, appChosen: null, expiration: null, permissions: [], busy: false,
});

function readScope(view: PageView, rules: TokenDialogRules, lang: string | null): TokenDialogReading {
  const aria = view.aria;
  const evidence: string[] = [];
  const title = view.textAnchors(rules.titles, 'exact').filter((hit) => hit.el.closest(aria.headings) !== null);
  if (title.length > 0) evidence.push('token-dialog:title');

  // Permissions: checkboxes named by a raw permission name.
  const boxes = view.toggles(aria.checkboxes);
  const permissions: TokenPermissionEntry[] = [];
  for (const box of boxes) {
    const name = view.nameOf(box).trim();
    if (!SCOPE_NAME.test(name) || permissions.length >= 100) continue;
    const known = permissions.find((p) => p.scope === name);
    const state = view.stateOf(box);
    if (known) known.granted = known.granted === state ? state : null;
    else permissions.push({ scope: name, granted: state });
  }
  if (permissions.length > 0) evidence.push('token-dialog:permission-checkboxes');

  // Expiration: radios labelled Never / 60 days, or a picker labelled "Token expiration".
  const radios = view.toggles(aria.radios);
  const never: (boolean | null)[] = [];
  const sixty: (boolean | null)[] = [];
  for (const radio of radios) {
    const name = view.nameOf(radio);
    if (matchText(name, rules.never, 'prefix')) never.push(view.stateOf(radio));
    else if (matchText(name, rules.sixtyDays, 'prefix')) sixty.push(view.stateOf(radio));
  }
  let expiration: TokenDialogReading['expiration'] = null;
  if (never.length + sixty.length > 0) {
    evidence.push('token-dialog:expiration');
    const neverOn = never.includes(true);
    const sixtyOn = sixty.includes(true);
    expiration = neverOn && !sixtyOn ? 'never' : sixtyOn && !neverOn ? '60-days' : null;
  } else {
    const shown = pickerValue(view, rules.expirationLabels);
    if (shown !== undefined) {
      evidence.push('token-dialog:expiration');
      expiration = shown === null ? null : matchText(shown, rules.never, 'prefix') ? 'never' : matchText(shown, rules.sixtyDays, 'prefix') ? '60-days' : null;
    }
  }

  // App: the picker labelled "Select app" and its selected option.
  let appChosen: string | null = null;
  const app = pickerValue(view, rules.appLabels);
  if (app !== undefined) {
    evidence.push('token-dialog:app-picker');
    if (app !== null && !TOKEN_RUN.test(app)) appChosen = app.slice(0, 200);
  }

  const generated = view.textAnchors(rules.generated, 'contains').length > 0;
  if (generated) evidence.push('token-dialog:generated');
  if (evidence.length < 2) return { ...emptyTokenReading(lang), busy: false };

  const busy = view.query(aria.busy).length > 0 || view.scopeWithin(aria.busy);
  if (busy) evidence.push('busy');
  return {
    kind: 'token-dialog',
    locale: rules.locale,
    lang,
    confidence: busy ? 'low' : evidence.length >= 3 ? 'high' : 'low',
    evidence,
    phase: generated ? 'generated' : 'choosing',
    appChosen,
    expiration,
    permissions,
    busy,
  };
}

/**
 * The value a labelled picker shows: a native <select>'s selected option text, an ARIA combobox's
 * own text (never an input's value), or the selected option of a listbox. undefined: no such
 * picker; null: the picker is there but shows nothing we can read.
 */
function pickerValue(view: PageView, labels: readonly string[]): string | null | undefined {
  const pickers = view.query('select, [role="combobox"], [role="listbox"]').filter((el) => matchText(view.nameOf(el), labels, 'exact'));
  if (pickers.length === 0) return undefined;
  const values = new Set<string>();
  for (const picker of pickers) {
    if (picker.localName === 'select' || picker.getAttribute('role') === 'listbox') {
      const chosen = Array.from(picker.querySelectorAll('option, [role="option"]')).filter((o) => (o.localName === 'option' ? (o as HTMLOptionElement).selected : o.getAttribute('aria-selected') === 'true'));
      for (const option of chosen) {
        const text = view.textOf(option);
        if (text) values.add(text);
      }
    } else {
      const lines = view.linesOf(picker).filter((l) => !matchText(l, labels, 'exact'));
      if (lines[0]) values.add(lines[0]);
    }
  }
  return values.size === 1 ? ([...values][0] as string) : null;
}

export function readTokenDialog(root: ParentNode, options: ReadOptions = {}): TokenDialogReading {
  const lang = normalizeLang(options.lang ?? declaredLang(root));
  try {
    const isVisible = (el: Element) => !mayHoldToken(el) && (options.isVisible ? options.isVisible(el) : true);
    const rootView = new PageView(root, ARIA_RULES, { isVisible });
    const dialogs = innermost(rootView.query(ARIA_RULES.dialogs), (d) => d).reverse();
    const views = [...dialogs.map((d) => new PageView(d, ARIA_RULES, { isVisible })), rootView];
    let best: TokenDialogReading | null = null;
    for (const pack of packsFor(lang).packs) {
      const rules = TOKEN_DIALOG_RULES[pack.locale];
      for (const view of views) {
        const reading = readScope(view, rules, lang);
        if (reading.kind !== 'unknown' && (best === null || reading.evidence.length > best.evidence.length)) best = reading;
        if (reading.kind !== 'unknown') break;
      }
    }
    return best ?? emptyTokenReading(lang);
  } catch (error) {
    return emptyTokenReading(lang, [`reader-error:${error instanceof Error ? error.name : 'unknown'}`]);
  }
}
