/**
 * Admin access: on the People page, whether the signed-in person has Full control, from the page
 * (their own row), Meta's dialog (a not-admin alert this session) and the backend
 * (lib/guidance/admin-access.ts).
 *
 * Observes the page's [role=main] with a batched observer, reads the People list
 * (lib/content/readings.ts readPeopleAccess) and asks for the panel when the reading changes; stops
 * once the reading is definitive. The backend's role signal can change while the page is open.
 */
import { adminAccessPanel, assessAdminAccess } from '../guidance/admin-access';
import { observeBatched, type RootChoice } from '../content/batched-observer';
import { readPeopleAccess } from '../content/readings';
import type { PeopleAccess } from '../protocol/shapes';
import type { ContentFeature, FeaturePanel, FeatureView } from './types';

/** The People reader, replaceable in tests. */
export type ReadPeople = (root: Element) => { access: PeopleAccess; complete: boolean; absent: boolean };

export function startAdminAccess(view: FeatureView, readPeople: ReadPeople = readPeopleAccess): void {
  const { page, doc, signal } = view;
  let last: PeopleAccess | null = null;
  let lastKey = '';
  let absentRuns = 0;
  const stop = new AbortController();
  signal.addEventListener('abort', () => stop.abort(), { once: true });
  observeBatched({
    signal: stop.signal,
    findRoot: () => anchoredOr(doc, '[role="main"]'),
    // The access level arrives with rows (child lists) or changed text.
    init: { childList: true, characterData: true },
    // Scrolling or clicking can load more rows (and with them, the admin's own).
    wakeEvents: ['click', 'keydown', 'change', 'scroll'],
    isOwnNode: view.isOwnNode,
    // While the page shows no People list yet, look again with a back-off up to 30 s (a real list
    // arrives within seconds of the route change; a page that never shows one costs one cheap
    // text check per 30 s).
    minIntervalMs: 250,
    maxIntervalMs: 30_000,
    // A People list read in full that does not show the admin's own row will not start to by
    // itself; rows loaded later come with a scroll or a click, which wake the observer.
    sleepAfter: 2,
    work: (root) => {
      const { access: reading, complete, absent } = readPeople(root);
      // No People list on the page for ~8 s of back-off (5 runs): sleep until the admin scrolls,
      // clicks or types, or the app replaces the region.
      absentRuns = absent ? absentRuns + 1 : 0;
      if (absentRuns >= 5) return 'settled';
      const key = JSON.stringify(reading);
      if (key !== lastKey) {
        lastKey = key;
        last = reading;
        view.ask({ type: 'page-guidance', page, people: reading });
        // The signed-in person's access level does not change while this view lives (another
        // person or portfolio is another URL): once it is read, stop watching.
        if (reading.access !== 'unknown') queueMicrotask(() => stop.abort());
        return complete ? 'settled' : 'changed';
      }
      return complete ? 'settled' : 'same';
    },
  });
  view.onStatusChange(() => view.ask({ type: 'page-guidance', page, people: last }));
}

/**
 * The narrowest stable root: the anchor (e.g. [role=main]) when the app has rendered it, else <body>
 * (watched for structure only until the anchor appears).
 */
function anchoredOr(doc: Document, selector: string): RootChoice | null {
  const anchor = doc.querySelector(selector);
  if (anchor) return { root: anchor, anchored: true };
  return doc.body ? { root: doc.body, anchored: false } : null;
}

export const feature: ContentFeature<'admin-access'> = {
  id: 'admin-access',
  kinds: ['bm-people'],
  placement: 'bottom',
  start: (view) => startAdminAccess(view),
};

export const panel: FeaturePanel = ({ page, people, adminSignal, snapshot }) =>
  adminAccessPanel(assessAdminAccess({ people, dialog: adminSignal, snapshot, businessId: page.businessId }));
