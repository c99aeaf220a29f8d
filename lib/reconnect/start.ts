/**
 * The "Reconnect" action (popup button and notification button): open the product's reconnect
 * page for a workspace and remember that a reconnect started, with the workspace's state before it.
 *
 * The flow assistant (later work) reads `loadReconnectStarts()` to know which workspace the admin
 * is reconnecting, what the plan expects, and what to compare the outcome with (before/after).
 * The URL comes from the backend's reconnect plan (fresh, validated); when the plan cannot be
 * fetched, from the last good status's `reconnectUrl` (also validated: https, or http on
 * localhost — lib/contract/common.ts), so a broken backend never blocks the way to the fix.
 */
import { browser } from 'wxt/browser';
import { fetchReconnectPlan } from '../backend/client';
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

export type StartResult = { ok: true; url: string; planFetched: boolean } | { ok: false; error: string };

export async function startReconnect(
  workspaceId: string,
  source: ReconnectStart['source'],
  deps: { fetchImpl?: typeof fetch; now?: Date } = {},
): Promise<StartResult> {
  if (!ProductId.safeParse(workspaceId).success) return { ok: false, error: 'not a workspace id' };
  const now = deps.now ?? new Date();
  const [settings, snapshot] = await Promise.all([loadSettings(), stored.snapshot.get()]);
  const before = snapshot?.lastGood?.status.workspaces.find((w) => w.id === workspaceId) ?? null;
  const planOutcome = await fetchReconnectPlan({ baseUrl: settings.backendUrl, token: settings.accessToken }, workspaceId, {
    fetchImpl: deps.fetchImpl,
    timeoutMs: PLAN_TIMEOUT_MS,
  });
  const plan = planOutcome.kind === 'ok' && planOutcome.data.workspaceId === workspaceId ? planOutcome.data : null;
  const url = plan?.reconnectUrl ?? before?.reconnectUrl ?? null;
  if (!url) return { ok: false, error: 'No reconnect page is known for this workspace yet: the backend did not answer with a plan.' };

  const record: ReconnectStart = ReconnectStart.parse({ workspaceId, startedAt: now.toISOString(), source, url, plan, before });
  await stored.reconnectStarts.set({ ...(await stored.reconnectStarts.get()), [workspaceId]: record });
  await recordEvents([
    {
      kind: 'reconnect-started',
      at: record.startedAt,
      workspaceId,
      url,
      before: (before?.connections ?? []).map((c) => ({ connectionId: c.id, status: c.status })),
    },
  ]).catch(() => undefined); // history is best effort; the reconnect itself must go on
  const tab = await browser.tabs.create({ url });
  // The live checklist follows the tab Reconnect opened (lib/background/live-checklist.ts).
  if (tab.id !== undefined) await attemptFromReconnect(record, tab.id).catch(() => null);
  return { ok: true, url, planFetched: plan !== null };
}
