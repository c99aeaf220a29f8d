/**
 * Hostile strings from the backend, served by a test status server, through everything that shows
 * them in the built extension: the popup, the in-page panel, notifications and the diagnostics
 * report; and, from the reference backend and from Meta's dialog itself, through the live
 * reconnect checklist drawn over the dialog. Markup-looking text, bidi overrides and isolates, zero-width characters, names with no
 * space at the schema's full length, right-to-left text, emoji and lone surrogates, NUL bytes and
 * line breaks. Each must be shown as text (never markup), inert (no control, bidi or zero-width
 * character reaches the screen, a line break cannot forge a report line), bounded, and must not
 * break the layout (no horizontal overflow in the popup or the panel). A 10,000-character name is
 * beyond the contract: the answer is refused as invalid, the last status kept.
 */
import type { Page } from '@playwright/test';
import { demoSeed, type Stack } from '../support/backend-harness';
import { connection, statusDoc, workspace } from '../support/status-fixtures';
import { renderDialogPage, type DialogScript } from '../../server/simulator/dialog-page';
import { badgeText, expect, serviceWorker, test } from './fixtures';
import { waitForItem } from './support/checklist';
import { fixture, loadStatus, waitForPanel } from './support/content';
import { APP_ID, CONFIG_ID, PORTFOLIO, SALES, snapshotApps, startLiveStack, SUPPORT } from './support/live-stack';
import { startStatusServer, type StatusServer } from './support/status-server';

const MARKUP = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>Markup Co';
const BIDI = '\u202eevil\u202c \u2066iso\u2069\u061c Bidi Co';
const ZERO_WIDTH = 'Zero\u200b\u200c\u200d\ufeffWidth Co';
const LONG = 'W'.repeat(200);
const RTL = 'مرحبا بالعالم שלום';
const EMOJI = '👩‍👩‍👧‍👦🇸🇦 lone\ud800surrogate';
const CONTROL = 'Nul\u0000Byte\nStatus: healthy';

/** What no shown text may contain: controls, bidi controls, zero-width marks, lone surrogates. */
// eslint-disable-next-line no-control-regex -- these are exactly the characters that must not be shown
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const WABA = '100000000000001';
const WABA_URL = `https://business.facebook.com/latest/settings/whatsapp_account?business_id=200000000000001&selected_asset_id=${WABA}&selected_asset_type=whatsapp-business-account`;

const hostileConnection = (id: string, wabaName: string) =>
  connection('expired', {
    id,
    wabas: [{ id: WABA, name: wabaName, expected: true, management: true, messaging: true, reachable: true, health: 'available' }],
    authorizingUser: { id: '900000000000001', name: CONTROL, role: 'employee' },
    problems: [{ code: 'token-expired', message: `${MARKUP} ${BIDI}`, hint: `${CONTROL} ${EMOJI}`, wabaId: null, scope: null }],
  });

const status = {
  ...statusDoc([
    workspace([hostileConnection('c1', MARKUP)], { id: 'w1', name: MARKUP, businessName: BIDI }),
    workspace([hostileConnection('c2', LONG)], { id: 'w2', name: LONG, businessName: ZERO_WIDTH }),
    workspace([hostileConnection('c3', RTL)], { id: 'w3', name: RTL, businessName: EMOJI }),
    workspace([hostileConnection('c4', CONTROL)], { id: 'w4', name: CONTROL, businessName: LONG }),
    workspace([hostileConnection('c5', EMOJI)], { id: 'w5', name: `${BIDI} ${ZERO_WIDTH}`, businessName: RTL }),
  ]),
  generatedAt: '2026-11-21T10:00:00Z',
};

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null);

let server: StatusServer;
test.beforeEach(async () => {
  server = await startStatusServer({ status: 503, body: '{}' });
});
test.afterEach(async () => server.close());

