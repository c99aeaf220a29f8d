/**
 * The live reconnect attempts: the one module that owns them (the pure model is lib/flow/attempt.ts).
 * They live in the storage.session item `attempts` (lib/storage/items.ts), keyed by the tab the
 * attempt started in, so an attempt survives a service-worker restart and is gone with the browser.
 * Every read-modify-write runs on one queue (lib/util/serialized.ts), so a reading, a tab closing and
 * an idle expiry never interleave.
 *
 *   attemptOfTab(tab)          the active attempt the tab belongs to; a tab whose opener is in an
 *                              attempt (Embedded Signup's popup window) joins it
 *   startAttemptIn / updateAttempt(tab, change)
 *   endAttemptOf(tab, reason)  outcome | tabs-closed | inactive (30 minutes without activity)
 *   onAttemptEnded(listener)   once per ended attempt, whatever the reason
 *
 * An ended attempt stays stored, marked ended, until its listeners ran; a worker killed in between
 * runs them on its next start (resumeAttempts), so no end goes unheard.
 */
import { browser } from 'wxt/browser';
import { addTab, closeTab, endAttempt, expireIfIdle, isActive, ATTEMPT_IDLE_MS, type Attempt } from '../flow/attempt';
import { stored } from '../storage/items';
import { serialQueue } from '../util/serialized';

export type { Attempt } from '../flow/attempt';
export type EndReason = NonNullable<Attempt['ended']>['reason'];

/** The alarm that ends idle attempts (lib/background/schedule.ts owns the other alarms). */
export const ATTEMPT_IDLE_ALARM = 'attempt-idle';

const queue = serialQueue();
/** The stored attempts as this worker last wrote or read them (JSON), or null: read storage. */
let cached: string | null = null;
const listeners = new Set<(attempt: Attempt) => void>();
/** Injected clock and opener lookup, for tests. */
let now = () => Date.now();
let openerOf = async (tabId: number): Promise<number | null> => {
  try {
    // openerTabId needs no "tabs" permission (only url / title / favIconUrl do).
    return (await browser.tabs.get(tabId)).openerTabId ?? null;
  } catch {
    return null; // the tab is gone
  }
};

export function setAttemptDeps(deps: { now?: () => number; openerOf?: (tabId: number) => Promise<number | null> }): void {
  cached = null;
  if (deps.now) now = deps.now;
  if (deps.openerOf) openerOf = deps.openerOf;
}

