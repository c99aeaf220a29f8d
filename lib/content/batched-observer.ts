/**
 * Watches one part of a heavy single-page app for changes, and runs a piece of work at most once per
 * batch of changes, when the page is idle.
 *
 *   MutationObserver on the narrowest root ──► callback: O(1) once a batch is pending; otherwise
 *   (e.g. [role=dialog], [role=main])           looks for the first relevant record and stops
 *                                                        │ schedule()
 *                                                        ▼
 *                                  wait until the back-off interval has passed (setTimeout)
 *                                  then requestIdleCallback (timeout-bounded) ──► work(root)
 *                                                        │
 *                         work says "changed" → interval back to min; "same" → interval doubles (≤ max)
 *
 * Why: Business Suite mutates thousands of nodes a second; a reader that ran per mutation (or even per
 * frame) on a large root would cost a large share of the page's CPU (uBlock's domWatcher and bitwarden's
 * collect-autofill-content service batch the same way). Relevance is checked cheaply: mutations on or
 * under our own nodes (the panel host) are skipped; everything outside the root is never observed.
 * Until the anchor element exists, the fallback root is watched for child-list changes only, and the
 * anchor is looked up again on the next batch. A root that the app detaches is noticed by a cheap
 * `isConnected` check every 5 s and re-resolved (not needed for <body>).
 *
 * Native checkboxes and radios change a *property* (no mutation record), so `change` events at the
 * root also wake the observer. Wake events are the user's doing (a click, a key): they reset the
 * back-off, so what the admin just did is read at once.
 *
 * Sleep: when the work says its result is `settled` (complete, and only the user can change it),
 * and says so several runs in a row, the observer disconnects; only the wake events remain (O(1) per
 * user event) and bring it back. A heavy page that keeps mutating then costs nothing.
 */

export interface RootChoice {
  root: Element;
  /** True when `root` is the narrow anchor (e.g. [role=main]); false for a fallback such as <body>. */
  anchored: boolean;
}

export interface BatchedObserverOptions {
  signal: AbortSignal;
  /** The narrowest stable root available now (re-evaluated while not anchored or once detached). */
  findRoot: () => RootChoice | null;
  /** What to observe on an anchored root. `subtree` is implied. */
  init: Omit<MutationObserverInit, 'subtree'>;
  /** Our own nodes (e.g. the panel's host): mutations on or under them are not relevant. */
  isOwnNode?: (node: Node) => boolean;
  /** User events that also mean "look again now" (captured at the root). Default: `change`. */
  wakeEvents?: readonly string[];
  /**
   * The batched work. `changed` resets the back-off; `same` doubles it; `settled` is `same` plus
   * "complete: only the user can change this", and after `sleepAfter` of them in a row the observer
   * sleeps until a wake event.
   */
  work: (root: Element) => WorkResult;
  /** Consecutive `settled` runs before sleeping (default 3). */
  sleepAfter?: number;
  /** Shortest gap between two runs of `work` (ms). */
  minIntervalMs?: number;
  /** Longest gap the back-off grows to while nothing changes (ms). */
  maxIntervalMs?: number;
  /** How often a replaced root is looked for (ms; not for <body>, which the app cannot replace). */
  detachCheckMs?: number;
}

export type WorkResult = 'changed' | 'same' | 'settled';

export interface BatchedObserver {
  /** Number of times `work` ran (for tests and the bench). */
  readonly runs: number;
  /** True while asleep (settled; only wake events bring it back). */
  readonly asleep: boolean;
  /** Queue a run as if a relevant mutation had happened (e.g. after our own data changed). */
  poke(): void;
}

const now = () => performance.now();