test('hostile names are shown as inert, bounded text in the popup, notifications and diagnostics', async ({ context, extensionId }) => {
  // Notifications: the worker's calls are recorded as they are made (the system draws them out of reach).
  const sw = await serviceWorker(context);
  await sw.evaluate(() => {
    const created: { title: string; message: string }[] = [];
    (self as unknown as { __created: typeof created }).__created = created;
    const original = chrome.notifications.create.bind(chrome.notifications) as (...args: unknown[]) => unknown;
    (chrome.notifications as unknown as { create: (...args: unknown[]) => unknown }).create = (...args: unknown[]) => {
      const options = args.find((a) => typeof a === 'object' && a !== null) as { title: string; message: string };
      created.push({ title: options.title, message: options.message });
      return original(...args);
    };
  });
  await loadStatus(context, extensionId, server, status);
  await expect.poll(() => badgeText(context)).toBe('!');
  const title = await (await serviceWorker(context)).evaluate(() => chrome.action.getTitle({}));
  expect(title).toContain('<img src=x');
  expect(title).not.toMatch(FORBIDDEN);

  const popup = await context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByRole('article')).toHaveCount(5);
  await expect(popup.locator('main')).toHaveAttribute('data-checking', 'false');
  // Every card's details open: the hostile WABA names, hints and errors in their tables too.
  for (const toggle of await popup.locator('[data-details]').all()) await toggle.click();
  await expect(popup.locator('[data-details][aria-expanded="true"]')).toHaveCount(5);
  await expect(popup.locator('table[class] [data-waba]')).toHaveCount(5);

  const seen = await popup.evaluate(() => {
    const main = document.querySelector('main') as HTMLElement;
    const articles = [...document.querySelectorAll('article')] as HTMLElement[];
    return {
      text: main.innerText,
      injected: main.querySelectorAll('img, script, iframe, object').length,
      pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      cardOverflow: articles.map((a) => a.scrollWidth - a.clientWidth),
      // No table cell squeezed to a letter per line: each WABA name cell is at least a few words wide.
      nameCellWidths: [...document.querySelectorAll('[data-waba] th')].map((th) => th.getBoundingClientRect().width),
      tableOverflow: [...document.querySelectorAll('table')].map((t) => t.getBoundingClientRect().right - (t.closest('article') as HTMLElement).getBoundingClientRect().right),
      headings: articles.map((a) => a.querySelector('h3')?.textContent ?? ''),
    };
  });
  expect(seen.injected).toBe(0);
  expect(await pwned(popup)).toBeNull();
  expect(seen.pageOverflow).toBeLessThanOrEqual(0);
  for (const overflow of seen.cardOverflow) expect(overflow).toBeLessThanOrEqual(1);
  for (const overflow of seen.tableOverflow) expect(overflow).toBeLessThanOrEqual(0);
  for (const width of seen.nameCellWidths) expect(width).toBeGreaterThan(120);
  expect(seen.text).not.toMatch(FORBIDDEN);
  // Shown as text: the markup's characters are there, on screen.
  expect(seen.text).toContain('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>Markup Co');
  expect(seen.text).toContain('evil iso Bidi Co');
  expect(seen.text).toContain('ZeroWidth Co');
  expect(seen.text).toContain(RTL);
  expect(seen.text).toContain('🇸🇦 lone\ufffdsurrogate');
  expect(seen.text).toContain('NulByte Status: healthy');
  expect(seen.headings.some((h) => h.includes(LONG))).toBe(true);

  // Diagnostics: every line is one line of the report; no name can forge or reorder one.
  await popup.evaluate(() => {
    const w = window as unknown as { __copied: string[] };
    w.__copied = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void w.__copied.push(text) } });
  });
  await popup.getByRole('button', { name: 'Copy diagnostics' }).last().click();
  await expect.poll(() => popup.evaluate(() => (window as unknown as { __copied: string[] }).__copied.length)).toBe(1);
  const report = await popup.evaluate(() => (window as unknown as { __copied: string[] }).__copied[0] as string);
  expect(report).not.toMatch(FORBIDDEN);
  const lines = report.split('\n');
  expect(lines.filter((l) => l.startsWith('Status: '))).toEqual([]);
  expect(lines.filter((l) => l.startsWith('Workspace '))).toHaveLength(5);
  expect(report).toContain('Workspace NulByte Status: healthy (w4)');
  expect(report).toContain('Workspace evil iso Bidi Co ZeroWidth Co (w5)');
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(1500);

  // Notifications: inert, bounded.
  const created = await (await serviceWorker(context)).evaluate(() => (self as unknown as { __created: { title: string; message: string }[] }).__created);
  expect(created.length).toBeGreaterThan(0);
  for (const n of created) {
    expect(`${n.title}\n${n.message}`).not.toMatch(FORBIDDEN);
    expect(n.title.length).toBeLessThanOrEqual(200);
    expect(n.message.length).toBeLessThanOrEqual(400);
  }
});

