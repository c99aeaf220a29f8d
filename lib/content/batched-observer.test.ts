import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { observeBatched, type RootChoice } from './batched-observer';
import { isPanelHost, PANEL_ATTR } from './panel';

// Fake timers: the batching and back-off delays run on the test's clock, not on a loaded CI machine's.
const FAKED = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] as const;
const settle = (ms = 30) => vi.advanceTimersByTimeAsync(ms);

let controller: AbortController;
beforeEach(() => {
  vi.useFakeTimers({ toFake: [...FAKED] });
  document.body.replaceChildren();
  controller = new AbortController();
});
afterEach(() => {
  controller.abort();
  vi.useRealTimers();
});

function mainRoot(): RootChoice | null {
  const main = document.querySelector('[role="main"]');
  return main ? { root: main, anchored: true } : { root: document.body, anchored: false };
}

describe('observeBatched', () => {
  it('runs the work once at start and once for a burst of mutations, not once per mutation', async () => {
    const main = document.createElement('div');
    main.setAttribute('role', 'main');
    document.body.append(main);
    const roots: Element[] = [];
    const observer = observeBatched({ signal: controller.signal, findRoot: mainRoot, init: { childList: true }, minIntervalMs: 0, work: (root) => (roots.push(root), 'changed') });
    await settle();
    expect(observer.runs).toBe(1);
    for (let i = 0; i < 500; i++) main.append(document.createElement('span'));
    await settle();
    expect(observer.runs).toBe(2);
    expect(roots).toEqual([main, main]);
  });

  it('ignores mutations outside the root and on our own nodes', async () => {
    const main = document.createElement('div');
    main.setAttribute('role', 'main');
    const sidebar = document.createElement('div');
    const ownHost = () => {
      const host = document.createElement('div');
      host.setAttribute(PANEL_ATTR, '');
      return host;
    };
    const own = ownHost();
    main.append(own);
    document.body.append(main, sidebar);
    const observer = observeBatched({
      signal: controller.signal,
      findRoot: mainRoot,
      init: { childList: true, attributes: true },
      isOwnNode: isPanelHost,
      minIntervalMs: 0,
      work: () => 'changed',
    });
    await settle();
    const before = observer.runs;
    sidebar.append(document.createElement('p'));
    own.setAttribute('data-x', '1');
    main.append(ownHost());
    await settle();
    expect(observer.runs).toBe(before);
    main.append(document.createElement('p'));
    await settle();
    expect(observer.runs).toBe(before + 1);
  });

  it('waits for the anchor on <body>, then moves to it', async () => {
    const roots: Element[] = [];
    const observer = observeBatched({ signal: controller.signal, findRoot: mainRoot, init: { childList: true }, minIntervalMs: 0, work: (root) => (roots.push(root), 'changed') });
    await settle();
    expect(roots).toEqual([document.body]);
    const main = document.createElement('div');
    main.setAttribute('role', 'main');
    document.body.append(main);
    await settle();
    expect(roots.at(-1)).toBe(main);
    const runs = observer.runs;
    // Now anchored: changes outside main no longer matter.
    document.body.append(document.createElement('aside'));
    await settle();
    expect(observer.runs).toBe(runs);
  });

  it('re-resolves a root the app replaced', async () => {
    const first = document.createElement('div');
    first.setAttribute('role', 'main');
    document.body.append(first);
    const roots: Element[] = [];
    observeBatched({ signal: controller.signal, findRoot: mainRoot, init: { childList: true }, minIntervalMs: 0, detachCheckMs: 10, work: (root) => (roots.push(root), 'changed') });
    await settle();
    const second = document.createElement('div');
    second.setAttribute('role', 'main');
    first.replaceWith(second);
    await settle(60);
    expect(roots.at(-1)).toBe(second);
  });

  it('wakes on change events (a native checkbox toggles a property, not an attribute)', async () => {
    const main = document.createElement('div');
    main.setAttribute('role', 'main');
    const box = document.createElement('input');
    box.type = 'checkbox';
    main.append(box);
    document.body.append(main);
    const observer = observeBatched({ signal: controller.signal, findRoot: mainRoot, init: { attributes: true }, minIntervalMs: 0, work: () => 'changed' });
    await settle();
    box.checked = true;
    box.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(observer.runs).toBe(2);
  });

  it('backs off while nothing changes and resets when something does', async () => {
    const main = document.createElement('div');
    main.setAttribute('role', 'main');
    document.body.append(main);
    let changed = false;
    const observer = observeBatched({ signal: controller.signal, findRoot: mainRoot, init: { childList: true }, minIntervalMs: 20, maxIntervalMs: 160, work: () => (changed ? 'changed' : 'same') });
    await vi.advanceTimersByTimeAsync(0);
    expect(observer.runs).toBe(1);
    // A mutation every 5 ms for 800 ms (160 batches). Unchanged results double the gap:
    // 40, 80, 160, 160, 160, 160 ms... → runs at ~40, 120, 280, 440, 600, 760 ms.
    const mutateFor = async (ms: number) => {
      for (let t = 0; t < ms; t += 5) {
        main.append(document.createElement('i'));
        await vi.advanceTimersByTimeAsync(5);
      }
    };
    await mutateFor(800);
    expect(observer.runs).toBe(7);
    // Changed results keep the gap at its minimum (20 ms): ~40 runs in the next 800 ms.
    changed = true;
    const before = observer.runs;
    await mutateFor(800);
    expect(observer.runs - before).toBeGreaterThanOrEqual(35);
    expect(observer.runs - before).toBeLessThanOrEqual(41);
  });

  it('sleeps once its result has settled, and only a user event wakes it (at once, without back-off)', async () => {
    const main = document.createElement('div');
    main.setAttribute('role', 'main');
    document.body.append(main);
    const observer = observeBatched({
      signal: controller.signal,
      findRoot: mainRoot,
      init: { childList: true },
      wakeEvents: ['click'],
      minIntervalMs: 0,
      maxIntervalMs: 0,
      sleepAfter: 2,
      work: () => 'settled',
    });
    await settle();
    main.append(document.createElement('p'));
    await settle();
    expect(observer.runs).toBe(2);
    expect(observer.asleep).toBe(true);
    for (let i = 0; i < 20; i++) main.append(document.createElement('p'));
    await settle();
    expect(observer.runs).toBe(2);
    main.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await settle();
    expect(observer.runs).toBe(3);
    expect(observer.asleep).toBe(false);
    main.append(document.createElement('p'));
    await settle();
    expect(observer.runs).toBe(4);
    expect(observer.asleep).toBe(true);
  });

  it('wakes by itself when the app replaces the root it slept on', async () => {
    const first = document.createElement('div');
    first.setAttribute('role', 'main');
    document.body.append(first);
    const roots: Element[] = [];
    const observer = observeBatched({ signal: controller.signal, findRoot: mainRoot, init: { childList: true }, minIntervalMs: 0, sleepAfter: 1, detachCheckMs: 10, work: (root) => (roots.push(root), 'settled') });
    await settle();
    expect(observer.asleep).toBe(true);
    const second = document.createElement('div');
    second.setAttribute('role', 'main');
    first.replaceWith(second);
    await settle(60);
    expect(roots.at(-1)).toBe(second);
  });

  it('stops everything when the signal aborts', async () => {
    const main = document.createElement('div');
    main.setAttribute('role', 'main');
    document.body.append(main);
    const observer = observeBatched({ signal: controller.signal, findRoot: mainRoot, init: { childList: true }, minIntervalMs: 0, work: () => 'changed' });
    await settle();
    controller.abort();
    main.append(document.createElement('p'));
    main.dispatchEvent(new Event('change', { bubbles: true }));
    observer.poke();
    await settle();
    expect(observer.runs).toBe(1);
  });
});
