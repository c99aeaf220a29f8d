import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fetchStatus } from '../backend/client';
import { BackendUrlRefusedError, buildTimeDefaults, checkBackendUrl, loadSettings, loadSettingsView, LockedSettingError, MANAGED_KEYS, maskToken, saveSettings } from './settings';

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

  it('keeps the token in storage.local, sealed, never in clear and never in sync', async () => {
    await saveSettings({ backendUrl: 'https://a.example.test', accessToken: 'tok-123' });
    const raw = (await fakeBrowser.storage.local.get('settings')).settings as Record<string, unknown>;
    expect(raw.accessToken).toBeUndefined();
    expect(raw.accessTokenSealed).toMatchObject({ v: 1 });
    expect(JSON.stringify(raw)).not.toContain('tok-123');
    expect((await loadSettings()).accessToken).toBe('tok-123');
    // Saving another field keeps the token.
    await saveSettings({ pollMinutes: 30 });
    expect(await loadSettings()).toMatchObject({ accessToken: 'tok-123', pollMinutes: 30 });
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
  });

  it('a plaintext token found in storage (an older version) is used and sealed in place; a newer plaintext one wins', async () => {
    await saveSettings({ backendUrl: 'https://a.example.test', accessToken: 'old-token' });
    const sealed = ((await fakeBrowser.storage.local.get('settings')).settings as Record<string, unknown>).accessTokenSealed;
    await fakeBrowser.storage.local.set({ settings: { backendUrl: 'https://a.example.test', accessToken: 'plain-token', accessTokenSealed: sealed } });
    expect((await loadSettings()).accessToken).toBe('plain-token');
    const raw = (await fakeBrowser.storage.local.get('settings')).settings as Record<string, unknown>;
    expect(raw.accessToken).toBeUndefined();
    expect(JSON.stringify(raw)).not.toContain('plain-token');
    expect((await loadSettings()).accessToken).toBe('plain-token');
  });

  it('a sealed token that does not open reads as no token, never as a crash', async () => {
    await fakeBrowser.storage.local.set({ settings: { backendUrl: 'https://a.example.test', accessTokenSealed: { v: 1, iv: 'AAAAAAAAAAAAAAAA', data: 'AAAAAAAAAAAAAAAAAAAAAAAA' } } });
    expect(await loadSettings()).toMatchObject({ backendUrl: 'https://a.example.test', accessToken: null });
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

describe('the https rule on the backend URL, whichever layer it comes from', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('refuses a policy URL that is plain http to another host, as the policy’s, without falling back to the user’s', async () => {
    await saveSettings({ backendUrl: 'https://user.example.test', accessToken: 'user-token' });
    await fakeBrowser.storage.managed.set({ backendUrl: 'http://policy.example.test/api' });
    const view = await loadSettingsView();
    expect(view.settings.backendUrl).toBeNull();
    expect(view.locked).toContain('backendUrl');
    expect(view.backendUrlProblem).toMatchObject({ source: 'policy', error: 'Use https (plain http is allowed only for localhost).' });
    expect(view.backendUrlProblem?.message).toMatch(/^The backend URL from your administrator’s policy was refused: Use https/);
  });

  it('refuses a build-time preset that is plain http to another host, as the preset’s', async () => {
    vi.stubEnv('WXT_BACKEND_URL', 'http://backend.example.test');
    vi.stubEnv('WXT_BACKEND_TOKEN', 'preset-token');
    expect(buildTimeDefaults().backendUrl).toBe('http://backend.example.test');
    const view = await loadSettingsView();
    expect(view.settings.backendUrl).toBeNull();
    expect(view.backendUrlProblem).toMatchObject({ source: 'preset' });
    expect(view.backendUrlProblem?.message).toContain('from this build’s preset');
    // A URL the user saves over it is used (and checked on its own).
    await saveSettings({ backendUrl: 'https://user.example.test' });
    expect((await loadSettingsView()).backendUrlProblem).toBeNull();
  });

  it('refuses a stored http URL written around saveSettings, and saveSettings refuses one outright', async () => {
    await fakeBrowser.storage.local.set({ settings: { backendUrl: 'http://10.0.0.5:8787', accessToken: 'tok' } });
    expect((await loadSettingsView()).backendUrlProblem).toMatchObject({ source: 'saved' });
    await expect(saveSettings({ backendUrl: 'http://evil.example.test' })).rejects.toBeInstanceOf(BackendUrlRefusedError);
    await expect(saveSettings({ backendUrl: 'https://user:pw@a.example.test' })).rejects.toThrow(/token in its own field/);
    expect((await fakeBrowser.storage.local.get('settings')).settings).toMatchObject({ backendUrl: 'http://10.0.0.5:8787' });
  });

  it('keeps loopback http (the simulator, a local backend) and https', () => {
    const base = buildTimeDefaults({});
    for (const url of ['http://localhost:8787', 'http://127.0.0.1:8787/api', 'http://[::1]:8787', 'https://a.example.test/x']) {
      expect(checkBackendUrl({ ...base, backendUrl: url }, 'saved').problem).toBeNull();
    }
    for (const url of ['http://127.0.0.2', 'http://localhost.example.test', 'ftp://a.example.test', 'javascript:alert(1)', 'https://a.example.test/?token=1']) {
      expect(checkBackendUrl({ ...base, backendUrl: url }, 'saved').problem).not.toBeNull();
    }
  });

  it('the request itself refuses a non-https, non-loopback URL before any byte is sent', async () => {
    const fetchImpl = vi.fn<typeof fetch>();
    const outcome = await fetchStatus({ baseUrl: 'http://backend.example.test', token: 'secret' }, { fetchImpl });
    expect(outcome).toMatchObject({ kind: 'not-configured', reason: expect.stringMatching(/https/) });
    expect(fetchImpl).not.toHaveBeenCalled();
    const withCredentials = await fetchStatus({ baseUrl: 'https://u:p@backend.example.test', token: 'secret' }, { fetchImpl });
    expect(withCredentials.kind).toBe('not-configured');
    expect(fetchImpl).not.toHaveBeenCalled();
  });
});
