/**
 * The background's side of in-page guidance: answers the content scripts' messages with
 * the panel to show, from the cached backend status and what this browser session has seen.
 *
 *   page-guidance  {page, people}  ─► panel for the page kind (WABA status / app removal / admin access)
 *   dialog-screen  {page, screen}  ─► stored per tab; a not-admin alert is kept as a session signal;
 *                                     answered with the dialog's small "reading" panel
 *   panel-dismissed {kind}         ─► remembered for the browser session
 *
 * Everything here lives in `storage.session` (memory only, gone with the browser): it is about the
 * current browsing, and Meta page readings never go to disk.
 * The page kind a content script claims must match the URL of the frame that sent it.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { adminAccessPanel, assessAdminAccess, type DialogSignalInput, type PeopleSignalInput } from '../guidance/admin-access';
import { appRemovalPanel } from '../guidance/app-removal';
import { dialogReadingPanel } from '../guidance/dialog-reading';
import type { GuidanceReply, PanelModel } from '../guidance/panel-model';
import { wabaStatusPanel } from '../guidance/waba-status';
import { PageInfo, ScreenReadingReport, type Message, type TabMessage } from '../messaging';
import { classifyPage, PAGE_KINDS, type PageInfo as PageInfoType, type PageKind } from '../meta/pages';
import { loadSnapshot } from '../storage/snapshot';

const DISMISSED_KEY = 'dismissedPanels';
const DIALOG_KEY = 'dialogScreensByTab';
const ADMIN_SIGNAL_KEY = 'adminDialogSignal';

const Dismissed = z.array(z.enum(PAGE_KINDS)).max(PAGE_KINDS.length);
const DialogScreens = z.record(z.string(), z.object({ page: PageInfo, screen: ScreenReadingReport, at: z.string() }));
const AdminDialogSignal = z.object({ at: z.string(), text: z.string().max(1000) });

async function read<T>(key: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
  const parsed = schema.safeParse((await browser.storage.session.get(key))[key]);
  return parsed.success ? parsed.data : fallback;
}

export async function isDismissed(kind: PageKind): Promise<boolean> {
  return (await read(DISMISSED_KEY, Dismissed, [])).includes(kind);
}

export async function dismissPanel(kind: PageKind): Promise<void> {
  const dismissed = await read(DISMISSED_KEY, Dismissed, []);
  if (!dismissed.includes(kind)) await browser.storage.session.set({ [DISMISSED_KEY]: [...dismissed, kind] });
}

/**
 * The URL the sender's page has now. For a top frame that is the tab's URL: `sender.url` is the URL
 * the document was *loaded* with and does not follow `history.pushState` (seen in Chromium), while
 * `tab.url` does.
 */
export function currentUrlOf(sender: { url?: string; frameId?: number; tab?: { url?: string } }): string | undefined {
  return sender.frameId === 0 && sender.tab?.url ? sender.tab.url : sender.url;
}

/**
 * A content script's claim about its page must agree with the URL Chrome says the frame has
 * (a page that lies about its kind gets nothing). Returns a reason to refuse, or null.
 */
export function mismatch(page: Pick<PageInfoType, 'kind' | 'wabaId' | 'businessId'>, senderUrl: string | undefined): string | null {
  if (senderUrl === undefined) return null;
  const actual = classifyPage(senderUrl);
  if (actual.kind !== page.kind || actual.wabaId !== page.wabaId || actual.businessId !== page.businessId) {
    return `page report (${page.kind}) does not match the sender's URL (${actual.kind})`;
  }
  return null;
}

/** The panel for a Business Manager / Facebook settings page, or null where there is none. */
export async function panelForPage(page: PageInfoType, people: PeopleSignalInput | null, now = Date.now()): Promise<PanelModel | null> {
  switch (page.kind) {
    case 'bm-whatsapp-accounts':
    case 'whatsapp-manager':
      return page.wabaId ? wabaStatusPanel(await loadSnapshot(), page.wabaId, now) : null;
    case 'bm-connected-apps':
    case 'fb-business-integrations':
      return appRemovalPanel(await loadSnapshot(), page);
    case 'bm-people': {
      const dialog = await read<DialogSignalInput | null>(ADMIN_SIGNAL_KEY, AdminDialogSignal, null);
      const assessment = assessAdminAccess({ people, dialog, snapshot: await loadSnapshot(), businessId: page.businessId });
      return adminAccessPanel(assessment);
    }
    default:
      return null;
  }
}

