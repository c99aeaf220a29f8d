/**
 * The shape of a rule pack: what the screen readers look for, as data. One pack per Meta UI language
 * (en, es, pt-BR); the language-independent part (ARIA roles and stable attributes) is shared.
 * Types only, no zod: content scripts import the packs. The zod schema that validates packs lives in
 * ./schema.ts and is used by tests and the CLI.
 *
 * Text patterns use the small language of ../text.ts: literal text with {app} {name} {business} {n}
 * {id} placeholders, matched after whitespace/quote normalisation, case-insensitively.
 */

export const RULE_LOCALES = ['en', 'es', 'pt-BR'] as const;
export type RuleLocale = (typeof RULE_LOCALES)[number];

// The permission names have one owner; the pack types name them, so they are re-exported here.
export { WHATSAPP_SCOPES, type WhatsAppScope } from '../../meta/whatsapp-scopes';
import type { WhatsAppScope } from '../../meta/whatsapp-scopes';

/**
 * Alert kinds. `not-admin` covers every text that says the person lacks Admin / Full control
 * (docs/meta-platform.md §2.3); `portfolio-unavailable` is a greyed portfolio (docs/meta-platform.md §2.2: not an admin of it, or it
 * owns the app); the rest are the documented ES errors; `unrecognized` is a role=alert we cannot name.
 */
export const ALERT_KINDS = [
  'not-admin',
  'portfolio-unavailable',
  'cannot-onboard',
  'business-unverifiable',
  'limit-reached',
  'account-too-new',
  'config-invalid',
  'generic-error',
  'unrecognized',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** CSS selectors made only of element names, ARIA roles and stable attributes (schema-checked). */
export interface AriaRules {
  /** Containers that are a dialog step of their own. */
  dialogs: string;
  /** Anything that says "I am on/off" through its own state: checkboxes, switches, radios, options. */
  toggleControls: string;
  /** Multi-select toggles (a WABA list, permission toggles). */
  checkboxes: string;
  /** Single-choice toggles (the WABA mode, a portfolio list). */
  radios: string;
  /** Listbox options (portfolio pickers rendered as listboxes). */
  options: string;
  /** Row-like items a control can belong to. */
  items: string;
  headings: string;
  /** Clickable things, for "Edit previous settings". */
  actions: string;
  /** Live error containers. */
  alerts: string;
  /** A step still loading. */
  busy: string;
  /** A selection marker on list rows / tabs (the selected WABA on its page). */
  current: string;
  /** Navigation (menus, the settings side menu): never page content. */
  navigation: string;
  /** Rows of the People list, one person each. */
  personRows: string;
  /** Rows of the WhatsApp accounts list (a tab strip in some UI versions). */
  accountRows: string;
  /** Dropdown fields (the older "Business portfolio" picker). */
  comboboxes: string;
}

export interface AlertRule {
  kind: Exclude<AlertKind, 'unrecognized'>;
  /** Stable id of the rule, reported so a support person knows which text fired. */
  rule: string;
  /** A blocking alert makes the screen an `error` screen. */
  blocking: boolean;
  /** Matched with `contains`: these sentences sit inside longer messages. */
  texts: string[];
}

export interface RulePack {
  locale: RuleLocale;
  /** Bumped when a pack's meaning changes (remote overrides must name the version they patch). */
  version: number;
  /** Lower-case primary language subtags of `<html lang>` this pack reads (`es` covers es-ES, es-LA...). */
  langs: string[];
  aria: AriaRules;
  reconnect: {
    /** exact: the dialog title, with the app name captured. */
    titles: string[];
    /** exact: the explanatory sentence under it. */
    body: string[];
    /** exact: the link that opens the asset picker again. */
    editPrevious: string[];
  };
  businessSelection: {
    /** exact: the step title. */
    titles: string[];
    /** exact: the "Business portfolio" field label (older ES dropdown). */
    fieldLabels: string[];
    /** contains: the reason text of a greyed portfolio. */
    unavailable: string[];
  };
  wabaSelection: {
    titles: string[];
    /** prefix: the two radio options' labels. */
    modeAll: string[];
    modeSelected: string[];
    /** exact: "1 asset selected". */
    counter: string[];
    /** prefix: checkboxes in the list that are not WABAs. */
    nonAssetControls: string[];
  };
  permissionsReview: {
    titles: string[];
    /** prefix: each WhatsApp permission's visible label. */
    scopes: { scope: WhatsAppScope; labels: string[] }[];
    /** exact: a status line next to a permission that states it outright (no toggle). */
    stateOn: string[];
    stateOff: string[];
  };
  success: {
    /** exact: the completion sentence. */
    texts: string[];
    /** exact: the button that ends the flow (docs/meta-platform.md §2.1: "Finish" fires the message event). */
    finish: string[];
  };
  alerts: AlertRule[];
  /** exact: a line carrying an asset id, with {id} captured. */
  idLabels: string[];
  people: {
    titles: string[];
    /** exact: the access column header. */
    columnHeaders: string[];
    /** exact: a line (or name suffix) that marks the signed-in person's row. */
    self: string[];
    /** exact (whole line): access level labels, new names and legacy ones. */
    fullControl: string[];
    partialAccess: string[];
  };
  wabaPage: {
    titles: string[];
  };
}
