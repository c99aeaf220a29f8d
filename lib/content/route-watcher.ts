/**
 * Follows single-page-app navigation from a content script.
 *
 * Business Suite changes pages with `history.pushState`, so a content script injected at page load
 * has to notice the URL changing under it. Patching `history` does not work from the isolated
 * world (our `history.pushState` is not the page's; wxt-dev/wxt#1567), so:
 *
 *   Navigation API (Chromium 102+)                      no Navigation API (older engines)
 *   `currententrychange` / `navigatesuccess`            cheap poll of `location.href`
 *   (both fire after the new URL is committed)           every `pollMs` (one string compare)
 *            \________________________  ______________________/
 *                                     \/
 *                  onChange(href) once per distinct URL
 *
 * `popstate` is also heard (back/forward), so the fallback only matters for `pushState`.
 * Everything hangs on `signal`: aborting it removes the listeners and the poll.
 * https://developer.mozilla.org/en-US/docs/Web/API/Navigation/currententrychange_event
 */

/** The part of the Navigation API we use (not yet in TypeScript's DOM lib). */
interface NavigationLike {
  addEventListener(type: string, listener: () => void, options?: AddEventListenerOptions): void;
}

export interface RouteWatcherOptions {
  signal: AbortSignal;
  /** Poll interval when the Navigation API is missing. */
  pollMs?: number;
  /** For tests: the window to watch. */
  win?: Window & { navigation?: NavigationLike };
}

export type RouteMechanism = 'navigation-api' | 'polling';

/**
 * Calls `onChange(href)` after each same-document URL change (not for the URL at start).
 * Returns which mechanism is in use, so callers and tests can say it.
 */
export function watchRoute(onChange: (href: string) => void, options: RouteWatcherOptions): RouteMechanism {
  const { signal, pollMs = 1000 } = options;
  const win = options.win ?? (window as Window & { navigation?: NavigationLike });
  let last = win.location.href;
  const check = () => {
    if (signal.aborted) return;
    const href = win.location.href;
    if (href === last) return;
    last = href;
    onChange(href);
  };
  const listen = { signal, passive: true } as const;
  win.addEventListener('popstate', check, listen);
  const navigation = win.navigation;
  if (navigation && typeof navigation.addEventListener === 'function') {
    navigation.addEventListener('currententrychange', check, listen);
    navigation.addEventListener('navigatesuccess', check, listen);
    return 'navigation-api';
  }
  const timer = win.setInterval(check, pollMs);
  signal.addEventListener('abort', () => win.clearInterval(timer), { once: true });
  return 'polling';
}
