import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { connection, statusDoc, workspace } from '../../tests/support/status-fixtures';
import { decideAlerts } from '../health/model';
import { saveSettings } from '../storage/settings';
import { stored } from '../storage/items';
import { onNotificationButton, openNotificationTarget, popupDetailPath } from './actions';
import { contentFor, MAX_SEPARATE, notificationId, parseNotificationId, showAlerts } from './notifier';

const NOW = Date.parse('2026-11-21T12:00:00Z');

describe('notification ids', () => {
  it('round-trip, and refuse anything that is not ours', () => {
    const worse = { kind: 'worse', workspaceId: 'ws-1', connectionId: 'c.1', cause: 'expired' } as const;
    expect(parseNotificationId(notificationId(worse))).toEqual(worse);
    expect(parseNotificationId('ra|recovered|ws-1|c')).toEqual({ kind: 'recovered', workspaceId: 'ws-1', connectionId: 'c' });
    expect(parseNotificationId(notificationId({ kind: 'summary' }, 5))).toEqual({ kind: 'summary' });
    for (const bad of ['', 'other|worse|a|b|expired', 'ra|worse|a|b|bogus', 'ra|worse|a b|c|expired', 'ra|worse|a|b|expired|x', 'ra|recovered|a']) {
      expect(parseNotificationId(bad)).toBeNull();
    }
  });
});

describe('showAlerts', () => {
  const doc = (n: number, status: 'expired' | 'healthy') =>
    statusDoc(Array.from({ length: n }, (_, i) => workspace([connection(status, { id: 'c' })], { id: `ws-${i}`, name: `Workspace ${i}` })));

  it('shows one notification per connection and cause with a Reconnect button and a real icon', async () => {
    const { decisions } = decideAlerts({}, doc(2, 'expired'), NOW, new Set());
    const shown = await showAlerts(decisions, doc(2, 'expired'), true);
    expect(shown).toEqual(['ra|worse|ws-0|c|expired', 'ra|worse|ws-1|c|expired']);
    const options = fakeBrowser.notifications.getAllCreateOptions();
    expect(options['ra|worse|ws-0|c|expired']).toMatchObject({ type: 'basic', iconUrl: 'chrome-extension://test-extension-id/icon/128.png', buttons: [{ title: 'Reconnect' }] });
  });

  it(`coalesces more than ${MAX_SEPARATE} into one summary`, async () => {
    const { decisions } = decideAlerts({}, doc(5, 'expired'), NOW, new Set());
    const contents = contentFor(decisions, doc(5, 'expired'), NOW);
    expect(contents).toHaveLength(1);
    expect(contents[0]).toMatchObject({ title: 'WhatsApp connections: 5 connections got worse', message: expect.stringMatching(/^Workspace 0, Workspace 1, Workspace 2, Workspace 3 and 1 more\./) });
  });

  it('shows backend names cleaned: no bidi tricks, bounded, whole characters', () => {
    const hostile = statusDoc([workspace([connection('expired', { id: 'c' })], { id: 'ws-h', name: `\u202eevil\u202c \u2066Acme\u2069 ${'😀'.repeat(100)}` })]);
    const { decisions } = decideAlerts({}, hostile, NOW, new Set());
    const [content] = contentFor(decisions, hostile, NOW);
    expect(content!.title).toMatch(/^evil Acme (?:😀)+…: WhatsApp — /u);
    expect(content!.title.isWellFormed()).toBe(true);
    expect(content!.title).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });

  it('clears a connection’s older notification when a new cause or the recovery replaces it', async () => {
    const first = decideAlerts({}, doc(1, 'expired'), NOW, new Set());
    await showAlerts(first.decisions, doc(1, 'expired'), true);
    const second = decideAlerts(first.next, doc(1, 'healthy'), NOW, new Set());
    await showAlerts(second.decisions, doc(1, 'healthy'), true);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(['ra|recovered|ws-0|c']);
  });

  it('shows nothing when switched off or muted', async () => {
    const { decisions } = decideAlerts({}, doc(1, 'expired'), NOW, new Set());
    expect(await showAlerts(decisions, doc(1, 'expired'), false)).toEqual([]);
    const muted = decideAlerts({}, doc(1, 'expired'), NOW, new Set(['ws-0']));
    expect(await showAlerts(muted.decisions, doc(1, 'expired'), true)).toEqual([]);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });
});

describe('clicking a notification', () => {
  it('opens the popup’s detail of that connection in a tab', async () => {
    await saveSettings({ backendUrl: 'http://localhost:9', accessToken: 't' });
    const created = vi.spyOn(fakeBrowser.tabs, 'create');
    await openNotificationTarget('ra|worse|ws-1|conn-1|expired');
    expect(created).toHaveBeenCalledWith({ url: 'chrome-extension://test-extension-id/popup.html#ws=ws-1&conn=conn-1' });
    expect(popupDetailPath(null)).toBe('/popup.html');
  });

  it('opens the options while unconfigured', async () => {
    const opened = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    await openNotificationTarget('ra|summary|1');
    expect(opened).toHaveBeenCalledOnce();
  });

  it('the Reconnect button opens the plan’s reconnect URL and records the start', async () => {
    await saveSettings({ backendUrl: 'http://localhost:9', accessToken: 't' });
    await stored.snapshot.set({
      lastAttemptAt: '2026-11-21T12:00:00Z', outcome: 'ok', detail: null, failingSince: null, failures: 0, retryAfterSeconds: null,
      lastGood: { status: statusDoc([workspace([connection('expired')])]), fetchedAt: '2026-11-21T12:00:00Z', etag: null },
    });
    const created = vi.spyOn(fakeBrowser.tabs, 'create');
    // No backend answers here (port 9): the plan fails and the status's reconnect URL is used.
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    await onNotificationButton('ra|worse|ws-1|conn-expired|expired', 0);
    expect(created).toHaveBeenCalledWith({ url: 'https://app.example.test/settings/whatsapp/reconnect' });
    const starts = (await fakeBrowser.storage.local.get('reconnectStarts')).reconnectStarts as Record<string, unknown>;
    expect(starts['ws-1']).toMatchObject({ source: 'notification', plan: null, before: { id: 'ws-1' } });
    vi.unstubAllGlobals();
  });
});
