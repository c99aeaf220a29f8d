/**
 * What a workspace's compact card says without expanding, and what the popup's live region says
 * when the status changes. Pure: the popup view renders these, tests read them directly.
 */
import type { ConnectionStatus, Workspace } from '../contract';
import { worstStatus } from '../contract';
import { daysLeft, effectiveStatus } from '../health/effective-status';
import { STATUS_WORDS } from '../health/words';
import type { WorkspaceRow } from '../health/workspace-view';
import { displayText } from '../display-text';
import type { Verification } from '../flow/verification';
import { ANNOUNCE_WORDS, CAUSE_FALLBACK, DETAIL_WORDS } from './words';

/** The status in words, with the days left of an expiring token. */
export function statusWords(status: ConnectionStatus, days: number | null): string {
  return STATUS_WORDS[status] + (status === 'expiring' && days !== null ? DETAIL_WORDS.daysLeft(days) : '');
}

/** The first sentence of a text (a full stop, question or exclamation mark before a space and a capital, or the end), at most `max` characters. */
export function firstSentence(text: string, max = 180): string {
  const end = /[.!?](?=\s+[A-Z\p{Lu}]|$)/u.exec(text);
  return displayText(end ? text.slice(0, end.index + 1) : text, max);
}

/** The cause in one sentence: the worst connection's first problem as the backend said it, else the status's own sentence. */
export function causeOf(row: WorkspaceRow): string {
  const problem = row.worstConnection?.problems[0];
  if (problem) return firstSentence(displayText(problem.message, 500));
  return row.worst ? CAUSE_FALLBACK[row.worst] : CAUSE_FALLBACK.unknown;
}

export function daysLeftOf(row: WorkspaceRow, now: number): number | null {
  return row.worst === 'expiring' && row.worstConnection ? daysLeft(row.worstConnection, now) : null;
}

/** A long id shortened for a narrow column: the first and last characters, the whole one in the title and the copy button. */
export function shortId(id: string, keep = 4): string {
  return id.length <= keep * 2 + 2 ? id : `${id.slice(0, keep)}…${id.slice(-keep)}`;
}

function worstOf(workspace: Workspace, now: number): ConnectionStatus | null {
  return worstStatus(workspace.connections.map((c) => effectiveStatus(c, now)));
}

/**
 * What changed between two statuses, for the live region: each workspace whose worst status
 * moved, named, at most `limit` of them and then a count. Null when nothing changed (or there
 * was no earlier status to compare with: the first paint is not a change).
 */
export function statusChanges(before: readonly Workspace[] | null, after: readonly Workspace[], now: number, limit = 3): string | null {
  if (!before) return null;
  const was = new Map<string, ConnectionStatus | null>();
  for (const w of before) was.set(w.id, worstOf(w, now));
  const lines: string[] = [];
  let more = 0;
  for (const w of after) {
    const worst = worstOf(w, now);
    const previous = was.get(w.id);
    if (worst === null || previous === worst) continue;
    const name = displayText(w.name, 80);
    if (lines.length >= limit) {
      more += 1;
      continue;
    }
    lines.push(previous === undefined || previous === null ? ANNOUNCE_WORDS.added(name, STATUS_WORDS[worst]) : ANNOUNCE_WORDS.changed(name, STATUS_WORDS[worst], STATUS_WORDS[previous]));
  }
  if (!lines.length) return null;
  return `${lines.join('; ')}${more ? `; ${ANNOUNCE_WORDS.andMore(more)}` : ''}.`;
}

/** "Last reconnect" at the top of the popup: the verifications started within this window. */
export const PINNED_VERIFICATION_MS = 60 * 60_000;
export const PINNED_VERIFICATIONS_MAX = 3;

/**
 * The reconnects to show at the top, newest first: those started in the last hour (at most three);
 * older ones stay in their workspace's details.
 */
export function pinnedVerifications(verifications: Readonly<Record<string, Verification>>, now: number): Verification[] {
  return Object.values(verifications)
    .filter((v) => now - v.startedAt <= PINNED_VERIFICATION_MS)
    .sort((a, b) => b.startedAt - a.startedAt)
    .slice(0, PINNED_VERIFICATIONS_MAX);
}
