import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadSettings, saveSettings } from '@/lib/storage/settings';
import { connection, statusDoc, workspace } from '../tests/support/status-fixtures';
import { OptionsApp } from './OptionsApp';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe('options page', () => {
  it('shows a refused policy URL as the policy’s, read-only', async () => {
    await fakeBrowser.storage.managed.set({ backendUrl: 'http://policy.example.test' });
    render(<OptionsApp />);
    const problem = await screen.findByTestId('backend-url-problem');
    expect(problem.getAttribute('role')).toBe('alert');
    expect(problem.dataset.source).toBe('policy');
    expect(problem.textContent).toMatch(/^The backend URL from your administrator’s policy was refused: Use https .*Ask your administrator/);
    expect(input('Backend URL').readOnly || input('Backend URL').disabled).toBe(true);
    await fakeBrowser.storage.managed.clear();
  });

  it('has visible labels, tests the connection with the typed values, and saves', async () => {
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push(`${url} ${new Headers(init.headers).get('Authorization')}`);
      return new Response(JSON.stringify(statusDoc([workspace([connection('healthy')])])));
    });
    render(<OptionsApp />);
    await screen.findByText('Backend URL');
    fireEvent.change(input('Backend URL'), { target: { value: 'http://127.0.0.1:8787' } });
    fireEvent.change(input('Access token'), { target: { value: 'typed-token-123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    const result = await screen.findByText('Connected: contract v1, 1 workspace.');
    expect(result.getAttribute('data-result')).toBe('ok');
    expect(calls).toEqual(['http://127.0.0.1:8787/v1/status Bearer typed-token-123']);

    fireEvent.change(input('Check every (minutes)'), { target: { value: '30' } });
    fireEvent.click(input('Show notifications when a connection gets worse or recovers'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect((await loadSettings()).pollMinutes).toBe(30));
    expect(await loadSettings()).toMatchObject({ backendUrl: 'http://127.0.0.1:8787/', accessToken: 'typed-token-123', notifications: false });
    // The token field is emptied and never shows the saved token.
    await waitFor(() => expect(input('Access token').value).toBe(''));
    expect(input('Access token').placeholder).not.toContain('typed-token-123');
  });

  it('marks invalid fields and saves nothing', async () => {
    render(<OptionsApp />);
    await screen.findByText('Backend URL');
    fireEvent.change(input('Backend URL'), { target: { value: 'http://backend.example.test' } });
    fireEvent.change(input('Check every (minutes)'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Not saved');
    expect(input('Backend URL').getAttribute('aria-invalid')).toBe('true');
    // Each sentence is the error its field points at (aria-describedby), not just somewhere on the page.
    const errorOf = (label: string) => document.getElementById(input(label).getAttribute('aria-describedby') ?? '')?.textContent;
    expect(errorOf('Backend URL')).toContain('Use https (plain http is allowed only for localhost).');
    expect(errorOf('Check every (minutes)')).toContain('Enter a whole number of minutes from 5 to 60.');
    expect(errorOf('Access token')).toContain('Enter the access token.');
    expect((await fakeBrowser.storage.local.get('settings')).settings).toBeUndefined();
  });

  it('shows policy values locked, and mutes workspaces from the last status', async () => {
    await fakeBrowser.storage.managed.set({ backendUrl: 'https://policy.example.test', accessToken: 'policy-token-000000' });
    await fakeBrowser.storage.local.set({
      snapshot: { lastAttemptAt: '2026-11-21T12:00:00Z', outcome: 'ok', detail: null, failingSince: null, lastGood: { status: statusDoc([workspace([connection('healthy')]), workspace([connection('healthy')], { id: 'ws-2', name: 'Beta' })]), fetchedAt: '2026-11-21T12:00:00Z', etag: null } },
    });
    render(<OptionsApp />);
    await screen.findByText('Backend URL');
    expect(input('Backend URL').disabled).toBe(true);
    expect(input('Backend URL').value).toBe('https://policy.example.test');
    expect(input('Access token').disabled).toBe(true);
    expect(input('Access token').placeholder).toBe('•••• 0000 (saved; type to replace)');
    expect(screen.getAllByText('Set by your administrator')).toHaveLength(2);
    fireEvent.click(input('Mute Beta'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect((await loadSettings()).mutedWorkspaces).toEqual(['ws-2']));
    expect((await fakeBrowser.storage.local.get('settings')).settings).not.toHaveProperty('backendUrl');
  });

  it('keeps an already saved token when the field is left empty', async () => {
    await saveSettings({ backendUrl: 'https://a.example.test', accessToken: 'kept-token' });
    render(<OptionsApp />);
    await screen.findByText('Backend URL');
    await waitFor(() => expect(input('Backend URL').value).toBe('https://a.example.test'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Saved/);
    expect((await loadSettings()).accessToken).toBe('kept-token');
  });
});
