/**
 * A hostile page plays against the in-page panel. Before the extension's content script runs, the
 * page's own script defines custom elements (the panel's old tag name among them, each grabbing
 * `attachInternals()`), patches `attachShadow` to force open roots and keep them, patches the DOM
 * insertion methods and the `shadowRoot` getter, and watches every node added to the document. The
 * panel still shows (read through the DevTools protocol, which pierces closed roots), and nothing the
 * page collected holds a word of what the panel says.
 */
import { connection, statusDoc, workspace } from '../support/status-fixtures';
import { expect, test } from './fixtures';
import { fixture, loadStatus, PANEL_SELECTOR, waitForPanel } from './support/content';
import { startStatusServer, type StatusServer } from './support/status-server';

const BID = '200000000000001';
const WABA = '100000000000001';
const WABA_URL = `https://business.facebook.com/latest/settings/whatsapp_account?business_id=${BID}&selected_asset_id=${WABA}&selected_asset_type=whatsapp-business-account`;
const SECRET_WABA = 'Zanzibar Secret Support Line';

const status = statusDoc([
  workspace([
    connection('healthy', {
      wabas: [{ id: WABA, name: SECRET_WABA, expected: true, management: true, messaging: true, reachable: true, health: 'available' }],
      authorizingUser: { id: '900000000000001', name: 'Pat Example', role: 'employee' },
    }),
  ]),
]);

/** Runs in the page's main world, in <head>, before any content script (they run at document_idle). */
const HOSTILE_SCRIPT = `
(() => {
  const loot = [];
  window.__loot = loot;
  const internalsKept = [];
  window.__internals = internalsKept;
  const keep = (how, root) => { if (root) loot.push({ how, root }); };
  // 1. Custom element names defined first: an instance would hand its closed root to attachInternals().
  for (const name of ['reconnect-assistant-panel', 'ra-panel', 'reconnect-assistant', 'ra-checklist']) {
    customElements.define(name, class extends HTMLElement {
      // The internals are kept: their shadowRoot is read later, once the content script attached one.
      constructor() { super(); try { internalsKept.push(this.attachInternals()); } catch {} }
    });
  }
  // 2. attachShadow forced open, and every root kept.
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { const root = attach.call(this, { ...init, mode: 'open' }); keep('attachShadow', root); return root; };
  HTMLElement.prototype.attachShadow = Element.prototype.attachShadow;
  // 3. attachInternals wrapped everywhere it exists.
  const internals = HTMLElement.prototype.attachInternals;
  HTMLElement.prototype.attachInternals = function () { const i = internals.call(this); internalsKept.push(i); return i; };
  // 4. The insertion methods and the shadowRoot getter patched.
  for (const [proto, names] of [[Node.prototype, ['appendChild', 'insertBefore', 'replaceChild']], [Element.prototype, ['append', 'prepend', 'replaceChildren', 'after', 'before']]]) {
    for (const name of names) {
      const original = proto[name];
      proto[name] = function (...args) { for (const a of args) if (a && a.nodeType === 1) keep(name, a.shadowRoot); return original.apply(this, args); };
    }
  }
  const getter = Object.getOwnPropertyDescriptor(Element.prototype, 'shadowRoot').get;
  Object.defineProperty(Element.prototype, 'shadowRoot', { configurable: true, get() { const r = getter.call(this); keep('shadowRoot', r); return r; } });
  // 5. Every node added to the document watched; each tried for a root, an internals, a fresh attach.
  window.__attachErrors = [];
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) {
      if (node.nodeType !== 1) continue;
      keep('observed', node.shadowRoot);
      try { keep('observed-internals', node.attachInternals().shadowRoot); } catch {}
      // Only outside the app's tree (where the panel goes), so the page's own content keeps rendering.
      if (node.parentNode !== document.documentElement) continue;
      try { keep('observed-attach', node.attachShadow({ mode: 'open' })); } catch (e) { window.__attachErrors.push(String(e && e.name)); }
    }
  }).observe(document, { childList: true, subtree: true });
})();
`;

let server: StatusServer;
test.beforeEach(async () => {
  server = await startStatusServer({ status: 503, body: '{}' });
});
test.afterEach(async () => server.close());

test('a page that set traps before the extension ran cannot read the panel', async ({ context, extensionId, serveMeta }) => {
  await loadStatus(context, extensionId, server, status);
  const html = fixture('bm/business-settings-spa.html').replace('<head>', `<head><script>${HOSTILE_SCRIPT}</script>`);
  await serveMeta('https://business.facebook.com/**', html);
  const page = await context.newPage();
  await page.goto(WABA_URL);
  expect(await page.evaluate(() => typeof (window as unknown as { __loot?: unknown[] }).__loot)).toBe('object');

  // The panel is there, closed, and says the secret name (so there is something to steal).
  const panel = await waitForPanel(page, 'waba-status', 'ok');
  expect(panel.shadowRootType).toBe('closed');
  expect(panel.text).toContain(SECRET_WABA);

  const seen = await page.evaluate((selector) => {
    const w = window as unknown as { __loot: { how: string; root: ShadowRoot }[]; __internals: ElementInternals[]; __attachErrors: string[] };
    const host = document.querySelector(selector) as HTMLElement | null;
    const texts = [
      ...w.__loot.map((l) => `${l.how}: ${l.root.textContent ?? ''}`),
      ...w.__internals.map((i) => `internals: ${i.shadowRoot?.textContent ?? ''}`),
    ];
    let internals: string;
    try {
      internals = String(host?.attachInternals().shadowRoot);
    } catch (error) {
      internals = `threw ${(error as Error).name}`;
    }
    return {
      hostTag: host?.localName ?? null,
      hostRoot: host ? String(host.shadowRoot) : 'no host',
      internals,
      loot: texts,
      page: `${document.documentElement.textContent ?? ''} ${document.body.innerText}`,
      attachErrors: w.__attachErrors,
    };
  }, PANEL_SELECTOR);
  for (const text of seen.loot) expect(text).not.toContain(SECRET_WABA);
  expect(seen.page).not.toContain(SECRET_WABA);
  expect(seen.hostRoot).toBe('null');
  expect(seen.internals).toMatch(/^threw /);
  expect(seen.hostTag).toBe('div');
  // The page's own attach on our host failed (it already has a root), so it could not take it over.
  expect(seen.attachErrors).toContain('NotSupportedError');
});
