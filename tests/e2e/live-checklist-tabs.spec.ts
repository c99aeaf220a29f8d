/**
 * The live reconnect checklist beyond the dialog tab itself: the extension's popup shows the active
 * tab's checklist at the top, and an Embedded Signup popup window (window.open from the dialog tab)
 * joins its opener's attempt. Same stack as live-checklist.spec.ts: the built extension, the
 * reference backend and the Graph simulator as real processes (tests/support/backend-harness.ts),
 * Meta's dialog at its REAL URL from the simulator's stand-in (tests/e2e/support/meta-dialog-route.ts),
 * the checklist read from the accessibility tree (tests/e2e/support/checklist.ts).
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { Stack } from '../support/backend-harness';
import { expect, serviceWorker, test } from './fixtures';
import { readChecklist, waitForItem } from './support/checklist';
import { acmeScript, ACME_TOKEN, APP_ID, CONFIG_ID, SALES, startLiveStack, SUPPORT } from './support/live-stack';

let stack: Stack | null = null;
test.afterEach(async () => {
  await stack?.stop();
  stack = null;
});

/** The stack with these workspaces (Acme Support by default), the extension pointed at it and polled once. */
async function setUp(context: BrowserContext, extensionId: string, workspaces = ['acme-support']): Promise<Stack> {
  stack = await startLiveStack(context, extensionId, workspaces);
  return stack;
}

const script = acmeScript;
const HARBOR_ORDERS = { id: '900000000000021', name: 'Harbor Orders' };

const dialogUrl = (state = 'e2e-state') =>
  `https://www.facebook.com/v24.0/dialog/oauth?${new URLSearchParams({ client_id: APP_ID, config_id: CONFIG_ID, redirect_uri: `${stack!.backendUrl}/reconnect/callback`, state, response_type: 'code' })}`;

/** Stored attempts (storage.session), by tab id. */
async function attempts(context: BrowserContext): Promise<Record<string, { tabId: number; tabs: number[]; workspace: { kind: string; workspaceId?: string } }>> {
  const sw = await serviceWorker(context);
  return sw.evaluate(async () => ((await chrome.storage.session.get('attempts')) as { attempts?: Record<string, never> }).attempts ?? {});
}

const click = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click();

test('the popup shows the active tab’s checklist at the top during an attempt, and none without one', async ({ context, extensionId }) => {
  await setUp(context, extensionId);
  await stack!.setDialogOutcome({ result: 'interactive', script: script({ wabas: [{ ...SUPPORT, selected: true }, { ...SALES, selected: false }] }), baseToken: ACME_TOKEN, previousToken: ACME_TOKEN });
  const dialog = await context.newPage();
  await dialog.goto(dialogUrl());
  await click(dialog, 'Next');
  await waitForItem(dialog, 'Failed', 'WhatsApp accounts');

  // The popup opened in a background tab of the dialog's window: the active tab is still the dialog's.
  await dialog.bringToFront();
  const tabId = Number(Object.keys(await attempts(context))[0]);
  const opened = context.waitForEvent('page', (p) => p.url().startsWith(`chrome-extension://${extensionId}/popup.html`));
  await (await serviceWorker(context)).evaluate(
    async ([id, url]) => {
      const tab = await chrome.tabs.get(id);
      if (!tab.active) throw new Error('the dialog tab is not the active one');
      await chrome.tabs.create({ url, windowId: tab.windowId, active: false });
    },
    [tabId, `chrome-extension://${extensionId}/popup.html`] as const,
  );
  const popup = await opened;
  await popup.waitForLoadState();
  const region = popup.getByRole('region', { name: /Reconnect checklist/ });
  await expect(region).toHaveAccessibleName('Reconnect checklist: Failed');
  const items = region.getByRole('listitem');
  await expect(items.filter({ hasText: /^Failed — WhatsApp accounts/ })).toContainText(`${SALES.name} is not selected`);
  await expect(items.filter({ hasText: /^Passed — Business portfolio/ })).toHaveCount(1);
  await expect(region.getByRole('alert')).toContainText(SALES.name);
  // At the top: before the popup's own header.
  const order = await popup.evaluate(() => {
    const section = document.querySelector('section[aria-label^="Reconnect checklist"]');
    const header = document.querySelector('header');
    return section && header ? section.compareDocumentPosition(header) & Node.DOCUMENT_POSITION_FOLLOWING : -1;
  });
  expect(order).toBeGreaterThan(0);
  await popup.close();

  // The attempt ended with its tab: the popup (now the active tab itself) has no checklist.
  await dialog.close();
  await expect.poll(async () => Object.keys(await attempts(context)).length).toBe(0);
  const plain = await context.newPage();
  await plain.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(plain.locator('main')).toHaveAttribute('data-checking', 'false');
  await expect(plain.getByRole('region', { name: /Reconnect checklist/ })).toHaveCount(0);
});

