import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { stored } from './items';

describe('the storage registry', () => {
  it('reads a value that does not parse as the fallback, and refuses to write one', async () => {
    await fakeBrowser.storage.session.set({ dismissedPanels: ['not-a-kind'] });
    expect(await stored.dismissedPanels.get()).toEqual([]);
    await expect(stored.dismissedPanels.set(['nope' as never])).rejects.toThrow();
    expect((await fakeBrowser.storage.session.get('dismissedPanels')).dismissedPanels).toEqual(['not-a-kind']);
  });
  it('keeps each item under its own key and area', async () => {
    await stored.dismissedPanels.set(['bm-people']);
    await stored.alertStates.set({});
    expect(await fakeBrowser.storage.session.get(null)).toEqual({ dismissedPanels: ['bm-people'] });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ alertStates: {} });
  });
  it('watch hands over the parsed new value', async () => {
    const seen: unknown[] = [];
    const stop = stored.adminDialogSignal.watch((value) => seen.push(value));
    await stored.adminDialogSignal.set({ at: '2026-11-21T10:00:00Z', text: 'Admin permission required' });
    await fakeBrowser.storage.session.set({ adminDialogSignal: { at: 1 } });
    stop();
    expect(seen).toEqual([{ at: '2026-11-21T10:00:00Z', text: 'Admin permission required' }, null]);
  });
});
