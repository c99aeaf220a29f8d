import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { connection, statusDoc, workspace } from '../../tests/support/status-fixtures';
import { acceptMessage, type ScreenReadingReport } from '../messaging';
import { classifyPage } from '../meta/pages';
import { handleGuidanceMessage } from './page-guidance';
import { dialogScreenOfTab, forgetDialogTab } from './tab-state';

const WABA_URL = 'https://business.facebook.com/latest/settings/whatsapp_account?business_id=200000000000001&selected_asset_id=100000000000001&selected_asset_type=whatsapp-business-account';
const PEOPLE_URL = 'https://business.facebook.com/latest/settings/business_users?business_id=200000000000001';
const DIALOG_URL = 'https://www.facebook.com/v21.0/dialog/oauth?client_id=100000000000009&config_id=300000000000001&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=s1';

async function seedStatus(): Promise<void> {
  await fakeBrowser.storage.local.set({
    snapshot: {
      lastAttemptAt: '2026-11-21T10:00:00Z',
      outcome: 'ok',
      detail: null,
      failingSince: null,
      lastGood: { status: statusDoc([workspace([connection('healthy')])]), fetchedAt: '2026-11-21T10:00:00Z', etag: null },
    },
  });
}

const screen = (overrides: Partial<ScreenReadingReport> = {}): ScreenReadingReport => ({
  kind: 'error',
  locale: 'en',
  lang: 'en',
  confidence: 'high',
  evidence: ['alert:admin-permission-required'],
  appName: null,
  editPreviousSettings: null,
  businesses: [],
  wabaMode: null,
  wabas: [],
  selectedCount: null,
  permissions: [],
  alerts: [{ kind: 'not-admin', rule: 'admin-permission-required', text: 'Admin permission required', blocking: true }],
  busy: false,
  ...overrides,
});

describe('page guidance (background)', () => {
  it('answers a WABA page with that WABA’s status from the cached snapshot', async () => {
    await seedStatus();
    const reply = await handleGuidanceMessage({ type: 'page-guidance', page: classifyPage(WABA_URL), people: null }, { url: WABA_URL, tab: { id: 1 } });
    expect(reply).toMatchObject({ ok: true, dismissed: false, panel: { topic: 'waba-status', tone: 'ok' } });
  });

  it('refuses a page claim that does not match the sender’s URL', async () => {
    const reply = await handleGuidanceMessage({ type: 'page-guidance', page: classifyPage(WABA_URL), people: null }, { url: PEOPLE_URL, tab: { id: 1 } });
    expect(reply).toEqual({ ok: false, error: "page report (bm-whatsapp-accounts) does not match the sender's URL (bm-people)" });
  });

  it('remembers a dismissal per page kind for the session', async () => {
    await seedStatus();
    await handleGuidanceMessage({ type: 'panel-dismissed', kind: 'bm-whatsapp-accounts' }, { url: WABA_URL, tab: { id: 1 } });
    const reply = await handleGuidanceMessage({ type: 'page-guidance', page: classifyPage(WABA_URL), people: null }, { url: WABA_URL, tab: { id: 1 } });
    expect(reply).toMatchObject({ ok: true, dismissed: true });
    const people = await handleGuidanceMessage({ type: 'page-guidance', page: classifyPage(PEOPLE_URL), people: null }, { url: PEOPLE_URL, tab: { id: 1 } });
    expect(people).toMatchObject({ ok: true, dismissed: false });
    expect(await fakeBrowser.storage.session.get('dismissedPanels')).toEqual({ dismissedPanels: ['bm-whatsapp-accounts'] });
  });

  it('keeps dialog readings per tab, and a not-admin alert becomes a People-page signal', async () => {
    const reply = await handleGuidanceMessage({ type: 'dialog-screen', page: classifyPage(DIALOG_URL), screen: screen() }, { url: DIALOG_URL, tab: { id: 7 } });
    expect(reply).toMatchObject({ ok: true, panel: { topic: 'dialog-reading', tone: 'danger' } });
    expect((await dialogScreenOfTab(7))?.screen.alerts.map((a) => a.text)).toEqual(['Admin permission required']);
    const people = await handleGuidanceMessage(
      { type: 'page-guidance', page: classifyPage(PEOPLE_URL), people: { access: 'unknown', evidence: null } },
      { url: PEOPLE_URL, tab: { id: 8 } },
    );
    expect(people).toMatchObject({ ok: true, panel: { topic: 'admin-access', tone: 'danger' } });
    const panel = (people as { panel: { items: { label: string; detail: string | null }[] } }).panel;
    expect(panel.items.find((i) => i.label === 'Meta’s login dialog')?.detail).toMatch(/Admin permission required/);
    await forgetDialogTab(7);
    expect(await dialogScreenOfTab(7)).toBeNull();
  });

  it('judges a top frame by its tab’s URL, which follows pushState (sender.url is the URL it loaded with)', async () => {
    await seedStatus();
    const reply = await handleGuidanceMessage(
      { type: 'page-guidance', page: classifyPage(WABA_URL), people: null },
      { url: PEOPLE_URL, frameId: 0, tab: { id: 1, url: WABA_URL } },
    );
    expect(reply).toMatchObject({ ok: true, panel: { topic: 'waba-status' } });
  });

  it('has no panel for pages without guidance', async () => {
    const url = 'https://business.facebook.com/latest/settings/system_users?business_id=200000000000001';
    expect(await handleGuidanceMessage({ type: 'page-guidance', page: classifyPage(url), people: null }, { url, tab: { id: 1 } })).toEqual({ ok: true, dismissed: false, panel: null });
  });
});

describe('acceptMessage for the guidance messages', () => {
  const ORIGIN = 'chrome-extension://me/';
  const page = classifyPage(DIALOG_URL);
  it('accepts them from a content script on a Meta host', () => {
    for (const message of [
      { type: 'page-guidance', page, people: null },
      { type: 'panel-dismissed', kind: 'oauth-dialog' },
      { type: 'dialog-screen', page, screen: screen() },
    ]) {
      expect(acceptMessage(message, { id: 'me', url: DIALOG_URL, tab: { url: DIALOG_URL } }, 'me', ORIGIN).ok).toBe(true);
    }
  });
  it('refuses them from a look-alike host or a foreign frame in a Meta tab', () => {
    const message = { type: 'panel-dismissed', kind: 'bm-people' };
    expect(acceptMessage(message, { id: 'me', url: 'https://evilfacebook.com/x', tab: { url: 'https://evilfacebook.com/x' } }, 'me', ORIGIN)).toEqual({ ok: false, error: 'page message from a non-Meta tab' });
    expect(acceptMessage(message, { id: 'me', url: 'https://ads.example/frame', tab: { url: PEOPLE_URL } }, 'me', ORIGIN)).toEqual({ ok: false, error: 'page message from a non-Meta frame' });
  });
  it('refuses a screen reading with unbounded page text', () => {
    const message = { type: 'dialog-screen', page, screen: screen({ alerts: [{ kind: 'not-admin', rule: 'x', text: 'y'.repeat(1001), blocking: true }] }) };
    expect(acceptMessage(message, { id: 'me', url: DIALOG_URL, tab: { url: DIALOG_URL } }, 'me', ORIGIN)).toMatchObject({ ok: false, error: expect.stringMatching(/^malformed message/) });
  });
});
