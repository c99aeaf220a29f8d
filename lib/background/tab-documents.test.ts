import { describe, expect, it } from 'vitest';
import { emptyReading } from '../screens/read-screen';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ScreenReadingReport } from '../messaging';
import { classifyPage } from '../meta/pages';
import { recordDialogScreen } from './page-guidance';
import { dialogScreenOfTab, forgetTab, pageOfTab, pageRecordOfTab, recordPage } from './tab-state';
import { forgetIfDocumentGone, type DocumentProbe } from './tab-documents';

const PEOPLE_URL = 'https://business.facebook.com/latest/settings/business_users?business_id=200000000000001';
const DIALOG_URL = 'https://www.facebook.com/v21.0/dialog/oauth?client_id=100000000000009&config_id=300000000000001';
const T0 = new Date('2026-11-21T10:00:00Z');
const T1 = new Date('2026-11-21T10:00:05Z');

const screen: ScreenReadingReport = { ...emptyReading('en'), kind: 'reconnect-confirm', locale: 'en', confidence: 'high' };

/** A probe that says which documents are alive, and records what it was asked. */
function probeOf(alive: Set<string>): DocumentProbe & { asked: [number, string | null][] } {
  const asked: [number, string | null][] = [];
  const probe = async (tabId: number, documentId: string | null) => {
    asked.push([tabId, documentId]);
    return documentId !== null && alive.has(documentId);
  };
  return Object.assign(probe, { asked });
}

describe('forgetIfDocumentGone', () => {
  it('keeps the record while the reporting document is alive (an SPA route change also fires status loading)', async () => {
    await recordPage(7, classifyPage(PEOPLE_URL), T0, 'doc-a');
    const probe = probeOf(new Set(['doc-a']));
    expect(await forgetIfDocumentGone(7, probe, T1)).toBe(false);
    expect(probe.asked).toEqual([[7, 'doc-a']]);
    expect((await pageOfTab(7))?.kind).toBe('bm-people');
  });

  it('forgets the page record and the dialog reading once the document was replaced by a full load', async () => {
    await recordPage(7, classifyPage(DIALOG_URL), T0, 'doc-a');
    await recordDialogScreen(7, classifyPage(DIALOG_URL), screen, T0);
    await recordPage(8, classifyPage(PEOPLE_URL), T0, 'doc-b');
    expect(await forgetIfDocumentGone(7, probeOf(new Set(['doc-b'])), T1)).toBe(true);
    expect(await pageOfTab(7)).toBeNull();
    expect(await dialogScreenOfTab(7)).toBeNull();
    // Other tabs are untouched.
    expect((await pageOfTab(8))?.kind).toBe('bm-people');
  });

  it('keeps a newer report that landed while the probe was running', async () => {
    await recordPage(7, classifyPage(PEOPLE_URL), T0, 'doc-old');
    const slowProbe: DocumentProbe = async () => {
      // The new document reports its own page before the probe of the old one fails.
      await recordPage(7, classifyPage(DIALOG_URL), T1, 'doc-new');
      return false;
    };
    expect(await forgetIfDocumentGone(7, slowProbe, T1)).toBe(true);
    expect(await pageRecordOfTab(7)).toMatchObject({ kind: 'oauth-dialog', documentId: 'doc-new' });
  });

  it('drops a dialog reading left without a page record, but not one newer than the event', async () => {
    await recordDialogScreen(3, classifyPage(DIALOG_URL), screen, T0);
    const probe = probeOf(new Set());
    await forgetIfDocumentGone(3, probe, new Date('2026-11-21T09:59:00Z'));
    expect(await dialogScreenOfTab(3)).not.toBeNull();
    await forgetIfDocumentGone(3, probe, T1);
    expect(await dialogScreenOfTab(3)).toBeNull();
    expect(probe.asked).toEqual([]);
  });

  it('with no tab record at all it asks nothing and changes nothing', async () => {
    const probe = probeOf(new Set());
    expect(await forgetIfDocumentGone(9, probe, T1)).toBe(false);
    expect(probe.asked).toEqual([]);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});

// probeDocument itself (tabs.sendMessage with documentId) is exercised in Chromium: tests/e2e/worker-restart.spec.ts.

describe('forgetTab', () => {
  it('forgets every kind of record about the tab, and only that tab', async () => {
    const page = classifyPage('https://www.facebook.com/v21.0/dialog/oauth?client_id=100000000000009');
    await recordPage(3, page);
    await recordPage(4, page);
    await recordDialogScreen(3, page, emptyReading('en', []));
    await forgetTab(3);
    expect(await pageOfTab(3)).toBeNull();
    expect(await dialogScreenOfTab(3)).toBeNull();
    expect(await pageOfTab(4)).toMatchObject({ kind: 'oauth-dialog' });
  });
});
