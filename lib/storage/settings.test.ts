import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { buildTimeDefaults, loadSettings, loadSettingsView, LockedSettingError, MANAGED_KEYS, maskToken, saveSettings } from './settings';

describe('settings layers', () => {
  it('build-time defaults come from WXT_BACKEND_URL / WXT_BACKEND_TOKEN / WXT_POLL_MINUTES', () => {
    expect(buildTimeDefaults({ WXT_BACKEND_URL: ' http://127.0.0.1:8787 ', WXT_BACKEND_TOKEN: 'tok', WXT_POLL_MINUTES: '5' })).toEqual({
      backendUrl: 'http://127.0.0.1:8787',
      accessToken: 'tok',
      pollMinutes: 5,
      notifications: true,
      mutedWorkspaces: [],
    });
    expect(buildTimeDefaults({ WXT_POLL_MINUTES: '2' }).pollMinutes).toBe(15);
  });

  it('keeps the token in storage.local, never sync', async () => {
    await saveSettings({ backendUrl: 'https://a.example.test', accessToken: 'tok-123' });
    expect((await fakeBrowser.storage.local.get('settings')).settings).toMatchObject({ accessToken: 'tok-123' });
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
  });

  it('an administrator policy wins over the user, field by field, and locks those fields', async () => {
    await saveSettings({ backendUrl: 'https://user.example.test', accessToken: 'user-token', pollMinutes: 30 });
    await fakeBrowser.storage.managed.set({ backendUrl: 'https://policy.example.test', pollMinutes: 10, unknownKey: 1 });
    const view = await loadSettingsView();
    expect(view.settings).toMatchObject({ backendUrl: 'https://policy.example.test', accessToken: 'user-token', pollMinutes: 10 });
    expect(view.locked.sort()).toEqual(['backendUrl', 'pollMinutes']);
    await expect(saveSettings({ pollMinutes: 20 })).rejects.toBeInstanceOf(LockedSettingError);
    await saveSettings({ notifications: false }); // unlocked fields still save
    expect((await loadSettings()).notifications).toBe(false);
  });

  it('ignores an invalid policy value (and names it) instead of breaking', async () => {
    await fakeBrowser.storage.managed.set({ pollMinutes: 1, notifications: 'yes' });
    const view = await loadSettingsView();
    expect(view.settings.pollMinutes).toBe(15);
    expect(view.policyErrors.sort()).toEqual(['notifications', 'pollMinutes']);
    expect(view.locked).toEqual([]);
  });

  it('a corrupt stored field falls back alone; the rest of what the user saved survives', async () => {
    await fakeBrowser.storage.local.set({ settings: { backendUrl: 'https://kept.example.test', accessToken: 'kept', pollMinutes: 999 } });
    expect(await loadSettings()).toMatchObject({ backendUrl: 'https://kept.example.test', accessToken: 'kept', pollMinutes: 15 });
  });

  it('refuses out-of-range values with a clear error and stores nothing', async () => {
    await expect(saveSettings({ pollMinutes: 61 })).rejects.toThrow(/60/);
    expect((await fakeBrowser.storage.local.get('settings')).settings).toBeUndefined();
  });

  it('the managed schema in public/ lists exactly the policy keys', () => {
    const schema = JSON.parse(readFileSync('public/managed-schema.json', 'utf8'));
    expect(Object.keys(schema.properties).sort()).toEqual([...MANAGED_KEYS].sort());
    expect(schema.properties.pollMinutes).toMatchObject({ type: 'integer', minimum: 5, maximum: 60 });
  });

  it('never shows a token in full', () => {
    expect(maskToken('abcdefghijklmnopqrstu')).toBe('•••• rstu');
    expect(maskToken('short-token')).toBe('••••');
    expect(maskToken(null)).toBe('');
  });
});
