import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFromReconnect, type Attempt } from '../flow/attempt';
import type { FlowOutcome } from '../flow/outcome';
import { parseRedirect } from '../flow/outcome';
import { stored } from '../storage/items';
import { handleFlowOutcome, type FlowOutcomeDeps } from './flow-outcome';

const PAGE = 'https://app.example.com/reconnect/callback?error=access_denied';
const sender = (url = PAGE, tabId = 5) => ({ url, tab: { id: tabId, url } });
const cancel: FlowOutcome = { kind: 'es-cancel', step: 'PERMISSIONS', stepRaw: null, errorMessage: null };

function deps(attempt: Attempt | null = null): FlowOutcomeDeps & { calls: unknown[][]; ended: number[] } {
  const calls: unknown[][] = [];
  const ended: number[] = [];
  return {
    calls,
    ended,
    productOrigins: async () => ['https://app.example.com'],
    attemptOfTab: async () => attempt,
    endAttemptOf: async (tabId) => {
      ended.push(tabId);
      return attempt;
    },
    startVerification: async (...args) => {
      calls.push(args);
    },
    now: () => 1_764_000_000_000,
  };
}

describe('handleFlowOutcome', () => {
  it('refuses a sender that is not one of the product’s origins (look-alikes included), and records nothing', async () => {
    const d = deps();
    for (const url of ['https://app.example.com.evil.test/cb', 'https://evil.example/cb', 'http://app.example.com/cb', 'https://app.example.com:8443/cb']) {
      expect(await handleFlowOutcome({ type: 'flow-outcome', outcome: cancel }, sender(url), d)).toEqual({ ok: false, error: 'not one of the product’s pages' });
    }
    expect(await handleFlowOutcome({ type: 'flow-outcome', outcome: cancel }, { url: PAGE, tab: { id: 5, url: 'https://evil.example/' } }, d)).toMatchObject({ ok: false });
    expect(d.calls).toEqual([]);
    expect(await stored.flowOutcomesByTab.get()).toEqual({});
  });

  it('records the outcome, starts verification with the attempt, ends the attempt and answers the words', async () => {
    const attempt = startFromReconnect({ workspaceId: 'ws-1', plan: null, before: null }, 5, '300000000000001', 1_000);
    const d = deps(attempt);
    const reply = await handleFlowOutcome({ type: 'flow-outcome', outcome: cancel }, sender(), d);
    expect(reply).toMatchObject({ ok: true, panel: { topic: 'flow-outcome', title: 'You stopped at the permissions step; nothing changed' } });
    expect(d.calls).toEqual([[attempt, cancel, 1_764_000_000_000]]);
    expect(d.ended).toEqual([5]);
    expect((await stored.flowOutcomesByTab.get())['5']).toMatchObject({ origin: 'https://app.example.com', outcomes: [cancel] });
  });

  it('the same outcome again starts nothing twice', async () => {
    const d = deps(startFromReconnect({ workspaceId: 'ws-1', plan: null, before: null }, 5, '300000000000001', 1_000));
    await handleFlowOutcome({ type: 'flow-outcome', outcome: cancel }, sender(), d);
    const again = await handleFlowOutcome({ type: 'flow-outcome', outcome: cancel }, sender(), d);
    expect(again).toMatchObject({ ok: true });
    expect(d.calls).toHaveLength(1);
  });

  it('the product’s alert after the outcome is explained from what the attempt saw then (the attempt has ended)', async () => {
    const base = startFromReconnect({ workspaceId: 'ws-1', plan: null, before: null }, 5, '300000000000001', 1_000);
    const attempt: Attempt = {
      ...base,
      readings: [{ source: 'dialog', at: 1_100, tabId: 5, screen: { kind: 'permissions-review', confidence: 'high', evidence: [], editPreviousSettings: null, businesses: [], wabaMode: null, wabas: [], permissions: [{ scope: 'whatsapp_business_messaging', granted: false }], alerts: [], busy: false } }],
    };
    const d = deps(attempt);
    await handleFlowOutcome({ type: 'flow-outcome', outcome: parseRedirect('https://app.example.com/cb?code=x&state=y') as FlowOutcome }, sender(), d);
    d.attemptOfTab = async () => null; // ended by the outcome
    const reply = await handleFlowOutcome({ type: 'flow-outcome', outcome: { kind: 'product-alert', alert: 'unable-to-connect-numbers', text: 'Unable to connect WhatsApp phone numbers' } }, sender(), d);
    expect(reply.ok && reply.panel?.items.map((i) => i.label)).toEqual(['A WhatsApp permission was not granted: whatsapp_business_messaging', 'Also possible: the business’s verification']);
    expect(d.ended).toEqual([5]);
  });

  it('a failing verification still answers the page', async () => {
    const d = deps();
    d.startVerification = vi.fn(async () => {
      throw new Error('down');
    });
    expect(await handleFlowOutcome({ type: 'flow-outcome', outcome: cancel }, sender(), d)).toMatchObject({ ok: true });
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).toEqual(['flowOutcomesByTab']);
  });
});
