import { describe, expect, it, vi } from 'vitest';
import type { ChecklistView } from '../content/checklist-overlay';
import { watchReconnectChecklist, type DrawChecklist } from './reconnect-checklist';
import type { FeatureView } from './types';

const checklist = (label: string): ChecklistView => ({ items: [{ state: 'passed', label, found: '' }], alerts: [], workspaceName: null, workspaceChoice: null, offerOutline: false });
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A view whose attempt-checklist answers are handed out by the test, in order. */
function harness() {
  const controller = new AbortController();
  const answers: ((checklist: ChecklistView | null) => void)[] = [];
  let changed: () => void = () => undefined;
  const view = {
    page: { kind: 'oauth-dialog' },
    signal: controller.signal,
    send: vi.fn(() => new Promise((resolve) => answers.push((c) => resolve({ ok: true, checklist: c })))),
  } as unknown as FeatureView;
  const onChanged = (listener: () => void) => {
    changed = listener;
    return () => undefined;
  };
  return { view, controller, answers, onChanged, change: () => changed() };
}

describe('watchReconnectChecklist', () => {
  it('no attempt (null): the drawer is never loaded', async () => {
    const h = harness();
    const load = vi.fn(async () => vi.fn<DrawChecklist>());
    watchReconnectChecklist(h.view, load, { onChanged: h.onChanged });
    h.answers[0]!(null);
    h.change();
    h.answers[1]!(null);
    await flush();
    expect(load).not.toHaveBeenCalled();
  });

  it('loads the drawer once, on the first checklist, and draws only the newest answer', async () => {
    const h = harness();
    const draw = vi.fn<DrawChecklist>();
    let release: () => void = () => undefined;
    const load = vi.fn(() => new Promise<DrawChecklist>((resolve) => (release = () => resolve(draw))));
    watchReconnectChecklist(h.view, load, { onChanged: h.onChanged });
    h.answers[0]!(checklist('first'));
    await flush();
    // A newer answer arrives while the drawer loads: the older one is never drawn.
    h.change();
    h.answers[1]!(checklist('second'));
    await flush();
    release();
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
    expect(draw.mock.calls).toEqual([[checklist('second')]]);
    // Loaded: later answers, null included, go straight to the drawer.
    h.change();
    h.answers[2]!(null);
    await flush();
    expect(draw.mock.calls.at(-1)).toEqual([null]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a drawer that fails to load is reported and tried again on the next change; an ended view draws nothing', async () => {
    const h = harness();
    const draw = vi.fn<DrawChecklist>();
    const onError = vi.fn();
    const load = vi.fn().mockRejectedValueOnce(new Error('blocked')).mockResolvedValue(draw);
    watchReconnectChecklist(h.view, load, { onChanged: h.onChanged, onError });
    h.answers[0]!(checklist('a'));
    await flush();
    expect(onError).toHaveBeenCalledWith(new Error('blocked'));
    h.change();
    h.answers[1]!(checklist('b'));
    await flush();
    expect(load).toHaveBeenCalledTimes(2);
    expect(draw.mock.calls).toEqual([[checklist('b')]]);
    h.change();
    h.controller.abort();
    h.answers[2]!(checklist('c'));
    await flush();
    expect(draw).toHaveBeenCalledTimes(1);
  });
});
