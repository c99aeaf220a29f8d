/**
 * The background's side of in-page guidance: answers the content scripts' messages with the panel
 * of the feature that runs on the page (lib/features), from the cached backend status and what this
 * browser session has seen.
 *
 *   page-guidance  {page, people}  ─► the feature's panel for the page
 *   dialog-screen  {page, screen}  ─► stored per tab; a not-admin alert is kept as a session signal;
 *                                     answered with the dialog's small "reading" panel
 *   panel-dismissed {kind}         ─► remembered for the browser session
 *
 * Everything here lives in `storage.session` (lib/storage/items.ts; memory only, gone with the
 * browser): it is about the current browsing, and Meta page readings never go to disk.
 * The page kind a content script claims must match the URL of the frame that sent it.
 */
import type { GuidanceReply, PanelModel } from '../guidance/panel-model';
import { sendToTab } from '../protocol/send';
import { featureFor } from '../features';
import type { PanelInputs } from '../features/types';
import type { PeopleAccess } from '../protocol/shapes';
import { PageInfo, type Handlers, type ReplyOf, type ScreenReadingReport } from '../messaging';
import { classifyPage, type PageInfo as PageInfoType, type PageKind } from '../meta/pages';
import { stored } from '../storage/items';
import { watchStatusCache } from '../storage/status-cache';
import { recordDialogReading, tabsWithRecords } from './tab-state';

export async function isDismissed(kind: PageKind): Promise<boolean> {
  return (await stored.dismissedPanels.get()).includes(kind);
}

export async function dismissPanel(kind: PageKind): Promise<void> {
  const dismissed = await stored.dismissedPanels.get();
  if (!dismissed.includes(kind)) await stored.dismissedPanels.set([...dismissed, kind]);
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

/** The inputs the background holds for a panel: the cached status and this session's signals. */
async function panelInputs(page: PageInfoType, extra: Pick<PanelInputs, 'people' | 'screen'>, now: number): Promise<PanelInputs> {
  const [snapshot, adminSignal] = await Promise.all([stored.snapshot.get(), stored.adminDialogSignal.get()]);
  return { page, ...extra, snapshot, adminSignal, now };
}

/** The panel of the feature that runs on this page kind, or null where there is none. */
export async function panelForPage(page: PageInfoType, people: PeopleAccess | null, now = Date.now()): Promise<PanelModel | null> {
  const feature = featureFor(page.kind);
  return feature ? feature.panel(await panelInputs(page, { people, screen: null }, now)) : null;
}

export async function answerPageGuidance(page: PageInfoType, people: PeopleAccess | null): Promise<GuidanceReply> {
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
  await recordDialogReading(tabId, { page: PageInfo.parse(page), screen, at });
  const notAdmin = screen.alerts.find((alert) => NOT_ADMIN_ALERTS.has(alert.kind));
  if (notAdmin) await stored.adminDialogSignal.set({ at, text: notAdmin.text });
  const feature = featureFor(page.kind);
  const panel = feature ? feature.panel(await panelInputs(page, { people: null, screen }, now.getTime())) : null;
  return { ok: true, dismissed: await isDismissed(page.kind), panel };
}

export type MessageSender = { url?: string; frameId?: number; tab?: { id?: number; url?: string } };
type GuidanceType = 'page-guidance' | 'panel-dismissed' | 'dialog-screen';

/** The handlers background.ts registers for these message types (already accepted by acceptMessage). */
export const guidanceHandlers: Pick<Handlers<MessageSender>, GuidanceType> = {
  'panel-dismissed': async (message) => {
    await dismissPanel(message.kind);
    return { ok: true };
  },
  'page-guidance': async (message, sender) => {
    const refused = mismatch(message.page, currentUrlOf(sender));
    if (refused) return { ok: false, error: refused };
    return answerPageGuidance(message.page, message.people);
  },
  'dialog-screen': async (message, sender) => {
    const refused = mismatch(message.page, currentUrlOf(sender));
    if (refused) return { ok: false, error: refused };
    if (sender.tab?.id === undefined) return { ok: false, error: 'no tab' };
    return recordDialogScreen(sender.tab.id, message.page, message.screen);
  },
};

/** One of the guidance messages, answered by its handler. */
export function handleGuidanceMessage<M extends Parameters<(typeof guidanceHandlers)[GuidanceType]>[0]>(message: M, sender: MessageSender): Promise<ReplyOf<M['type']>> {
  const handler = guidanceHandlers[message.type] as (message: M, sender: MessageSender) => Promise<ReplyOf<M['type']>>;
  return handler(message, sender);
}

/**
 * Tells the tabs our content scripts run in that the cached status changed, so their panels are
 * asked for again. Only when what a panel shows can change (not on every poll attempt): the poll's
 * outcome, or the status itself. The status is compared by identity, not as deep JSON: the cache
 * hands this context the object it wrote, a 304 keeps it, and a 200 or a merged check is a new one
 * (cheap at 5,000 workspaces). Only to tabs that reported a page; content scripts then need no
 * storage access of their own.
 */
export function notifyTabsOnStatusChange(): void {
  let last: { outcome: string; status: unknown } | null = null;
  watchStatusCache((snapshot) => {
    const next = { outcome: snapshot?.outcome ?? 'none', status: snapshot?.lastGood?.status ?? null };
    if (last && last.outcome === next.outcome && last.status === next.status) return;
    last = next;
    void (async () => {
      for (const id of await tabsWithRecords()) sendToTab(id, { type: 'status-changed' }).catch(() => undefined);
    })();
  });
}