export function observeBatched(options: BatchedObserverOptions): BatchedObserver {
  const { signal, findRoot, init, isOwnNode = () => false, work } = options;
  const minInterval = options.minIntervalMs ?? 150;
  const maxInterval = options.maxIntervalMs ?? 4000;
  const wakeEvents = options.wakeEvents ?? ['change'];
  const sleepAfter = options.sleepAfter ?? 3;
  let runs = 0;
  let settledRuns = 0;
  let asleep = false;
  let pending = false;
  let interval = minInterval;
  let nextAllowedAt = 0;
  let choice: RootChoice | null = null;
  let rootListeners: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: number | undefined;

  const observer = new MutationObserver((records) => {
    // Once a batch is pending, the rest of the records cannot change anything: O(1).
    if (pending) return;
    for (const record of records) {
      if (isRelevant(record)) {
        schedule();
        return;
      }
    }
  });

  function isRelevant(record: MutationRecord): boolean {
    if (isOwnNode(record.target)) return false;
    if (record.type !== 'childList') return true;
    // A child-list change that only adds or removes our own nodes (the panel host) is ours.
    for (const node of record.addedNodes) if (!isOwnNode(node)) return true;
    for (const node of record.removedNodes) if (!isOwnNode(node)) return true;
    return false;
  }

  function attach(next: RootChoice | null): void {
    observer.disconnect();
    rootListeners?.abort();
    rootListeners = null;
    choice = next;
    if (!next) return;
    if (asleep) {
      // Asleep: no observation, only the wake events below.
    } else if (next.anchored) {
      observer.observe(next.root, { ...init, subtree: true });
    } else {
      // Waiting for the anchor: only structure matters, not text or attributes.
      observer.observe(next.root, { childList: true, subtree: true });
    }
    rootListeners = new AbortController();
    for (const type of wakeEvents) {
      next.root.addEventListener(type, wake, { capture: true, passive: true, signal: rootListeners.signal });
    }
    watchDetach();
  }

  function schedule(): void {
    if (pending || signal.aborted) return;
    pending = true;
    const wait = Math.max(0, nextAllowedAt - now());
    timer = setTimeout(() => {
      timer = undefined;
      if (typeof requestIdleCallback === 'function') {
        idle = requestIdleCallback(flush, { timeout: 500 });
      } else {
        flush();
      }
    }, wait);
  }

  /** A user event: read again as soon as the page is idle, whatever the back-off said. */
  function wake(): void {
    if (signal.aborted) return;
    interval = minInterval;
    nextAllowedAt = 0;
    settledRuns = 0;
    if (asleep) {
      asleep = false;
      attach(choice);
    }
    schedule();
  }

  function flush(): void {
    idle = undefined;
    pending = false;
    if (signal.aborted) return;
    if (!choice || !choice.anchored || !choice.root.isConnected) {
      const next = findRoot();
      if (next?.root !== choice?.root || next?.anchored !== choice?.anchored) attach(next);
    }
    if (!choice) return;
    runs += 1;
    const result = work(choice.root);
    interval = result === 'changed' ? minInterval : Math.min(maxInterval, interval * 2);
    nextAllowedAt = now() + interval;
    settledRuns = result === 'settled' ? settledRuns + 1 : 0;
    if (settledRuns >= sleepAfter) {
      asleep = true;
      observer.disconnect();
    }
  }

  // A root the app may replace is checked every few seconds; <body> cannot be (only with the document).
  let detachCheck: ReturnType<typeof setInterval> | undefined;
  function watchDetach(): void {
    const needed = !choice || (choice.root !== choice.root.ownerDocument.body && choice.root !== choice.root.ownerDocument.documentElement);
    if (needed && detachCheck === undefined) {
      detachCheck = setInterval(() => {
        if (choice && choice.root.isConnected) return;
        // The app replaced the root: new content, so whatever had settled is stale.
        if (asleep) {
          asleep = false;
          settledRuns = 0;
        }
        schedule();
      }, options.detachCheckMs ?? 5000);
    } else if (!needed && detachCheck !== undefined) {
      if (detachCheck !== undefined) clearInterval(detachCheck);
      detachCheck = undefined;
    }
  }

  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      rootListeners?.abort();
      if (detachCheck !== undefined) clearInterval(detachCheck);
      if (timer !== undefined) clearTimeout(timer);
      if (idle !== undefined && typeof cancelIdleCallback === 'function') cancelIdleCallback(idle);
    },
    { once: true },
  );

  attach(findRoot());
  schedule();

  return {
    get runs() {
      return runs;
    },
    get asleep() {
      return asleep;
    },
    poke: schedule,
  };
}
