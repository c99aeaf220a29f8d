import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Workspace } from '../contract/status';
import type { ScreenReadingReport } from '../messaging';
import { emptyReading } from '../screens/read-screen';
import type * as Attempts from './attempts';
import type * as LiveChecklist from './live-checklist';
import type * as Items from '../storage/items';
import type * as Settings from '../storage/settings';
import { connection, statusDoc, workspace } from '../../tests/support/status-fixtures';

// Fresh modules per test: the background caches the parsed status per snapshot change, and the fake
// browser's reset between tests drops the storage watcher that would clear that cache.
let bg: typeof LiveChecklist;
let attempts: typeof Attempts;
let storage: { stored: typeof Items.stored; saveSettings: typeof Settings.saveSettings };

const APP = { appId: '700000000000001', configId: null, appName: 'Acme Helpdesk' };
const DIALOG = `https://www.facebook.com/v24.0/dialog/oauth?client_id=${APP.appId}&redirect_uri=https%3A%2F%2Fapp.example.test%2Fcb&state=s`;
const T0 = 1_700_000_000_000;

/** Two workspaces on the product's app: Acme (healthy) and Beta (with a problem), each with its own accounts. */
const acme = workspace([connection('healthy', { id: 'conn-acme' })], {
  id: 'ws-acme',
  name: 'Acme',
  metaApp: APP,
  expectedWabas: [
    { id: '900000000000011', name: 'Acme Support Line' },
    { id: '900000000000012', name: 'Acme Sales Line' },
  ],
});
const beta = workspace([connection('missing-waba', { id: 'conn-beta' })], { id: 'ws-beta', name: 'Beta', metaApp: APP, expectedWabas: [{ id: '900000000000021', name: 'Beta Orders' }] });

async function seed(workspaces: Workspace[]): Promise<void> {
  await storage.saveSettings({ backendUrl: 'http://localhost:9', accessToken: 't' });
  await storage.stored.snapshot.set({
    lastAttemptAt: '2026-11-21T12:00:00Z', outcome: 'ok', detail: null, failingSince: null, failures: 0, retryAfterSeconds: null,
    lastGood: { status: statusDoc(workspaces), fetchedAt: '2026-11-21T12:00:00Z', etag: null },
  });
}

const accountStep = (wabas: { name: string; id: string | null; selected: boolean }[]): ScreenReadingReport => ({
  ...emptyReading('en'),
  kind: 'waba-selection',
  locale: 'en',
  confidence: 'high',
  evidence: ['waba-selection:title'],
  wabaMode: 'selected',
  wabas: wabas.map((w) => ({ ...w, disabled: false })),
});

describe('which workspace the dialog is for, from the cached status', () => {
  beforeEach(async () => {
    vi.resetModules();
    bg = await import('./live-checklist');
    attempts = await import('./attempts');
    storage = { stored: (await import('../storage/items')).stored, saveSettings: (await import('../storage/settings')).saveSettings };
    attempts.setAttemptDeps({ now: () => T0, openerOf: async () => null });
  });

  it('each workspace is weighed with the WABAs its plan expects and whether it has problems', () => {
    expect(bg.workspaceCandidates([acme, beta])).toEqual([
      { workspaceId: 'ws-acme', appId: APP.appId, expectedWabas: acme.expectedWabas, hasProblems: false },
      { workspaceId: 'ws-beta', appId: APP.appId, expectedWabas: beta.expectedWabas, hasProblems: true },
    ]);
  });

  it('two workspaces on the app: the overlay asks, first suggesting the one with problems', async () => {
    await seed([acme, beta]);
    const attempt = await bg.ensureAttempt(11, DIALOG, 'dialog');
    expect(attempt?.workspace).toEqual({ kind: 'ask', candidates: ['ws-acme', 'ws-beta'], preselected: 'ws-beta', why: 'has-problems' });
  });

  it('once the account step shows one workspace’s expected WABAs, that one is preselected (the admin still picks)', async () => {
    await seed([acme, beta]);
    await bg.ensureAttempt(12, DIALOG, 'dialog');
    await bg.noteDialogScreen(12, DIALOG, accountStep([
      { name: 'Acme Support Line', id: null, selected: true },
      { name: 'acme  sales line', id: null, selected: false },
      { name: 'Someone Else', id: '900000000000099', selected: false },
    ]), T0 + 1000);
    expect((await attempts.attemptOfTab(12))?.workspace).toEqual({ kind: 'ask', candidates: ['ws-acme', 'ws-beta'], preselected: 'ws-acme', why: 'expected-wabas-on-screen' });

    // The screen changes to show Beta's account (matched by its id): the suggestion follows it.
    await bg.noteDialogScreen(12, DIALOG, accountStep([{ name: 'Orders (renamed)', id: '900000000000021', selected: true }]), T0 + 2000);
    expect((await attempts.attemptOfTab(12))?.workspace).toMatchObject({ kind: 'ask', preselected: 'ws-beta', why: 'expected-wabas-on-screen' });
  });

  it('accounts of neither workspace on screen: back to the one with problems', async () => {
    await seed([acme, beta]);
    await bg.ensureAttempt(13, DIALOG, 'dialog');
    await bg.noteDialogScreen(13, DIALOG, accountStep([{ name: 'Someone Else', id: null, selected: true }]), T0 + 1000);
    expect((await attempts.attemptOfTab(13))?.workspace).toMatchObject({ preselected: 'ws-beta', why: 'has-problems' });
  });

  it('a status without expected WABAs (an older backend): the one with problems stays suggested', async () => {
    await seed([{ ...acme, expectedWabas: [] }, { ...beta, expectedWabas: [] }]);
    await bg.ensureAttempt(14, DIALOG, 'dialog');
    await bg.noteDialogScreen(14, DIALOG, accountStep([{ name: 'Acme Support Line', id: null, selected: true }]), T0 + 1000);
    expect((await attempts.attemptOfTab(14))?.workspace).toMatchObject({ preselected: 'ws-beta', why: 'has-problems' });
  });
});
