/**
 * Missing admin access, from every signal available, saying which one fired.
 *
 * A reconnect only works when the person running it has Full control (formerly "Admin") of the
 * business portfolio (docs/meta-platform.md §2.3: only admins can grant a system-user token; §6:
 * Full control vs Partial access). Three independent signals, each about a possibly different person:
 *
 *   people-page  the People page shows the signed-in person's access level (lib/screens readPeoplePage)
 *   dialog       Meta's login dialog showed an admin/permission error in this browser session
 *   backend      the backend established the role of the person who authorized a connection
 *                (`authorizingUser.role`, or a `not-admin` status/problem)
 *
 * Verdict: `missing` if any signal says so; `present` only if some signal says so and none says
 * missing; otherwise `unknown`. Every signal is listed with its source, so the admin sees why.
 */
import type { Connection, Workspace } from '../contract';
import type { PeopleAccess } from '../protocol/shapes';
import type { Snapshot } from '../storage/snapshot';
import { andList } from '../util/english';
import { formatUtc } from '../util/utc-time';
import type { PanelItem, PanelModel } from './panel-model';
import type { PanelTone } from '../tone';

/** What the People page showed about the signed-in person (one shape, lib/protocol/shapes.ts). */
export type PeopleSignalInput = PeopleAccess;

export interface DialogSignalInput {
  at: string;
  /** Meta's alert text, shown as text. */
  text: string;
}

export type SignalSource = 'people-page' | 'dialog' | 'backend';

export interface AdminSignal {
  source: SignalSource;
  says: 'missing' | 'present' | 'unknown';
  text: string;
}

export interface AdminAssessment {
  verdict: 'missing' | 'present' | 'unknown';
  signals: AdminSignal[];
}

const SOURCE_PHRASE: Record<SignalSource, string> = {
  'people-page': 'this People page',
  dialog: 'Meta’s login dialog',
  backend: 'the product’s backend',
};

const SOURCE_LABEL: Record<SignalSource, string> = {
  'people-page': 'This People page',
  dialog: 'Meta’s login dialog',
  backend: 'The product’s backend',
};

function isNotAdmin(connection: Connection): boolean {
  return connection.status === 'not-admin' || connection.problems.some((p) => p.code === 'not-admin');
}

function backendSignals(workspaces: readonly Workspace[]): AdminSignal[] {
  const signals: AdminSignal[] = [];
  let unknown = 0;
  for (const workspace of workspaces) {
    for (const connection of workspace.connections) {
      const who = connection.authorizingUser.name ?? 'the authorizing person';
      if (connection.authorizingUser.role === 'employee' || isNotAdmin(connection)) {
        const role = connection.authorizingUser.role === 'employee' ? ' has Partial access (Employee)' : ' is not an admin of the portfolio';
        signals.push({ source: 'backend', says: 'missing', text: `${workspace.name}: authorized by ${who}, who${role}.` });
      } else if (connection.authorizingUser.role === 'admin') {
        signals.push({ source: 'backend', says: 'present', text: `${workspace.name}: authorized by ${who}, who has Full control.` });
      } else {
        unknown += 1;
      }
    }
  }
  if (unknown > 0 && signals.length === 0) {
    signals.push({ source: 'backend', says: 'unknown', text: 'Meta did not tell the backend the authorizing person’s role.' });
  }
  return signals;
}

export function assessAdminAccess(input: {
  people: PeopleSignalInput | null;
  dialog: DialogSignalInput | null;
  snapshot: Snapshot | null;
  /** The portfolio of the page, when known: only its workspaces count for the backend signal. */
  businessId: string | null;
}): AdminAssessment {
  const signals: AdminSignal[] = [];
  if (input.people) {
    const { access, evidence } = input.people;
    const row = evidence ? `Your row (“${evidence}”) shows` : 'You have';
    signals.push(
      access === 'partial'
        ? { source: 'people-page', says: 'missing', text: `${row} Partial access to this business portfolio, not Full control.` }
        : access === 'full-control'
          ? { source: 'people-page', says: 'present', text: `${row} Full control of this business portfolio.` }
          : { source: 'people-page', says: 'unknown', text: 'Could not find your own access level on this page.' },
    );
  }
  if (input.dialog) {
    signals.push({ source: 'dialog', says: 'missing', text: `At ${formatUtc(input.dialog.at)} it said: “${input.dialog.text}”` });
  }
  const status = input.snapshot?.lastGood?.status;
  if (status) {
    const workspaces = status.workspaces.filter((w) => input.businessId === null || w.businessId === null || w.businessId === input.businessId);
    signals.push(...backendSignals(workspaces));
  }
  const verdict = signals.some((s) => s.says === 'missing') ? 'missing' : signals.some((s) => s.says === 'present') ? 'present' : 'unknown';
  return { verdict, signals };
}

const SAYS_TONE: Record<AdminSignal['says'], PanelTone> = { missing: 'danger', present: 'ok', unknown: 'unknown' };

export function adminAccessPanel(assessment: AdminAssessment): PanelModel {
  const items: PanelItem[] = assessment.signals.map((s) => ({ tone: SAYS_TONE[s.says], label: SOURCE_LABEL[s.source], detail: s.text }));
  const fired = assessment.signals.filter((s) => s.says === 'missing');
  if (assessment.verdict === 'missing') {
    const sources = [...new Set(fired.map((s) => SOURCE_PHRASE[s.source]))];
    const list = andList(sources);
    const steps: string[] = [];
    if (fired.some((s) => s.source !== 'backend')) {
      steps.push(
        'Ask someone with Full control of this business portfolio to open Business settings > People, select your name and give you Full control (Everything).',
        'Or ask that person to run the reconnect from the product themselves.',
      );
    }
    if (fired.some((s) => s.source === 'backend')) {
      steps.push('Reconnect the listed workspace while signed in to Facebook as a person with Full control of the portfolio, so the new token is granted by an admin.');
    }
    return {
      topic: 'admin-access',
      tone: 'danger',
      title: 'Missing admin access (Full control)',
      paragraphs: [`Reconnecting needs Full control of the business portfolio. Flagged by ${list}:`],
      items,
      steps,
      note: null,
    };
  }
  if (assessment.verdict === 'present') {
    return {
      topic: 'admin-access',
      tone: 'ok',
      title: 'Admin access (Full control) found',
      paragraphs: ['Signals read for admin access:'],
      items,
      steps: [],
      note: 'This only covers what the page and the backend show; Meta’s dialog has the last word.',
    };
  }
  return {
    topic: 'admin-access',
    tone: 'unknown',
    title: 'Admin access not verified',
    paragraphs: ['Reconnecting needs Full control of the business portfolio; nothing read so far shows whether you have it.'],
    items,
    steps: ['Find your own name in the list: its “Business portfolio access” should read Full control.'],
    note: null,
  };
}
