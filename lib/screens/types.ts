/**
 * What the screen readers report. Every field is either read from the page or null/empty: a reader
 * that did not find its evidence says so (`kind: 'unknown'`, `confidence: 'none'`), it never guesses.
 * Types only (content scripts import them; no zod).
 */
import type { AlertKind, RuleLocale } from './rules/types';
import type { WhatsAppScope } from '../meta/whatsapp-scopes';

export type { AlertKind, RuleLocale } from './rules/types';
export type { WhatsAppScope } from '../meta/whatsapp-scopes';

export const SCREEN_KINDS = ['reconnect-confirm', 'business-selection', 'waba-selection', 'permissions-review', 'success', 'error', 'unknown'] as const;
export type ScreenKind = (typeof SCREEN_KINDS)[number];

/**
 * `high`: at least two independent anchors of the screen matched (e.g. its title and its controls);
 * `low`: one anchor only, the step is still loading, or the page was ambiguous; `none`: unknown.
 */
export type Confidence = 'high' | 'low' | 'none';

export interface ReadOptions {
  /** The page language if the caller knows it better than `<html lang>` (e.g. a `locale=` URL param). */
  lang?: string;
  /** Live pages only: a visibility test for stylesheet-hidden nodes, e.g. `(el) => el.checkVisibility()`. */
  isVisible?: (el: Element) => boolean;
}

export interface WabaEntry {
  name: string;
  /** From the WABA's own control (checked / aria-checked / aria-selected); null when the control does not say. */
  selected: boolean | null;
  /** Only when the page prints it (input value or an "ID: …" line); never inferred. */
  id: string | null;
  disabled: boolean;
}

export interface BusinessEntry {
  name: string;
  selected: boolean | null;
  id: string | null;
  /** Greyed out (aria-disabled / disabled): the person cannot pick it (docs/meta-platform.md §2.2: not an admin of it, or it owns the app). */
  disabled: boolean;
}

export interface PermissionEntry {
  scope: WhatsAppScope;
  /** From a toggle's state, or a status line the page states outright; null for a plain summary list. */
  granted: boolean | null;
}

export interface AlertEntry {
  kind: AlertKind;
  /** Which pack rule fired (e.g. `admin-permission-required`), `role-alert` for an unrecognized alert. */
  rule: string;
  text: string;
  blocking: boolean;
}

export interface ScreenReading {
  kind: ScreenKind;
  /** The pack that read the screen (null when nothing was read). */
  locale: RuleLocale | null;
  /** The page's declared language, normalised (`pt_BR` → `pt-br`), or null. */
  lang: string | null;
  confidence: Confidence;
  /** Anchors that matched, e.g. `waba-selection:title`, `waba-selection:mode-radios`; the "why" of `kind`. */
  evidence: string[];
  appName: string | null;
  /** reconnect-confirm only: whether the "Edit previous settings" link is on screen; null elsewhere. */
  editPreviousSettings: boolean | null;
  businesses: BusinessEntry[];
  wabaMode: 'all' | 'selected' | null;
  wabas: WabaEntry[];
  /** The "N selected" counter as printed; null when absent. */
  selectedCount: number | null;
  permissions: PermissionEntry[];
  alerts: AlertEntry[];
  /** The step shows a loading state (aria-busy / progressbar): lists may be incomplete. */
  busy: boolean;
}

export type AccessLevel = 'full-control' | 'partial-access';

export interface PersonEntry {
  name: string;
  accessLevel: AccessLevel | null;
  /** Marked on the page as the signed-in person (a "You" marker), or named by `selfName`. */
  isSelf: boolean;
}

export interface PeopleReading {
  kind: 'people' | 'unknown';
  locale: RuleLocale | null;
  lang: string | null;
  confidence: Confidence;
  evidence: string[];
  people: PersonEntry[];
  /** The signed-in person's row, only when exactly one row is identified as theirs. */
  self: { name: string; accessLevel: AccessLevel | null } | null;
}

export interface WabaAccountEntry {
  name: string;
  id: string | null;
  selected: boolean | null;
}

export interface WabaPageReading {
  kind: 'waba-page' | 'unknown';
  locale: RuleLocale | null;
  lang: string | null;
  confidence: Confidence;
  evidence: string[];
  /** The WABA whose details are open: its heading and printed id. */
  name: string | null;
  id: string | null;
  accounts: WabaAccountEntry[];
}
