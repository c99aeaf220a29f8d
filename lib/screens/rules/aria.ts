/**
 * The language-independent half of every rule pack: which elements the readers consider, by ARIA role,
 * element name and stable attribute only. Meta's class names are generated (`x1n2onr6 x9f619`) and
 * change with every build, so no selector here may name a class or a position (schema.ts enforces it).
 * Source for the approach: docs/meta-platform.md §2.4 inferred "Prefer ARIA roles and aria-label plus
 * URL state over CSS classes".
 */
import type { AriaRules } from './types';

export const ARIA_RULES: AriaRules = {
  // A step of the flow shown as a modal: ARIA dialog roles, aria-modal, or a native open <dialog>.
  dialogs: '[role="dialog"], [role="alertdialog"], [aria-modal="true"], dialog[open]',
  // Every control whose own state says on/off: native checkbox/radio, their ARIA roles, switches,
  // menu toggles and listbox options (aria-selected). A state is only ever read from these.
  toggleControls:
    'input[type="checkbox"], input[type="radio"], [role="checkbox"], [role="radio"], [role="switch"], [role="menuitemcheckbox"], [role="menuitemradio"], [role="option"]',
  // Multi-select: the WABA checklist and any per-permission toggle, including a WABA list rendered
  // as a multi-select listbox (options there are checkboxes in all but name).
  checkboxes: 'input[type="checkbox"], [role="checkbox"], [role="switch"], [role="menuitemcheckbox"], [aria-multiselectable="true"] [role="option"]',
  // Single choice: the "all current and future" / "current only" pair, portfolio radio lists.
  radios: 'input[type="radio"], [role="radio"], [role="menuitemradio"]',
  // Listbox options: a portfolio or WABA picker rendered as a listbox.
  options: '[role="option"], option',
  // Row-like containers a control belongs to; a name is read from the row when the control has none.
  // (A gridcell is a part of a row, not an item: the name is usually in the next cell.)
  items: '[role="row"], [role="listitem"], [role="option"], [role="treeitem"], li, tr, label',
  // Titles: native headings and role=heading (Meta uses the latter on divs).
  headings: 'h1, h2, h3, h4, h5, h6, [role="heading"]',
  // "Edit previous settings" is a link or a button depending on the UI version.
  actions: 'a[href], button, [role="button"], [role="link"]',
  // Error containers announced to assistive technology.
  alerts: '[role="alert"], [role="alertdialog"]',
  // A step still loading: aria-busy or a progress indicator; a reading of it is partial.
  busy: '[aria-busy="true"], [role="progressbar"]',
  // The selected row of a list (the WABA whose page is open): aria-selected / aria-current.
  current: '[aria-selected="true"], [aria-current="page"], [aria-current="true"], [aria-current="location"]',
  // Menus and the settings side menu (which has a "WhatsApp accounts" entry marked aria-current).
  navigation: 'nav, [role="navigation"], [role="menubar"], [role="menu"]',
  // A person on the People page: a row, list item or option (or tr/li).
  personRows: '[role="row"], [role="listitem"], [role="option"], tr, li',
  // A WABA in the WhatsApp accounts list: as the person rows, or a tab.
  accountRows: '[role="row"], [role="listitem"], [role="option"], [role="tab"], tr, li',
  // The older ES "Business portfolio" dropdown is an ARIA combobox.
  comboboxes: '[role="combobox"]',
};
