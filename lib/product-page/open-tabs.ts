/**
 * A script registered at run time runs from the next page load on. When the product's origin is
 * first learned at a reconnect (the page a Reconnect opened, Meta's redirect that landed before the
 * registration), that page is already open and would miss Embedded Signup's events and the
 * redirect. So each (re)registration also injects the script into the open tabs of its origins,
 * except where a copy already runs: the running copy keeps a marker in the extension's own
 * isolated world (`markRunning`), which the page's scripts cannot see or set.
 *
 *   registerContentScripts(matches) ─▶ coverOpenTabs(matches)
 *        tabs.query({ url: matches })        (the host permission shows these tabs' URLs)
 *        └─ per tab: runningInPage? ─yes→ skipped
 *                                   └no──→ executeScript(files) ─▶ injected | failed (an error page, a discarded tab)
 *
 * A page whose copy stopped (the extension was reloaded) reads as not running, so it is covered
 * again; WXT's own start-up message then retires any older copy in that page.
 */
export const RUNNING_MARKER = '__reconnectAssistantProductPage';

/** Called by the running content script: `isValid` answers whether this copy still works. */
export function markRunning(isValid: () => boolean, scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): void {
  scope[RUNNING_MARKER] = isValid;
}

/**
 * Whether a working copy runs in this page. Self-contained (no imports, no closure): it is
 * serialised into the page by scripting.executeScript and run in the extension's isolated world.
 */
export function runningInPage(marker: string): boolean {
  try {
    const probe = (globalThis as unknown as Record<string, unknown>)[marker];
    return typeof probe === 'function' && (probe as () => unknown)() === true;
  } catch {
    return false;
  }
}

export interface OpenTabsDeps {
  /** Open tabs whose URL matches one of the patterns. */
  queryTabs(patterns: string[]): Promise<{ id?: number }[]>;
  isRunning(tabId: number): Promise<boolean>;
  inject(tabId: number): Promise<void>;
}

export interface Coverage {
  injected: number[];
  /** A copy already ran there. */
  skipped: number[];
  /** The browser refused (the tab is an error page, discarded, or closed meanwhile). */
  failed: number[];
}

export async function coverOpenTabs(patterns: readonly string[], deps: OpenTabsDeps): Promise<Coverage> {
  const coverage: Coverage = { injected: [], skipped: [], failed: [] };
  if (patterns.length === 0) return coverage;
  let tabs: { id?: number }[];
  try {
    tabs = await deps.queryTabs([...patterns]);
  } catch {
    return coverage;
  }
  const ids = [...new Set(tabs.flatMap((t) => (t.id === undefined ? [] : [t.id])))];
  await Promise.all(
    ids.map(async (id) => {
      try {
        if (await deps.isRunning(id)) {
          coverage.skipped.push(id);
          return;
        }
        await deps.inject(id);
        coverage.injected.push(id);
      } catch {
        coverage.failed.push(id);
      }
    }),
  );
  for (const list of Object.values(coverage)) list.sort((a: number, b: number) => a - b);
  return coverage;
}
