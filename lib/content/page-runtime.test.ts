import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GuidanceReply, PanelModel } from '../guidance/panel-model';
import type { Message, ScreenReadingReport } from '../messaging';
import type { PageKind } from '../meta/pages';
import { PANEL_SELECTOR } from './panel';
import { startPageRuntime, type PageRuntimeDeps } from './page-runtime';
import { startAdminAccess, type ReadPeople } from '../features/admin-access';
import { startDialogReading } from '../features/dialog-reading';
import { feature as appRemoval } from '../features/app-removal';
import { feature as wabaStatus } from '../features/waba-status';

const BM_KINDS: ReadonlySet<PageKind> = new Set(['bm-whatsapp-accounts', 'bm-people', 'bm-connected-apps', 'bm-settings-other', 'whatsapp-manager', 'embedded-signup-hosted']);
const PEOPLE = 'https://business.facebook.com/latest/settings/business_users?business_id=200000000000001';
const WABA = 'https://business.facebook.com/latest/settings/whatsapp_account?business_id=200000000000001&selected_asset_id=100000000000001';
const HOME = 'https://business.facebook.com/latest/home?business_id=200000000000001';
const HOSTED = 'https://business.facebook.com/messaging/whatsapp/onboard/?app_id=100000000000009&config_id=300000000000001';

// Fake timers: the observers' batching delays run on the test's clock, not on a loaded CI machine's.
const settle = (ms = 40) => vi.advanceTimersByTimeAsync(ms);
const panel = (topic: PanelModel['topic']): PanelModel => ({ topic, tone: 'info', title: topic, paragraphs: [], items: [], steps: [], note: null });
const unknownScreen: ScreenReadingReport = {
  kind: 'unknown', locale: null, lang: 'en', confidence: 'none', evidence: [], appName: null, editPreviousSettings: null,
  businesses: [], wabaMode: null, wabas: [], selectedCount: null, permissions: [], alerts: [], busy: false,
};

let controller: AbortController;
let sent: Message[];
let deps: PageRuntimeDeps & { readPeople: ReadPeople; readScreen: (root: Element) => ScreenReadingReport };
let statusListeners: (() => void)[];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
  controller = new AbortController();
  sent = [];
  statusListeners = [];
  document.body.replaceChildren();
  const main = document.createElement('div');
  main.setAttribute('role', 'main');
  document.body.append(main);
  deps = {
    signal: controller.signal,
    kinds: BM_KINDS,
    // The Business Manager script's features, with the DOM readers replaced by fakes.
    features: [
      wabaStatus,
      appRemoval,
      { id: 'admin-access', kinds: ['bm-people'], placement: 'bottom', start: (view) => startAdminAccess(view, (root) => deps.readPeople(root)) },
      { id: 'dialog-reading', kinds: ['embedded-signup-hosted'], placement: 'top', start: (view) => startDialogReading(view, (root) => deps.readScreen(root)) },
    ],
    pollMs: 20,
    onTabMessage: () => () => undefined,
    send: async (message) => {
      sent.push(message);
      const reply: GuidanceReply | { ok: true } =
        message.type === 'page-guidance'
          ? { ok: true, dismissed: false, panel: panel(message.people ? 'admin-access' : 'waba-status') }
          : message.type === 'dialog-screen'
            ? { ok: true, dismissed: false, panel: panel('dialog-reading') }
            : { ok: true };
      return reply;
    },
    onStatusChange: (listener) => {
      statusListeners.push(listener);
      return () => (statusListeners = statusListeners.filter((l) => l !== listener));
    },
    readPeople: vi.fn(() => ({ access: { access: 'unknown' as const, evidence: null }, complete: false, absent: true })),
    readScreen: vi.fn(() => unknownScreen),
  };
});
afterEach(() => {
  controller.abort();
  document.querySelectorAll(PANEL_SELECTOR).forEach((el) => el.remove());
  vi.useRealTimers();
});

const go = (url: string) => history.pushState({}, '', url);
const types = () => sent.map((m) => (m.type === 'page-detected' ? `${m.type}:${m.page.kind}` : m.type));

