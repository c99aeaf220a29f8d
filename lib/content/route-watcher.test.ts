import { describe, expect, it, vi } from 'vitest';
import { watchRoute } from './route-watcher';

/** A window-shaped object whose URL the test moves, with or without a Navigation API. */
function fakeWindow(withNavigation: boolean) {
  const target = new EventTarget();
  const navigation = withNavigation ? new EventTarget() : undefined;
  const win = {
    location: { href: 'https://business.facebook.com/latest/settings/business_users?business_id=1' },
    addEventListener: target.addEventListener.bind(target),
    dispatchEvent: target.dispatchEvent.bind(target),
    setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
    clearInterval: (id: ReturnType<typeof setInterval>) => clearInterval(id),
    navigation,
  };
  return win as unknown as Window & { navigation?: EventTarget };
}

describe('watchRoute', () => {
  it('uses the Navigation API when present and reports each distinct URL once', () => {
    const win = fakeWindow(true);
    const seen: string[] = [];
    const controller = new AbortController();
    expect(watchRoute((href) => seen.push(href), { signal: controller.signal, win })).toBe('navigation-api');
    win.location.href = 'https://business.facebook.com/latest/settings/connected_apps?business_id=1';
    win.navigation?.dispatchEvent(new Event('currententrychange'));
    win.navigation?.dispatchEvent(new Event('navigatesuccess'));
    win.location.href = 'https://business.facebook.com/latest/settings/whatsapp_account?business_id=1';
    win.dispatchEvent(new Event('popstate'));
    expect(seen).toEqual([
      'https://business.facebook.com/latest/settings/connected_apps?business_id=1',
      'https://business.facebook.com/latest/settings/whatsapp_account?business_id=1',
    ]);
    controller.abort();
    win.location.href = 'https://business.facebook.com/latest/home';
    win.navigation?.dispatchEvent(new Event('currententrychange'));
    expect(seen).toHaveLength(2);
  });

  it('falls back to polling without the Navigation API, and stops polling on abort', () => {
    vi.useFakeTimers();
    try {
      const win = fakeWindow(false);
      const seen: string[] = [];
      const controller = new AbortController();
      expect(watchRoute((href) => seen.push(href), { signal: controller.signal, win, pollMs: 500 })).toBe('polling');
      win.location.href = 'https://business.facebook.com/latest/settings/people?business_id=1';
      vi.advanceTimersByTime(499);
      expect(seen).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(seen).toEqual(['https://business.facebook.com/latest/settings/people?business_id=1']);
      controller.abort();
      win.location.href = 'https://business.facebook.com/latest/home';
      vi.advanceTimersByTime(5000);
      expect(seen).toHaveLength(1);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