test('an Embedded Signup popup window opened from the dialog tab joins its opener’s attempt', async ({ context, extensionId }) => {
  await setUp(context, extensionId);
  await stack!.setDialogOutcome({ result: 'interactive', script: script(), baseToken: ACME_TOKEN, previousToken: ACME_TOKEN });
  const opener = await context.newPage();
  await opener.goto(dialogUrl());
  await waitForItem(opener, 'Not checked yet', 'WhatsApp accounts');
  await expect.poll(async () => Object.keys(await attempts(context)).length).toBe(1);
  const openerId = Number(Object.keys(await attempts(context))[0]);

  const opened = context.waitForEvent('page');
  await opener.evaluate((url) => void window.open(url, 'embedded-signup', 'popup,width=820,height=720'), dialogUrl('e2e-popup'));
  const popup = await opened;
  await popup.waitForLoadState();
  // Wide enough for the overlay to open expanded (it starts as a pill under 700 px).
  await popup.setViewportSize({ width: 820, height: 720 });
  await click(popup, 'Next');
  const live = await waitForItem(popup, 'Passed', 'WhatsApp accounts');
  expect(live.name).toMatch(/^Reconnect checklist/);

  // One attempt, the opener's, now with both tabs; no second attempt for the popup.
  const stored = await attempts(context);
  expect(Object.keys(stored)).toEqual([String(openerId)]);
  expect(stored[openerId]?.tabs).toHaveLength(2);
  expect(stored[openerId]?.tabs[0]).toBe(openerId);
  // The opener's overlay shows the popup's reading: the attempt is one.
  await waitForItem(opener, 'Passed', 'WhatsApp accounts');
});

/** The overlay's workspace select (closed shadow root: through CDP's accessibility tree): its node and the option it shows. */
async function workspaceSelect(page: Page): Promise<{ backendDOMNodeId: number; shown: string }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: { backendNodeId: number } };
    const { nodes } = (await cdp.send('Accessibility.queryAXTree', { backendNodeId: root.backendNodeId, role: 'combobox' })) as {
      nodes: { backendDOMNodeId?: number; name?: { value?: string }; value?: { value?: string } }[];
    };
    const select = nodes.find((n) => n.backendDOMNodeId !== undefined && /Which workspace/.test(String(n.name?.value ?? '')));
    if (!select || select.backendDOMNodeId === undefined) throw new Error('no workspace select in the checklist');
    return { backendDOMNodeId: select.backendDOMNodeId, shown: String(select.value?.value ?? '') };
  } finally {
    await cdp.detach();
  }
}

/** Focuses the overlay's workspace select and picks an option by keyboard, as a person would. */
async function chooseWorkspace(page: Page, optionName: string): Promise<void> {
  const { backendDOMNodeId } = await workspaceSelect(page);
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.focus', { backendNodeId: backendDOMNodeId });
  } finally {
    await cdp.detach();
  }
  // A closed, focused select changes its option with the arrow keys (and says so with "change").
  for (let i = 0; i < 4 && (await workspaceSelect(page)).shown !== optionName; i++) {
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(200);
  }
  // The shown option may be the preselected suggestion (no change event): confirm it with the
  // button that follows the select in the tab order.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
}

test('two workspaces on the same app: the overlay asks, preselects the one whose expected WABAs are on screen, the select chooses and the items follow', async ({ context, extensionId }) => {
  await setUp(context, extensionId, ['acme-support', 'harbor-shop']);
  // Acme's portfolio, but on the account step Harbor Shop's expected WABA (and an account of nobody's).
  const wabas = [
    { ...HARBOR_ORDERS, selected: true },
    { id: '900000000000099', name: 'Someone Else Line', selected: false },
  ];
  await stack!.setDialogOutcome({ result: 'interactive', script: script({ wabas }), baseToken: ACME_TOKEN, previousToken: ACME_TOKEN });
  const page = await context.newPage();
  await page.goto(dialogUrl());
  await expect.poll(async () => Object.values(await attempts(context))[0]?.workspace.kind, { message: 'the attempt asks which workspace' }).toBe('ask');
  // Before any account is on screen, nothing on screen says which workspace it is.
  expect((Object.values(await attempts(context))[0]?.workspace as { why?: string | null }).why).not.toBe('expected-wabas-on-screen');
  await click(page, 'Next');
  await expect
    .poll(async () => Object.values(await attempts(context))[0]?.workspace, { message: 'the workspace whose expected WABA is on screen is preselected' })
    .toMatchObject({ kind: 'ask', candidates: ['acme-support', 'harbor-shop'], preselected: 'harbor-shop', why: 'expected-wabas-on-screen' });
  await expect.poll(async () => (await readChecklist(page))?.text ?? '').toMatch(/Which workspace are you reconnecting\?/);
  await expect.poll(async () => (await workspaceSelect(page)).shown, { message: 'the select shows the suggestion' }).toBe('Harbor Shop');

  // The suggestion is only a suggestion: confirming it is the admin's choice.
  await chooseWorkspace(page, 'Harbor Shop');
  await expect.poll(async () => Object.values(await attempts(context))[0]?.workspace).toMatchObject({ kind: 'chosen', workspaceId: 'harbor-shop' });
  // Against Harbor Shop's plan: the portfolio on screen is Acme's (the wrong one); Harbor's WABA is ticked.
  const harbor = await waitForItem(page, 'Failed', 'Business portfolio');
  expect(harbor.items.find((i) => i.startsWith('Failed — Business portfolio'))).toContain('not Harbor Shop Ltd (demo)');
  expect(harbor.items.some((i) => i.startsWith('Passed — WhatsApp accounts'))).toBe(true);
  expect(harbor.text).toContain('For Harbor Shop');
});
