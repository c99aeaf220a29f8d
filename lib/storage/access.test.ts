import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { restrictStorageToExtensionPages } from './access';

type Area = { setAccessLevel?: unknown };

describe('restrictStorageToExtensionPages', () => {
  it('closes storage.local to content scripts where the browser supports it', async () => {
    const setAccessLevel = vi.fn(async () => undefined);
    (fakeBrowser.storage.local as unknown as Area).setAccessLevel = setAccessLevel;
    await expect(restrictStorageToExtensionPages()).resolves.toBe('restricted');
    expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
  });
  it('says unsupported (and does not throw) where the browser lacks it or refuses', async () => {
    (fakeBrowser.storage.local as unknown as Area).setAccessLevel = undefined;
    await expect(restrictStorageToExtensionPages()).resolves.toBe('unsupported');
    (fakeBrowser.storage.local as unknown as Area).setAccessLevel = async () => {
      throw new Error('not supported for this area');
    };
    await expect(restrictStorageToExtensionPages()).resolves.toBe('unsupported');
  });
});
