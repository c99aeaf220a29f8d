import { describe, expect, it, vi } from 'vitest';
import { feature as adminAccess } from '../features/admin-access';
import { feature as dialogReading } from '../features/dialog-reading';
import { feature as tokenDialog } from '../features/token-dialog';
import type { FeatureView } from '../features/types';
import { ON_DEMAND } from './business-manager-features';
import { chunkLoader, onDemandFeature, provideFeatures, type FeatureStarts } from './on-demand';

const viewWith = (signal: AbortSignal) => ({ signal }) as unknown as FeatureView;
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('chunkLoader', () => {
  it('imports the chunk once and returns what it provided', async () => {
    const global = {};
    const starts: FeatureStarts = { a: () => undefined };
    const importUrl = vi.fn(async (url: string) => {
      expect(url).toBe('chrome-extension://dynamic/chunk.js');
      provideFeatures(starts, global);
    });
    const load = chunkLoader(() => 'chrome-extension://dynamic/chunk.js', importUrl, global);
    expect(await load()).toBe(starts);
    expect(await load()).toBe(starts);
    expect(importUrl).toHaveBeenCalledTimes(1);
  });

  it('a failed load is retried by the next caller, and a chunk that provides nothing is an error', async () => {
    const global = {};
    let attempt = 0;
    const load = chunkLoader(() => 'u', async () => {
      attempt++;
      if (attempt === 1) throw new Error('network');
    }, global);
    await expect(load()).rejects.toThrow('network');
    await expect(load()).rejects.toThrow('provided no features');
    provideFeatures({}, global);
    await expect(load()).resolves.toEqual({});
    expect(attempt).toBe(3);
  });
});

describe('onDemandFeature', () => {
  const meta = { id: 'token-dialog', kinds: ['bm-system-users'], placement: 'top' } as const;

  it('starts the provided feature with the view once the chunk is in', async () => {
    const start = vi.fn();
    const feature = onDemandFeature(meta, async () => ({ 'token-dialog': start }));
    expect(feature).toMatchObject(meta);
    const view = viewWith(new AbortController().signal);
    feature.start(view);
    expect(start).not.toHaveBeenCalled();
    await flush();
    expect(start).toHaveBeenCalledWith(view);
  });

  it('a view that ended while the chunk loaded starts nothing', async () => {
    const start = vi.fn();
    const controller = new AbortController();
    onDemandFeature(meta, async () => ({ 'token-dialog': start })).start(viewWith(controller.signal));
    controller.abort();
    await flush();
    expect(start).not.toHaveBeenCalled();
  });

  it('a chunk that cannot load, or lacks the feature, is reported, never thrown into the page', async () => {
    const onError = vi.fn();
    onDemandFeature(meta, () => Promise.reject(new Error('blocked')), onError).start(viewWith(new AbortController().signal));
    onDemandFeature(meta, async () => ({ other: () => undefined }), onError).start(viewWith(new AbortController().signal));
    await flush();
    expect(onError.mock.calls.map(([e]) => String(e))).toEqual(['Error: blocked', 'Error: the chunk has no feature token-dialog']);
  });
});

describe('the Business Suite on-demand list', () => {
  it('has the id, kinds and placement of each real feature module', () => {
    const real = [adminAccess, dialogReading, tokenDialog].map(({ id, kinds, placement }) => ({ id, kinds, placement }));
    expect(ON_DEMAND).toEqual(real);
  });
});
