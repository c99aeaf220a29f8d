/**
 * The "Reconnect" action (popup button and notification button): open the product's reconnect
 * page for a workspace and remember that a reconnect started, with the workspace's state before it.
 *
 * The flow assistant (later work) reads `loadReconnectStarts()` to know which workspace the admin
 * is reconnecting, what the plan expects, and what to compare the outcome with (before/after).
 * The URL: the backend's reconnect link (`POST …/reconnect-link`, single use, fresh per click) when
 * the backend offers one; otherwise, or on any failure of it (said in `fallback`), the plan's
 * reconnect URL (fresh, validated), else the last good status's `reconnectUrl` (also validated:
 * https, or http on localhost — lib/contract/common.ts), so a broken backend never blocks the way
 * to the fix. A link's query (its single-use ticket) is never stored: the record and the history
 * keep its address without it.
 */
import { browser } from 'wxt/browser';
import { createReconnectLink, fetchReconnectPlan, type FetchOutcome } from '../backend/client';
import type { ReconnectLink } from '../contract';
import { ProductId } from '../contract';
import { recordEvents } from '../storage/history';
import { loadSettings } from '../storage/settings';
import { ReconnectStart, stored } from '../storage/items';
import { attemptFromReconnect } from '../background/live-checklist';

export { ReconnectStart } from '../storage/items';

/** The plan is a convenience, not a gate: a slow backend must not delay the way to the fix. */
const PLAN_TIMEOUT_MS = 5_000;

export function loadReconnectStarts(): Promise<Record<string, ReconnectStart>> {
  return stored.reconnectStarts.get();
}

export type StartResult =
  | { ok: true; url: string; planFetched: boolean; via: 'reconnect-link' | 'reconnect-page'; fallback: string | null }
  | { ok: false; error: string };

/** Why the reconnect link was not used, in words. */
export function linkFailureWords(outcome: FetchOutcome<ReconnectLink>, workspaceId: string): string {
  switch (outcome.kind) {
    case 'ok':
      return outcome.data.workspaceId === workspaceId ? 'none' : 'the backend made a reconnect link for another workspace';
    case 'http-error':
      return outcome.httpStatus === 404 || outcome.httpStatus === 405 ? 'the backend offers no reconnect link' : `the backend's reconnect link failed (HTTP ${outcome.httpStatus})`;
    case 'unreachable':
      return `the backend's reconnect link did not come (${outcome.message})`;
    case 'unauthorized':
      return `the backend refused the reconnect link (HTTP ${outcome.httpStatus})`;
    case 'invalid-response':
      return `the backend's reconnect link does not match the contract (${outcome.message})`;
    case 'not-modified':
    case 'not-configured':
      return 'the backend is not configured';
  }
}

/** A link's address without its single-use ticket (query and fragment). */
function withoutTicket(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

export async function startReconnect(
  workspaceId: string,
  source: ReconnectStart['source'],
  deps: { fetchImpl?: typeof fetch; now?: Date } = {},
): Promise<StartResult> {
  if (!ProductId.safeParse(workspaceId).success) return { ok: false, error: 'not a workspace id' };
  const now = deps.now ?? new Date();
  const [settings, snapshot] = await Promise.all([loadSettings(), stored.snapshot.get()]);
  const before = snapshot?.lastGood?.status.workspaces.find((w) => w.id === workspaceId) ?? null;
  const target = { baseUrl: settings.backendUrl, token: settings.accessToken };
  const options = { fetchImpl: deps.fetchImpl, timeoutMs: PLAN_TIMEOUT_MS };
  const [planOutcome, linkOutcome] = await Promise.all([fetchReconnectPlan(target, workspaceId, options), createReconnectLink(target, workspaceId, undefined, options)]);
  const plan = planOutcome.kind === 'ok' && planOutcome.data.workspaceId === workspaceId ? planOutcome.data : null;
  const link = linkOutcome.kind === 'ok' && linkOutcome.data.workspaceId === workspaceId ? linkOutcome.data : null;
  const pageUrl = plan?.reconnectUrl ?? before?.reconnectUrl ?? null;
  const url = link?.url ?? pageUrl;
  if (!url) return { ok: false, error: 'No reconnect page is known for this workspace yet: the backend did not answer with a plan.' };
  const fallback = link ? null : linkFailureWords(linkOutcome, workspaceId);

  const record: ReconnectStart = ReconnectStart.parse({
    workspaceId,
    startedAt: now.toISOString(),
    source,
    url: link ? withoutTicket(link.url) : url,
    plan,
    before,
    connectionId: link?.connectionId ?? null,
  });
  await stored.reconnectStarts.set({ ...(await stored.reconnectStarts.get()), [workspaceId]: record });
  await recordEvents([
    {
      kind: 'reconnect-started',
      at: record.startedAt,
      workspaceId,
      url: record.url,
      before: (before?.connections ?? []).map((c) => ({ connectionId: c.id, status: c.status })),
    },
  ]).catch(() => undefined); // history is best effort; the reconnect itself must go on
  const tab = await browser.tabs.create({ url });
  // The live checklist follows the tab Reconnect opened (lib/background/live-checklist.ts).
  if (tab.id !== undefined) await attemptFromReconnect(record, tab.id).catch(() => null);
  return { ok: true, url: link ? record.url : url, planFetched: plan !== null, via: link ? 'reconnect-link' : 'reconnect-page', fallback };
}
