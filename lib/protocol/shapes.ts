/**
 * The data shapes content scripts send, as plain types and numbers (no zod: content scripts import
 * this file). lib/messaging.ts builds the receiving side's zod schemas from the same numbers, and
 * lib/content/readings.ts clips page text to them, so a reading can never fail validation by size.
 */

/** The signed-in person's access level on the People page ("Business portfolio access"). */
export const PEOPLE_ACCESS_LEVELS = ['full-control', 'partial', 'unknown'] as const;

export interface PeopleAccess {
  access: (typeof PEOPLE_ACCESS_LEVELS)[number];
  /** The name on the row the page marks as the signed-in person's ("You"), clipped to `PEOPLE_EVIDENCE_MAX`. */
  evidence: string | null;
}

export const PEOPLE_EVIDENCE_MAX = 200;

/** Upper bounds of a screen reading report: list lengths and text lengths. */
export const SCREEN_REPORT_LIMITS = {
  lang: 35,
  evidence: 40,
  evidenceText: 120,
  name: 200,
  businesses: 200,
  wabas: 500,
  /** Meta's "N selected" counter: never more than the WABAs a business can list (a few hundred). */
  selectedCount: 10_000,
  permissions: 10,
  alerts: 20,
  alertRule: 64,
  alertText: 1000,
} as const;