/** Listens for ended attempts; returns the unsubscribe function. */
export function onAttemptEnded(listener: (attempt: Attempt) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

type Store = Record<string, Attempt>;

/**
 * Runs `change` on the stored attempts (after ending the idle ones), writes the result, then tells
 * the listeners about every attempt that ended and removes those. Runs on the queue.
 */
function transact<T>(change: (all: Store, at: number, replaced: Attempt[]) => T): Promise<T> {
  return queue.run(async () => {
    const at = now();
    // Only this module writes the item: while the worker lives, its last write is what is stored
    // (no zod parse on the hot path); a restarted worker reads and validates it once.
    const was = cached ?? JSON.stringify(await stored.attempts.get());
    const all = JSON.parse(was) as Store;
    for (const [key, attempt] of Object.entries(all)) all[key] = expireIfIdle(attempt, at);
    const replaced: Attempt[] = [];
    const result = change(all, at, replaced);
    // A read changes nothing: no write, no alarm call (the checklist's hot path reads a lot).
    if (replaced.length === 0 && JSON.stringify(all) === was && Object.values(all).every((a) => a.ended === null)) return result;
    cached = null;
    await stored.attempts.set(all);
    await announceEnded(all, replaced);
    cached = JSON.stringify(all);
    await scheduleIdleAlarm(all);
    return result;
  });
}

async function announceEnded(all: Store, replaced: readonly Attempt[]): Promise<void> {
  const ended = Object.entries(all).filter(([, a]) => a.ended !== null);
  if (ended.length === 0 && replaced.length === 0) return;
  for (const attempt of [...replaced, ...ended.map(([, a]) => a)]) {
    for (const listener of listeners) {
      try {
        listener(attempt);
      } catch {
        // one listener's failure does not keep the others from hearing
      }
    }
  }
  if (ended.length === 0) return;
  for (const [key] of ended) delete all[key];
  await stored.attempts.set(all);
}

/** When the idle alarm is set for (per worker; a restarted worker sets it again on its first change). */
let alarmAt: number | null | undefined;

async function scheduleIdleAlarm(all: Store): Promise<void> {
  const active = Object.values(all).filter((a) => a.ended === null);
  // A minute's precision is plenty for a 30-minute idle limit: no alarm call on every reading.
  const when = active.length === 0 ? null : Math.ceil((Math.min(...active.map((a) => a.lastActivityAt)) + ATTEMPT_IDLE_MS) / 60_000) * 60_000 + 1_000;
  if (when === alarmAt) return;
  alarmAt = when;
  try {
    if (when === null) await browser.alarms.clear(ATTEMPT_IDLE_ALARM);
    else await browser.alarms.create(ATTEMPT_IDLE_ALARM, { when });
  } catch {
    // no alarms (a unit test's fake browser): the next access expires idle attempts anyway
  }
}

const findKey = (all: Store, tabId: number, at: number) => Object.keys(all).find((k) => (all[k] as Attempt).tabs.includes(tabId) && isActive(all[k] as Attempt, at)) ?? null;

/**
 * Runs `change` on the attempt `tabId` belongs to. A tab not yet in one joins its opener's (the
 * popup window Embedded Signup opens): the opener is looked up (outside the queue) only then.
 */
async function withAttemptOf<T>(tabId: number, change: (all: Store, key: string | null, at: number) => T): Promise<T> {
  const own = await transact((all, at) => {
    const key = findKey(all, tabId, at);
    return key === null ? { found: false as const } : { found: true as const, result: change(all, key, at) };
  });
  if (own.found) return own.result;
  const opener = await openerOf(tabId);
  return transact((all, at) => {
    let key = findKey(all, tabId, at);
    if (key === null && opener !== null) {
      key = findKey(all, opener, at);
      if (key !== null) all[key] = addTab(all[key] as Attempt, tabId, at);
    }
    return change(all, key, at);
  });
}

/** The active attempt the tab belongs to (its own, or its opener's), or null. */
export function attemptOfTab(tabId: number): Promise<Attempt | null> {
  return withAttemptOf(tabId, (all, key) => (key === null ? null : (all[key] as Attempt)));
}

/**
 * Changes the tab's attempt; returns the new attempt, or null when the tab has none. `change` must
 * be pure: it may run after other queued changes, on the attempt as it is then.
 */
export function updateAttempt(tabId: number, change: (a: Attempt) => Attempt): Promise<Attempt | null> {
  return withAttemptOf(tabId, (all, key) => {
    if (key === null) return null;
    const next = change(all[key] as Attempt);
    all[key] = next;
    return next;
  });
}

/**
 * Starts an attempt in `attempt.tabId` unless that tab already belongs to an active one (one
 * attempt per tab); `replace` ends the tab's current attempt first (a new Reconnect click).
 * Returns the attempt the tab is in afterwards.
 */
export function startAttemptIn(attempt: Attempt, options: { replace?: boolean } = {}): Promise<Attempt> {
  return transact((all, at, replaced) => {
    const key = findKey(all, attempt.tabId, at);
    if (key !== null && !options.replace) return all[key] as Attempt;
    if (key !== null) {
      replaced.push(endAttempt(all[key] as Attempt, 'outcome', at));
      delete all[key];
    }
    const slot = String(attempt.tabId);
    // An ended attempt still waiting for its announcement in this slot is announced now.
    if (all[slot]) replaced.push(all[slot] as Attempt);
    all[slot] = attempt;
    return attempt;
  });
}

/** Ends the tab's attempt; returns the ended attempt, or null when the tab had none. */
export function endAttemptOf(tabId: number, reason: EndReason): Promise<Attempt | null> {
  return withAttemptOf(tabId, (all, key, at) => {
    if (key === null) return null;
    const ended = endAttempt(all[key] as Attempt, reason, at);
    all[key] = ended;
    return ended;
  });
}

/** A tab closed: it leaves its attempt, which ends (tabs-closed) when none of its tabs is left. */
export function closeAttemptTab(tabId: number): Promise<void> {
  return transact((all, at) => {
    for (const [key, attempt] of Object.entries(all)) if (attempt.ended === null) all[key] = closeTab(attempt, tabId, at);
  });
}

/** Worker start and the idle alarm: ends idle attempts and announces ends a killed worker left. */
export function resumeAttempts(): Promise<void> {
  return transact(() => undefined);
}

/** Every active attempt (the popup and the badge ask for them). */
export function activeAttempts(): Promise<Attempt[]> {
  return transact((all, at) => Object.values(all).filter((a) => isActive(a, at)));
}