test('a hostile WABA name in the in-page panel is inert text that does not stretch the panel', async ({ context, extensionId, serveMeta }) => {
  const hostileName = `${MARKUP} ${BIDI} ${CONTROL} ${EMOJI} ${'W'.repeat(150)}`.slice(0, 200);
  const doc = { ...statusDoc([workspace([connection('healthy', { wabas: [{ id: WABA, name: hostileName, expected: true, management: true, messaging: true, reachable: true, health: 'available' }] })])]) };
  await loadStatus(context, extensionId, server, doc);
  await serveMeta('https://business.facebook.com/**', fixture('bm/business-settings-spa.html'));
  const page = await context.newPage();
  await page.goto(WABA_URL);
  const panel = await waitForPanel(page, 'waba-status', 'ok');
  expect(panel.tags).not.toContain('img');
  expect(panel.tags).not.toContain('script');
  expect(await pwned(page)).toBeNull();
  expect(panel.text).not.toMatch(FORBIDDEN);
  expect(panel.text).toContain('<img src=x onerror="window.__pwned=1">');
  expect(panel.text).toContain('evil iso Bidi Co');

  // The panel's box, measured through the DevTools protocol (the page itself cannot reach it).
  const cdp = await context.newCDPSession(page);
  try {
    const { root: documentNode } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: documentNode.nodeId, selector: 'div[data-ra-panel]' });
    expect(nodeIds).toHaveLength(1);
    const { node } = (await cdp.send('DOM.describeNode', { nodeId: nodeIds[0]!, depth: 1, pierce: true })) as { node: { shadowRoots?: { backendNodeId: number }[] } };
    const root = node.shadowRoots?.[0];
    expect(root).toBeTruthy();
    const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: root!.backendNodeId })) as { object: { objectId: string } };
    const { result } = (await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: 'function () { const a = this.querySelector("aside"); const r = a.getBoundingClientRect(); return JSON.stringify({ overflow: a.scrollWidth - a.clientWidth, width: r.width, right: r.right, viewport: innerWidth }); }',
      returnByValue: true,
    })) as { result: { value: string } };
    const box = JSON.parse(result.value) as { overflow: number; width: number; right: number; viewport: number };
    expect(box.overflow).toBeLessThanOrEqual(0);
    expect(box.width).toBeLessThanOrEqual(340);
    expect(box.right).toBeLessThanOrEqual(box.viewport);
  } finally {
    await cdp.detach();
  }
});

