/**
 * A content script's "this tab is on page kind X" report. Like the guidance messages
 * (lib/background/page-guidance.ts), the claim must agree with the URL the browser says the frame
 * has: a page script that reaches the content script's channel, or a confused script, cannot plant a
 * page record (and so a badge, an attempt's tab) for a page the tab is not on.
 */
import type { PageInfo } from '../meta/pages';
import { currentUrlOf, mismatch, type MessageSender } from './page-guidance';
import { recordPage } from './tab-state';

export type PageDetectedReply = { ok: true } | { ok: false; error: string };

export async function handlePageDetected(page: PageInfo, sender: MessageSender & { documentId?: string }, now = new Date()): Promise<PageDetectedReply> {
  if (sender.tab?.id === undefined) return { ok: false, error: 'no tab' };
  const refused = mismatch(page, currentUrlOf(sender));
  if (refused) return { ok: false, error: refused };
  await recordPage(sender.tab.id, page, now, sender.documentId ?? null);
  return { ok: true };
}
