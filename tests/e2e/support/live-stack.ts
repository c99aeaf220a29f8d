/**
 * The set-up the live-checklist specs share: the demo's app, accounts and portfolio as the stand-in
 * dialog shows them, and a stack (reference backend + simulator) with only the given workspaces,
 * the extension pointed at it and polled once, and Meta's dialog routed to the simulator.
 */
import { expect, type BrowserContext } from '@playwright/test';
import type { DialogScript } from '../../../server/simulator/dialog-page';
import { demoSeed, startStack, type Stack, type StackOptions } from '../../support/backend-harness';
import { configureBackend, serviceWorker } from '../fixtures';
import { routeMetaDialog } from './meta-dialog-route';
import { readCachedSnapshot } from './status-cache';

export const APP_ID = '700000000000001';
export const CONFIG_ID = '700000000000101';
export const ACME_TOKEN = 'demo-token-acme-whatsapp';
export const SUPPORT = { id: '900000000000011', name: 'Acme Support Line' };
export const SALES = { id: '900000000000012', name: 'Acme Sales Line' };
export const PORTFOLIO = { id: '800000000000001', name: 'Acme Trading Co. (demo)' };

/** The stand-in dialog's script for Acme: its portfolio and both accounts ticked, no previous grant. */
export const acmeScript = (over: Partial<DialogScript> = {}): Partial<DialogScript> & { appName: string } => ({
  appName: 'Reconnect Demo App',
  previousGrant: false,
  businesses: [{ ...PORTFOLIO, selected: true }],
  wabas: [
    { ...SUPPORT, selected: true },
    { ...SALES, selected: true },
  ],
  ...over,
});

/** The app ids of the workspaces in the extension's cached status. */
export async function snapshotApps(context: BrowserContext): Promise<string[]> {
  const sw = await serviceWorker(context);
  const snapshot = (await sw.evaluate(readCachedSnapshot)) as { lastGood?: { status: { workspaces: { metaApp: { appId: string } | null }[] } } } | null;
  return (snapshot?.lastGood?.status.workspaces ?? []).flatMap((w) => (w.metaApp ? [w.metaApp.appId] : []));
}

/** The demo seed with only these workspaces, all the first admin's. */
function seedWith(workspaces: readonly string[]) {
  const seed = demoSeed();
  seed.admins = [{ ...seed.admins[0]!, workspaces: [...workspaces] }];
  seed.workspaces = seed.workspaces.filter((w) => workspaces.includes(w.id));
  return seed;
}

/**
 * The stack for a whole reconnect: these workspaces only, the backend's reconnect page leading to
 * Meta's real dialog URL (routed to the simulator's stand-in), the extension pointed at it.
 */
export async function startReconnectStack(context: BrowserContext, workspaces: readonly string[]): Promise<Stack> {
  const stack = await startStack({ seed: seedWith(workspaces), backendEnv: { META_DIALOG_BASE_URL: 'https://www.facebook.com' } });
  await routeMetaDialog(context, stack.simulatorUrl);
  await configureBackend(context, stack.backendUrl, stack.adminToken);
  return stack;
}

/** The stack with these workspaces as the admin's only ones, the extension pointed at it and polled once. */
export async function startLiveStack(context: BrowserContext, extensionId: string, workspaces: readonly string[] = ['acme-support'], options: StackOptions = {}): Promise<Stack> {
  const stack = await startStack({ seed: seedWith(workspaces), ...options });
  await configureBackend(context, stack.backendUrl, stack.adminToken);
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.locator('main')).toHaveAttribute('data-checking', 'false');
  await popup.close();
  await routeMetaDialog(context, stack.simulatorUrl);
  return stack;
}
