/**
 * Desktop notifications for the health model's decisions (lib/health/model.ts `decideAlerts`).
 *
 * - One notification per connection and cause: its id is `ra|worse|<workspace>|<connection>|<cause>`,
 *   so the same cause replaces rather than stacks, and a worse cause clears the milder one.
 * - Recovery: `ra|recovered|<workspace>|<connection>` replaces that connection's warnings.
 * - A verified reconnect: `ra|reconnect|<workspace>|<connection>`, ONE notification that stands in
 *   for that connection's status change (lib/background/verification.ts holds the poller's own
 *   notifications for the workspace until it has shown it) and replaces its older ones.
 * - More than MAX_SEPARATE at once (first run with many broken workspaces) → one summary.
 * - A "Reconnect" button on every "worse" notification; the background opens the plan's reconnect
 *   URL with `tabs.create` (no `tabs` permission needed to open a tab).
 * Product ids are `[A-Za-z0-9._:-]` (lib/contract/common.ts), so `|` can never occur inside them.
 */
import { browser } from 'wxt/browser';
import { ConnectionStatus, ProductId, type StatusResponse } from '../contract';
import type { AlertDecision } from '../health/model';
import { KIND_WORDS, STATUS_INLINE_WORDS } from '../health/words';
import { plural, t } from '../i18n';
import { displayText } from '../display-text';

export const NOTIFICATION_ICON = '/icon/128.png';
export const MAX_SEPARATE = 3;
const PREFIX = 'ra';

export type NotificationRef =
  | { kind: 'worse'; workspaceId: string; connectionId: string; cause: ConnectionStatus }
  | { kind: 'recovered'; workspaceId: string; connectionId: string }
  | { kind: 'reconnect'; workspaceId: string; connectionId: string }
  | { kind: 'summary' };

export function notificationId(ref: NotificationRef, now = Date.now()): string {
  switch (ref.kind) {
    case 'worse':
      return [PREFIX, 'worse', ref.workspaceId, ref.connectionId, ref.cause].join('|');
    case 'recovered':
    case 'reconnect':
      return [PREFIX, ref.kind, ref.workspaceId, ref.connectionId].join('|');
    case 'summary':
      return [PREFIX, 'summary', String(now)].join('|');
  }
}

/** Parses our own ids back; anything else (another source, a tampered id) is null. */
export function parseNotificationId(id: string): NotificationRef | null {
  const [prefix, kind, workspaceId, connectionId, cause, ...rest] = id.split('|');
  if (prefix !== PREFIX || rest.length) return null;
  if (kind === 'summary') return workspaceId !== undefined && connectionId === undefined ? { kind: 'summary' } : null;
  if (!ProductId.safeParse(workspaceId).success || !ProductId.safeParse(connectionId).success) return null;
  if ((kind === 'recovered' || kind === 'reconnect') && cause === undefined) return { kind, workspaceId: workspaceId!, connectionId: connectionId! };
  const parsedCause = ConnectionStatus.safeParse(cause);
  if (kind === 'worse' && parsedCause.success) return { kind, workspaceId: workspaceId!, connectionId: connectionId!, cause: parsedCause.data };
  return null;
}

export interface NotificationContent {
  id: string;
  title: string;
  message: string;
  buttons: { title: string }[];
}

/**
 * A backend-supplied name or sentence as a notification may show it: control, invisible and
 * reordering characters removed, lone surrogates replaced, whitespace collapsed, bounded without
 * splitting a character. The system
 * draws notifications as plain text, so there is no markup to escape.
 */
const plain = (text: string, max: number) => displayText(text, max);

