import { describe, expect, it } from 'vitest';
import { attribute, type CpuProfile } from '../../bench/cpu-attribution';

const EXT = 'chrome-extension://abc/content-scripts/business-manager.js';
const frame = (id: number, functionName: string, url = '', children: number[] = []) => ({ id, callFrame: { functionName, url }, children });

// (root) ─ (program) | (idle) | (garbage collector) | tick [page] ─ querySelectorAll [native]
//                                                     observerCallback [ours] ─ readScreen [ours] ─ querySelectorAll [native]
//                                                     pageCallback [page] ─ helper [ours, e.g. a listener the page called into]
const profile: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', [2, 3, 4, 5, 7, 10]),
    frame(2, '(program)'),
    frame(3, '(idle)'),
    frame(4, '(garbage collector)'),
    frame(5, 'tick', 'https://business.facebook.com/x', [6]),
    frame(6, 'querySelectorAll'),
    frame(7, 'observerCallback', EXT, [8]),
    frame(8, 'readScreen', EXT, [9]),
    frame(9, 'querySelectorAll'),
    frame(10, 'pageCallback', 'https://business.facebook.com/x', [11]),
    frame(11, 'helper', EXT),
  ],
  startTime: 0,
  endTime: 1000,
  samples: [2, 3, 4, 5, 6, 9, 8, 11, 6, 3],
  // Each sample's weight is the delta to the next one: 100 µs each here, the last gets the mean.
  timeDeltas: [0, 100, 100, 100, 100, 100, 100, 100, 100, 100],
};

describe('attribute', () => {
  it('counts a sample as ours when any frame on its stack is ours, and leaves pseudo-frames out of the denominator', () => {
    const result = attribute(profile, (url) => url.startsWith('chrome-extension://'));
    expect(result).toMatchObject({ samples: 10, programUs: 100, idleUs: 200, gcUs: 100, jsUs: 600, extensionUs: 300, extensionSamples: 3 });
    expect(result.share).toBeCloseTo(0.5);
  });

  it('weights by time, not by sample count', () => {
    const slow = { ...profile, timeDeltas: [0, 100, 100, 100, 100, 100, 900, 100, 100, 100] };
    // The sample on node 9 (ours, under readScreen) now stands for 900 µs.
    const result = attribute(slow, (url) => url.startsWith('chrome-extension://'));
    expect(result.extensionUs).toBe(1100);
    expect(result.jsUs).toBe(1400);
  });

  it('is zero without samples or without our frames', () => {
    expect(attribute({ ...profile, samples: [], timeDeltas: [] }, () => true).share).toBe(0);
    expect(attribute(profile, () => false).extensionUs).toBe(0);
  });
});