test('a 10,000-character name is beyond the contract: refused as invalid, the last status kept', async ({ context, extensionId }) => {
  await loadStatus(context, extensionId, server, status);
  server.reply({ status: 200, body: JSON.stringify({ ...status, generatedAt: '2026-11-21T11:00:00Z', workspaces: [workspace([connection('healthy')], { name: 'N'.repeat(10_000) })] }) });
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup.getByRole('button', { name: 'Refresh' }).click();
  const alert = popup.getByRole('alert').filter({ hasText: 'Invalid response' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('workspaces.0.name');
  await expect(alert.getByTestId('last-known')).toContainText('Showing the last known status');
  await expect(popup.getByRole('article')).toHaveCount(5);
  expect(await popup.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
});

test('hostile names from the backend and from Meta’s dialog in the live checklist: inert text, display rules applied, the panel within its size', async ({ context, extensionId }) => {
  // The backend's side: the workspace, its portfolio and the expected accounts as the seed names them.
  const seed = demoSeed();
  const salesName = `${BIDI} ${'S'.repeat(150)}`;
  seed.admins = [{ ...seed.admins[0]!, workspaces: ['acme-support'] }];
  seed.workspaces = seed.workspaces
    .filter((w) => w.id === 'acme-support')
    .map((w) => ({ ...w, name: `${MARKUP} ${ZERO_WIDTH}`.slice(0, 200), businessName: `${RTL} ${BIDI}`, expectedWabas: [{ id: SUPPORT.id, name: MARKUP }, { id: SALES.id, name: salesName }] }));
  let stack: Stack | null = null;
  try {
    stack = await startLiveStack(context, extensionId, ['acme-support'], { seed });
    await expect.poll(async () => (await snapshotApps(context)).join(',')).toBe(APP_ID);

    // Meta's side: the dialog's own names (the stand-in's screens, with names no schema bounds).
    const script: DialogScript = {
      appName: 'Reconnect Demo App',
      previousGrant: false,
      businesses: [{ id: PORTFOLIO.id, name: `${MARKUP} ${RTL}`, selected: true }],
      wabaMode: 'current',
      wabas: [
        { id: SUPPORT.id, name: `${ZERO_WIDTH} ${BIDI}`, selected: true },
        { id: SALES.id, name: 'X'.repeat(10_000), selected: true },
        { id: '900000000000019', name: `${MARKUP} ${'Y'.repeat(500)}`, selected: true },
      ],
      permissionStyle: 'switches',
      permissions: { whatsapp_business_management: true, whatsapp_business_messaging: true },
      adminError: null,
    };
    const dialogUrl = `https://www.facebook.com/v24.0/dialog/oauth?${new URLSearchParams({ client_id: APP_ID, config_id: CONFIG_ID, redirect_uri: `${stack.backendUrl}/reconnect/callback`, state: 'e2e-hostile', response_type: 'code' })}`;
    await context.route(dialogUrl, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: renderDialogPage({ script, confirmUrl: 'oauth/confirm', state: 'e2e-hostile' }) }));
    const page = await context.newPage();
    await page.goto(dialogUrl);
    await waitForItem(page, 'Passed', 'Business portfolio');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    // A 10,000-character row is more than the readers take in (lib/screens/page-view.ts LIMITS): that
    // account is not read, so it is "not listed", never a guess.
    const unread = await waitForItem(page, 'Not verified', 'WhatsApp accounts');
    expect(unread.alerts).toEqual([]);
    // The support line unticked: the revocation alert names it as the product does (markup-looking).
    await page.locator('[role="listitem"]', { hasText: `ID: ${SUPPORT.id}` }).getByRole('checkbox').click();
    const failed = await waitForItem(page, 'Failed', 'WhatsApp accounts');
    expect(failed.alerts).toHaveLength(1);

    const drawn = await overlay(page);
    expect(drawn.markup).toEqual([]);
    expect(await pwned(page)).toBeNull();
    expect(drawn.text).not.toMatch(FORBIDDEN);
    // Shown as text, through the display rules: markup's characters on screen, invisible ones gone.
    expect(drawn.text).toContain(`For ${MARKUP} ZeroWidth Co`);
    expect(drawn.alertText).toContain(`revoke Reconnect Demo App’s access to ${MARKUP}`);
    expect(drawn.text).toContain(`evil iso Bidi Co ${'S'.repeat(150)} is not listed`);
    expect(drawn.text).toContain(`${RTL} evil iso Bidi Co is chosen`);
    for (const line of drawn.lines) expect(line.length).toBeLessThanOrEqual(1_100);
    // Within its size: no wider than its 320 px (and the window), no sideways scrolling, at most 60% of the window high.
    expect(drawn.width).toBeLessThanOrEqual(320);
    expect(drawn.right).toBeLessThanOrEqual(drawn.viewportWidth);
    expect(drawn.overflowX).toBeLessThanOrEqual(0);
    expect(drawn.height).toBeLessThanOrEqual(drawn.viewportHeight * 0.6 + 1);
  } finally {
    await stack?.stop();
  }
});

/** The checklist overlay as drawn, read through the DevTools protocol (the page cannot reach its closed root). */
async function overlay(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root: documentNode } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: documentNode.nodeId, selector: 'div[data-ra-checklist]' });
    expect(nodeIds).toHaveLength(1);
    const { node } = (await cdp.send('DOM.describeNode', { nodeId: nodeIds[0]!, depth: 1, pierce: true })) as { node: { shadowRoots?: { backendNodeId: number }[] } };
    const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: node.shadowRoots![0]!.backendNodeId })) as { object: { objectId: string } };
    const { result } = (await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: `function () {
        const s = this.querySelector('section'); const r = s.getBoundingClientRect();
        const lines = [...this.querySelectorAll('p, li, [role=alert], option')].map((n) => n.textContent);
        return JSON.stringify({ text: s.textContent, lines, alerts: this.querySelectorAll('[role=alert]').length,
          alertText: [...this.querySelectorAll('[role=alert]')].map((n) => n.textContent).join(' '),
          markup: [...this.querySelectorAll('*')].map((n) => n.localName).filter((n) => !['style', 'section', 'header', 'h2', 'span', 'button', 'div', 'p', 'ul', 'li', 'label', 'select', 'option'].includes(n)),
          width: r.width, height: r.height, right: r.right, overflowX: s.scrollWidth - s.clientWidth, viewportWidth: innerWidth, viewportHeight: innerHeight });
      }`,
      returnByValue: true,
    })) as { result: { value: string } };
    return JSON.parse(result.value) as { text: string; lines: string[]; alerts: number; alertText: string; markup: string[]; width: number; height: number; right: number; overflowX: number; viewportWidth: number; viewportHeight: number };
  } finally {
    await cdp.detach();
  }
}
