import { afterEach, describe, expect, it } from 'vitest';
import { coverOpenTabs, markRunning, RUNNING_MARKER, runningInPage, type OpenTabsDeps } from './open-tabs';

const PATTERNS = ['https://app.example.com/*'];

function fakeTabs(tabs: { id?: number; running?: boolean; refuses?: boolean }[]) {
  const injected: number[] = [];
  const queried: string[][] = [];
  const deps: OpenTabsDeps = {
    queryTabs: async (patterns) => {
      queried.push(patterns);
      return tabs.map((t) => (t.id === undefined ? {} : { id: t.id }));
    },
    isRunning: async (id) => {
      const tab = tabs.find((t) => t.id === id)!;
      if (tab.refuses) throw new Error('Cannot access contents of the page');
      return tab.running === true;
    },
    inject: async (id) => {
      injected.push(id);
      tabs.find((t) => t.id === id)!.running = true;
    },
  };
  return { deps, injected, queried };
}

describe('coverOpenTabs', () => {
  it('injects into the open tabs of the origins where no copy runs, once per tab', async () => {
    const { deps, injected, queried } = fakeTabs([{ id: 4 }, { id: 2, running: true }, { id: 9 }, {}]);
    expect(await coverOpenTabs(PATTERNS, deps)).toEqual({ injected: [4, 9], skipped: [2], failed: [] });
    expect(queried).toEqual([PATTERNS]);
    expect(injected.sort()).toEqual([4, 9]);
    // A second registration (new origins) finds the copies running: nothing runs twice.
    expect(await coverOpenTabs(PATTERNS, deps)).toEqual({ injected: [], skipped: [2, 4, 9], failed: [] });
    expect(injected).toHaveLength(2);
  });

  it('a tab the browser refuses is reported and does not stop the others', async () => {
    const { deps, injected } = fakeTabs([{ id: 1, refuses: true }, { id: 3 }]);
    expect(await coverOpenTabs(PATTERNS, deps)).toEqual({ injected: [3], skipped: [], failed: [1] });
    expect(injected).toEqual([3]);
  });

  it('no patterns: no query; a failed query: nothing injected', async () => {
    const { deps, queried } = fakeTabs([{ id: 1 }]);
    expect(await coverOpenTabs([], deps)).toEqual({ injected: [], skipped: [], failed: [] });
    expect(queried).toEqual([]);
    expect(await coverOpenTabs(PATTERNS, { ...deps, queryTabs: async () => Promise.reject(new Error('no')) })).toEqual({ injected: [], skipped: [], failed: [] });
  });
});

describe('the running marker', () => {
  const scope = globalThis as unknown as Record<string, unknown>;
  afterEach(() => {
    delete scope[RUNNING_MARKER];
  });

  it('answers whether a working copy runs: none, a working one, one whose context stopped, a page-planted value', () => {
    expect(runningInPage(RUNNING_MARKER)).toBe(false);
    let valid = true;
    markRunning(() => valid);
    expect(runningInPage(RUNNING_MARKER)).toBe(true);
    valid = false; // the extension was reloaded: that copy no longer works, so the page gets a new one
    expect(runningInPage(RUNNING_MARKER)).toBe(false);
    scope[RUNNING_MARKER] = true;
    expect(runningInPage(RUNNING_MARKER)).toBe(false);
    scope[RUNNING_MARKER] = () => {
      throw new Error('broken');
    };
    expect(runningInPage(RUNNING_MARKER)).toBe(false);
  });

  it('the probe works as scripting.executeScript runs it: its source alone, in another scope', () => {
    // executeScript serialises `func` and runs its text in the page: no import or closure survives.
    const probe = new Function(`return (${runningInPage.toString()})`)() as typeof runningInPage;
    expect(probe(RUNNING_MARKER)).toBe(false);
    markRunning(() => true);
    expect(probe(RUNNING_MARKER)).toBe(true);
  });
});