export async function answerPageGuidance(page: PageInfoType, people: PeopleSignalInput | null): Promise<GuidanceReply> {
  const panel = await panelForPage(page, people);
  return { ok: true, dismissed: panel !== null && (await isDismissed(page.kind)), panel };
}

/** Alert kinds from the screen readers that mean "you are not an admin" (lib/screens rule packs). */
const NOT_ADMIN_ALERTS: ReadonlySet<string> = new Set(['not-admin']);

export async function recordDialogScreen(
  tabId: number,
  page: PageInfoType,
  screen: ScreenReadingReport,
  now = new Date(),
): Promise<GuidanceReply> {
  const at = now.toISOString();
  const screens = await read(DIALOG_KEY, DialogScreens, {});
  screens[String(tabId)] = { page: PageInfo.parse(page), screen, at };
  const notAdmin = screen.alerts.find((alert) => NOT_ADMIN_ALERTS.has(alert.kind));
  await browser.storage.session.set({
    [DIALOG_KEY]: screens,
    ...(notAdmin ? { [ADMIN_SIGNAL_KEY]: { at, text: notAdmin.text } } : {}),
  });
  const panel = dialogReadingPanel(screen);
  return { ok: true, dismissed: await isDismissed(page.kind), panel };
}

export async function dialogScreenOfTab(tabId: number): Promise<{ page: PageInfoType; screen: ScreenReadingReport; at: string } | null> {
  return (await read(DIALOG_KEY, DialogScreens, {}))[String(tabId)] ?? null;
}

/** Forgets the tab's dialog reading; with `notAfter` (ISO time), only one made at or before it. */
export async function forgetDialogTab(tabId: number, notAfter?: string): Promise<void> {
  const screens = await read(DIALOG_KEY, DialogScreens, {});
  const current = screens[String(tabId)];
  if (!current) return;
  if (notAfter !== undefined && Date.parse(current.at) > Date.parse(notAfter)) return;
  delete screens[String(tabId)];
  await browser.storage.session.set({ [DIALOG_KEY]: screens });
}

type GuidanceMessage = Extract<Message, { type: 'page-guidance' | 'panel-dismissed' | 'dialog-screen' }>;

/** The one entry point background.ts delegates these message types to (already accepted by acceptMessage). */
export async function handleGuidanceMessage(
  message: GuidanceMessage,
  sender: { url?: string; frameId?: number; tab?: { id?: number; url?: string } },
): Promise<GuidanceReply | { ok: true } | { ok: false; error: string }> {
  switch (message.type) {
    case 'panel-dismissed':
      await dismissPanel(message.kind);
      return { ok: true };
    case 'page-guidance': {
      const refused = mismatch(message.page, currentUrlOf(sender));
      if (refused) return { ok: false, error: refused };
      return answerPageGuidance(message.page, message.people);
    }
    case 'dialog-screen': {
      const refused = mismatch(message.page, currentUrlOf(sender));
      if (refused) return { ok: false, error: refused };
      if (sender.tab?.id === undefined) return { ok: false, error: 'no tab' };
      return recordDialogScreen(sender.tab.id, message.page, message.screen);
    }
  }
}

/** What a panel shows depends on: did the last poll work, and what did the backend say. */
const statusFingerprint = (value: unknown): string => {
  const parsed = z.object({ outcome: z.string(), lastGood: z.object({ status: z.unknown() }).nullable() }).safeParse(value);
  return parsed.success ? JSON.stringify([parsed.data.outcome, parsed.data.lastGood?.status ?? null]) : 'none';
};

/**
 * Tells the tabs our content scripts run in that the cached status changed, so their panels are
 * asked for again. Only when what a panel shows can change (not on every poll attempt), and only to
 * tabs that reported a page; content scripts then need no storage access of their own.
 */
export function notifyTabsOnStatusChange(): void {
  browser.storage.onChanged.addListener((changes, area) => {
    const change = changes.snapshot;
    if (area !== 'local' || !change) return;
    if (statusFingerprint(change.oldValue) === statusFingerprint(change.newValue)) return;
    void (async () => {
      const tabs = new Set([
        ...Object.keys((await browser.storage.session.get('pagesByTab')).pagesByTab ?? {}),
        ...Object.keys(await read(DIALOG_KEY, DialogScreens, {})),
      ]);
      const message: TabMessage = { type: 'status-changed' };
      for (const tab of tabs) {
        const id = Number(tab);
        if (Number.isInteger(id)) browser.tabs.sendMessage(id, message).catch(() => undefined);
      }
    })();
  });
}