/** What each decision says. Pure: the problem text comes from the backend's status (validated). */
export function contentFor(decisions: AlertDecision[], status: StatusResponse, now = Date.now()): NotificationContent[] {
  const visible = decisions.filter((d) => !d.muted);
  if (visible.length > MAX_SEPARATE) {
    const worse = visible.filter((d) => d.kind === 'worse');
    const recovered = visible.length - worse.length;
    const names = [...new Set(worse.map((d) => plain(d.workspace, 60)))];
    const parts = [worse.length ? plural('notify.summaryWorse', worse.length) : '', recovered ? plural('notify.summaryRecovered', recovered) : ''].filter(Boolean);
    const shownNames = names.slice(0, 4).join(t('notify.partsSeparator'));
    return [
      {
        id: notificationId({ kind: 'summary' }, now),
        title: t('notify.summaryTitle', { parts: parts.join(t('notify.partsSeparator')) }),
        message: !names.length
          ? t('notify.openPopup')
          : names.length > 4
            ? plural('notify.summaryNamesMore', names.length - 4, { names: shownNames })
            : t('notify.summaryNames', { names: shownNames }),
        buttons: [],
      },
    ];
  }
  return visible.map((decision) => {
    const connection = status.workspaces.find((w) => w.id === decision.workspaceId)?.connections.find((c) => c.id === decision.connectionId);
    if (decision.kind === 'recovered') {
      return {
        id: notificationId({ kind: 'recovered', workspaceId: decision.workspaceId, connectionId: decision.connectionId }),
        title: t('notify.recoveredTitle', { workspace: plain(decision.workspace, 80), kind: KIND_WORDS[decision.connectionKind] }),
        message: t('notify.recoveredMessage', { status: STATUS_INLINE_WORDS[decision.from] }),
        buttons: [],
      };
    }
    const problem = connection?.problems[0];
    return {
      id: notificationId({ kind: 'worse', workspaceId: decision.workspaceId, connectionId: decision.connectionId, cause: decision.cause }),
      title: t('notify.worseTitle', { workspace: plain(decision.workspace, 80), kind: KIND_WORDS[decision.connectionKind], status: STATUS_INLINE_WORDS[decision.cause] }),
      // The problem's sentence is the backend's own, in the backend's language.
      message: problem ? plain(`${problem.message} ${problem.hint}`, 300) : t('notify.openPopup'),
      buttons: [{ title: t('notify.reconnectButton') }],
    };
  });
}

/** Shows the decisions' notifications (unless switched off), clearing the ones they supersede. */
export async function showAlerts(decisions: AlertDecision[], status: StatusResponse, enabled: boolean): Promise<string[]> {
  if (!enabled) return [];
  const contents = contentFor(decisions, status);
  if (!contents.length) return [];
  const existing = Object.keys(await browser.notifications.getAll());
  for (const decision of decisions.filter((d) => !d.muted)) {
    // A connection's older notifications (another cause, or recovered) are out of date now.
    const mine = `${PREFIX}|`;
    for (const id of existing) {
      const ref = id.startsWith(mine) ? parseNotificationId(id) : null;
      if (ref && ref.kind !== 'summary' && ref.workspaceId === decision.workspaceId && ref.connectionId === decision.connectionId) {
        await browser.notifications.clear(id);
      }
    }
  }
  const shown: string[] = [];
  for (const content of contents) {
    const base = { type: 'basic' as const, iconUrl: browser.runtime.getURL(NOTIFICATION_ICON), title: content.title, message: content.message };
    try {
      await browser.notifications.create(content.id, content.buttons.length ? { ...base, buttons: content.buttons } : base);
    } catch {
      // Firefox does not support buttons: the notification's click still opens the detail.
      await browser.notifications.create(content.id, base);
    }
    shown.push(content.id);
  }
  return shown;
}

/**
 * The one notification of a verified reconnect (lib/flow/verification-words.ts says what): the
 * connection's older notifications (a cause, a recovery, an earlier reconnect) are cleared first.
 */
export async function showReconnectNotification(workspaceId: string, connectionId: string, content: { title: string; message: string }): Promise<string> {
  const id = notificationId({ kind: 'reconnect', workspaceId, connectionId });
  for (const existing of Object.keys(await browser.notifications.getAll())) {
    const ref = parseNotificationId(existing);
    if (ref && ref.kind !== 'summary' && ref.workspaceId === workspaceId && ref.connectionId === connectionId) await browser.notifications.clear(existing);
  }
  await browser.notifications.create(id, { type: 'basic', iconUrl: browser.runtime.getURL(NOTIFICATION_ICON), title: plain(content.title, 120), message: plain(content.message, 300) });
  return id;
}
