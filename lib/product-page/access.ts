/**
 * The product-page content script's run-time registration, under an OPTIONAL host permission.
 *
 *   admin clicks "Allow on app.example.com" (options / onboarding) ── permissions.request (the click is the gesture)
 *   a build-time preset (WXT_PRODUCT_PAGE_HOSTS → host_permissions, wxt.config.ts) grants it at install
 *        │
 *        ▼
 *   syncProductPageScript(): product origins (lib/product-page/origins.ts) ∩ granted
 *        ├─ none  → unregister
 *        └─ some  → (re)register `product-page` for exactly those origins (scripting.registerContentScripts),
 *                   and inject it into the tabs of those origins already open (./open-tabs.ts)
 *   called at worker start, when a permission is added or removed, and when the origins change.
 *
 * Calls are serialised: two overlapping syncs would otherwise register the same id twice.
 * Chrome has no policy that grants a host permission, so the managed policy cannot preset it; a
 * product team that ships its own build presets it with WXT_PRODUCT_PAGE_HOSTS.
 */
import { browser } from 'wxt/browser';
import { stored } from '../storage/items';
import type { FlowOutcome } from '../flow/outcome';
import { coverOpenTabs, RUNNING_MARKER, runningInPage, type Coverage, type OpenTabsDeps } from './open-tabs';
import { matchPatternOf, productOrigins } from './origins';

export const PRODUCT_PAGE_SCRIPT_ID = 'product-page';
export const PRODUCT_PAGE_SCRIPT_FILE = 'content-scripts/product-page.js';

export interface ProductPageAccess {
  /** Every product origin known now. */
  origins: string[];
  /** Those the extension is allowed on. */
  granted: string[];
  /** Those still to allow (what the options page offers). */
  missing: string[];
}

export async function currentProductOrigins(): Promise<string[]> {
  const [snapshot, starts, pages] = await Promise.all([stored.snapshot.get(), stored.reconnectStarts.get(), stored.pagesByTab.get()]);
  return productOrigins({ status: snapshot?.lastGood?.status ?? null, starts: Object.values(starts), dialogs: Object.values(pages) });
}

async function isGranted(origin: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [matchPatternOf(origin)] });
  } catch {
    return false; // a pattern the browser does not accept is not granted
  }
}

export async function productPageAccess(): Promise<ProductPageAccess> {
  const origins = await currentProductOrigins();
  const flags = await Promise.all(origins.map(isGranted));
  return { origins, granted: origins.filter((_, i) => flags[i]), missing: origins.filter((_, i) => !flags[i]) };
}

/**
 * The outcome to use when an attempt ended and its product page reported nothing (the dialog or
 * its tab closed): `not-allowed` when the extension is allowed on none of the product's origins
 * (it could not have seen how the flow ended), else `not-seen`. describeOutcome (lib/flow/outcome.ts)
 * says both as "could not see how the flow ended".
 */
export function unseenOutcome(access: Pick<ProductPageAccess, 'granted'>): Extract<FlowOutcome, { kind: 'none' }> {
  return { kind: 'none', why: access.granted.length === 0 ? 'not-allowed' : 'not-seen' };
}

/**
 * Asks for the host permission of `origins`. Call it straight from a click handler: the browser
 * shows its prompt only during a user gesture. True when granted.
 */
export async function requestProductPageAccess(origins: readonly string[]): Promise<boolean> {
  if (origins.length === 0) return false;
  try {
    return await browser.permissions.request({ origins: origins.map(matchPatternOf) });
  } catch {
    return false;
  }
}

let queue: Promise<unknown> = Promise.resolve();

export type SyncResult = { registered: string[]; openTabs?: Coverage } | { error: string };

/** The browser's side of ./open-tabs.ts. */
const openTabsDeps: OpenTabsDeps = {
  queryTabs: (patterns) => browser.tabs.query({ url: patterns }),
  isRunning: async (tabId) => {
    const [frame] = await browser.scripting.executeScript({ target: { tabId }, func: runningInPage, args: [RUNNING_MARKER] });
    return frame?.result === true;
  },
  inject: async (tabId) => {
    await browser.scripting.executeScript({ target: { tabId }, files: [`/${PRODUCT_PAGE_SCRIPT_FILE}` as const] });
  },
};

/** Registers the script for the granted product origins, or unregisters it; serialised. */
export function syncProductPageScript(): Promise<SyncResult> {
  const run = queue.then(syncNow, syncNow);
  queue = run.catch(() => undefined);
  return run;
}

async function syncNow(): Promise<SyncResult> {
  try {
    const { granted } = await productPageAccess();
    const matches = granted.map(matchPatternOf);
    const existing = await browser.scripting.getRegisteredContentScripts({ ids: [PRODUCT_PAGE_SCRIPT_ID] });
    const current = existing[0]?.matches ?? [];
    if (matches.length === 0) {
      if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [PRODUCT_PAGE_SCRIPT_ID] });
      return { registered: [] };
    }
    if (existing.length && current.length === matches.length && current.every((m) => matches.includes(m))) return { registered: granted };
    if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [PRODUCT_PAGE_SCRIPT_ID] });
    await browser.scripting.registerContentScripts([
      { id: PRODUCT_PAGE_SCRIPT_ID, js: [PRODUCT_PAGE_SCRIPT_FILE], matches, runAt: 'document_idle', allFrames: false },
    ]);
    // The registration covers the next loads; the pages open now get the script here.
    return { registered: granted, openTabs: await coverOpenTabs(matches, openTabsDeps) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : 'could not register the product-page script' };
  }
}

/**
 * Calls back when a permission is granted or removed; returns the unsubscribe function. Where the
 * events do not exist (an engine without them, a test double), nothing is watched.
 */
export function onPermissionsChange(listener: () => void): () => void {
  try {
    browser.permissions.onAdded.addListener(listener);
    browser.permissions.onRemoved.addListener(listener);
  } catch {
    return () => undefined;
  }
  return () => {
    browser.permissions.onAdded.removeListener(listener);
    browser.permissions.onRemoved.removeListener(listener);
  };
}

/** Keeps the registration in step with the grant and the origins (background start-up). */
export function watchProductPageAccess(): void {
  void syncProductPageScript();
  onPermissionsChange(() => void syncProductPageScript());
  let last = '';
  const onOrigins = () => {
    void currentProductOrigins().then((origins) => {
      const key = origins.join(' ');
      if (key === last) return;
      last = key;
      void syncProductPageScript();
    });
  };
  stored.snapshot.watch(onOrigins);
  stored.reconnectStarts.watch(onOrigins);
  stored.pagesByTab.watch(onOrigins);
}