describe('startPageRuntime', () => {
  it('does nothing at all on a page that is not its own: no reads, no messages, no panel', async () => {
    (window as unknown as { happyDOM: { setURL: (u: string) => void } }).happyDOM.setURL(HOME);
    startPageRuntime(deps);
    for (let i = 0; i < 20; i++) document.querySelector('[role="main"]')?.append(document.createElement('p'));
    await settle();
    expect(sent).toEqual([]);
    expect(deps.readPeople).not.toHaveBeenCalled();
    expect(deps.readScreen).not.toHaveBeenCalled();
    expect(document.querySelector(PANEL_SELECTOR)).toBeNull();
  });

  it('follows the route: one view per page, torn down (panel included) when the URL changes', async () => {
    (window as unknown as { happyDOM: { setURL: (u: string) => void } }).happyDOM.setURL(WABA);
    startPageRuntime(deps);
    await settle();
    expect(types()).toEqual(['page-detected:bm-whatsapp-accounts', 'page-guidance']);
    expect(document.querySelectorAll(PANEL_SELECTOR)).toHaveLength(1);
    // The cached status changed: the panel is asked for again.
    statusListeners.forEach((l) => l());
    await settle();
    expect(types().at(-1)).toBe('page-guidance');

    go(PEOPLE);
    await settle(80);
    expect(types()).toContain('page-detected:bm-people');
    expect(deps.readPeople).toHaveBeenCalled();
    expect(statusListeners).toHaveLength(1);

    go(HOME);
    await settle(80);
    expect(types().at(-1)).toBe('page-detected:other');
    expect(document.querySelector(PANEL_SELECTOR)).toBeNull();
    expect(statusListeners).toHaveLength(0);
  });

  it('stops reading the People page once the access level is known', async () => {
    (window as unknown as { happyDOM: { setURL: (u: string) => void } }).happyDOM.setURL(PEOPLE);
    deps.readPeople = vi.fn(() => ({ access: { access: 'partial' as const, evidence: 'Ana Example' }, complete: true, absent: false }));
    startPageRuntime(deps);
    await settle();
    expect(sent.find((m) => m.type === 'page-guidance')).toMatchObject({ people: { access: 'partial', evidence: 'Ana Example' } });
    const reads = vi.mocked(deps.readPeople).mock.calls.length;
    for (let i = 0; i < 10; i++) {
      document.querySelector('[role="main"]')?.append(document.createElement('p'));
      await settle(30);
    }
    expect(vi.mocked(deps.readPeople).mock.calls.length).toBe(reads);
  });

  it('reports each changed dialog reading once, without the dialog’s state parameter', async () => {
    (window as unknown as { happyDOM: { setURL: (u: string) => void } }).happyDOM.setURL(HOSTED);
    let kind: ScreenReadingReport['kind'] = 'waba-selection';
    deps.readScreen = vi.fn(() => ({ ...unknownScreen, kind }));
    startPageRuntime(deps);
    await settle(150);
    document.body.append(document.createElement('p'));
    await settle(150);
    kind = 'permissions-review';
    document.body.append(document.createElement('p'));
    await settle(300);
    const screens = sent.filter((m): m is Extract<Message, { type: 'dialog-screen' }> => m.type === 'dialog-screen');
    expect(screens.map((m) => m.screen.kind)).toEqual(['waba-selection', 'permissions-review']);
    expect(screens[0]?.page).toMatchObject({ kind: 'embedded-signup-hosted', appId: '100000000000009', state: null });
  });

  it('holds a feature’s panel off the page while asked to, and shows the newest answer once released', async () => {
    (window as unknown as { happyDOM: { setURL: (u: string) => void } }).happyDOM.setURL(WABA);
    let hold: ((held: boolean) => void) | null = null;
    deps.features = [{ ...wabaStatus, start: (view) => { hold = view.holdPanel; wabaStatus.start(view); } }];
    startPageRuntime(deps);
    await settle();
    expect(document.querySelectorAll(PANEL_SELECTOR)).toHaveLength(1);
    hold!(true);
    expect(document.querySelector(PANEL_SELECTOR)).toBeNull();
    // An answer that arrives while held stays off the page.
    statusListeners.forEach((l) => l());
    await settle();
    expect(types().at(-1)).toBe('page-guidance');
    expect(document.querySelector(PANEL_SELECTOR)).toBeNull();
    hold!(false);
    expect(document.querySelectorAll(PANEL_SELECTOR)).toHaveLength(1);
  });
});
