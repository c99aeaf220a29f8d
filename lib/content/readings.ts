/**
 * From the screen readers (lib/screens) to the messages the background accepts (lib/messaging.ts):
 * page text is clipped and lists are capped to the message schema's bounds here, in the page, so a
 * hostile or huge page cannot make a reading fail validation (and be lost) on the other side.
 * No zod: this runs in content scripts.
 */
import type { Message, ScreenReadingReport } from '../messaging';
import { readPeoplePage } from '../screens/people-page';
import { readScreen } from '../screens/read-screen';
import { clip } from '../screens/text';

type PeopleAccess = NonNullable<Extract<Message, { type: 'page-guidance' }>['people']>;

const id = (value: string | null) => (value !== null && /^\d{1,32}$/.test(value) ? value : null);

/**
 * The signed-in person's access level on the People page. `evidence` is the name of the row the page
 * marks as theirs ("You"), so the panel can say whose row it read.
 */
export function readPeopleAccess(root: Element): PeopleAccess {
  const reading = readPeoplePage(root);
  const level = reading.self?.accessLevel ?? null;
  return {
    access: level === 'full-control' ? 'full-control' : level === 'partial-access' ? 'partial' : 'unknown',
    evidence: reading.self ? clip(reading.self.name, 200) : null,
  };
}

/**
 * The dialog screen as a report. `checkVisibility` drops stylesheet-hidden steps (Meta keeps
 * finished steps in the DOM); the dialog is a small page, so the per-element style check is cheap.
 */
export function readScreenReport(root: Element): ScreenReadingReport {
  const reading = readScreen(root, {
    isVisible: (el) => (typeof el.checkVisibility === 'function' ? el.checkVisibility() : true),
  });
  return {
    kind: reading.kind,
    locale: reading.locale,
    lang: reading.lang === null ? null : reading.lang.slice(0, 35),
    confidence: reading.confidence,
    evidence: reading.evidence.slice(0, 40).map((e) => e.slice(0, 120)),
    appName: reading.appName === null ? null : clip(reading.appName, 200),
    editPreviousSettings: reading.editPreviousSettings,
    businesses: reading.businesses.slice(0, 200).map((b) => ({ name: clip(b.name, 200), selected: b.selected, id: id(b.id), disabled: b.disabled })),
    wabaMode: reading.wabaMode,
    wabas: reading.wabas.slice(0, 500).map((w) => ({ name: clip(w.name, 200), selected: w.selected, id: id(w.id), disabled: w.disabled })),
    selectedCount: reading.selectedCount !== null && reading.selectedCount <= 1_000_000 ? reading.selectedCount : null,
    permissions: reading.permissions.slice(0, 10).map((p) => ({ scope: p.scope, granted: p.granted })),
    alerts: reading.alerts.slice(0, 20).map((a) => ({ kind: a.kind, rule: a.rule.slice(0, 64), text: clip(a.text, 1000), blocking: a.blocking })),
    busy: reading.busy,
  };
}
