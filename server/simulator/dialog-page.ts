/**
 * A stand-in for Meta's Business Login dialog, for the tests and the demo only: one page whose own
 * script walks through the screens admins see (see docs/meta-platform.md, "The dialog's screens"),
 * with the texts and the roles that Meta's React app uses, and no generated ids the readers could
 * lean on. It is served at the real dialog URL by the browser automation's routing, never by a
 * production build.
 *
 *   [Reconnect to <App>?] ─Continue──────────────────────────────► confirm(outcome=previous)
 *        │ Edit previous settings                                     │
 *        ▼                                                            │
 *   [Select a business portfolio] ─Next─► [Choose the WhatsApp accounts…] ─Continue─►
 *   [admin error, when scripted]   or   [Review <App>'s access request] ─Save─► confirm(granted)
 *   Cancel anywhere ─────────────────────────────────────────────► confirm(outcome=cancel)
 *
 * `confirm` is a plain GET navigation to `confirmUrl` carrying what was selected (ids and scope
 * names, never a token): the simulator mints an authorization code for a token with exactly that
 * grant and redirects to the app's `redirect_uri`, as Meta does after its own confirm step.
 *
 * Everything scripted is rendered as text: the script travels as JSON in a data element (with `<`
 * escaped) and names reach the page through `textContent`, so a hostile name stays inert.
 */
import { z } from 'zod';
import { META_ID } from '../../lib/meta/ids';
import { PERMISSION_LABELS, WHATSAPP_SCOPES } from '../../lib/meta/whatsapp-scopes';

const Id = z.string().regex(META_ID);
const Name = z.string().min(1).max(200);

/** The selection Meta kept from the last confirm of this app's dialog (ids and scope names). */
export const PreviousGrant = z
  .object({
    wabaMode: z.enum(['current', 'all']).default('current'),
    wabas: z.array(Id).max(50).default([]),
    scopes: z.array(z.enum(WHATSAPP_SCOPES)).max(WHATSAPP_SCOPES.length).default([...WHATSAPP_SCOPES]),
  })
  .strict();
export type PreviousGrant = z.output<typeof PreviousGrant>;

export const DialogScript = z
  .object({
    appName: Name,
    /**
     * Show "Reconnect to <App>?" first: a grant exists that "Continue" re-applies (docs/meta-platform.md
     * §2.2: Continue re-establishes the previous settings; only "Edit previous settings" changes
     * them). `true`: Continue yields the dialog's `previousToken`. A selection:
     * the grant Meta kept from the last time, which Continue re-applies as a new token, whatever
     * the connection's current token covers (Meta's previous settings can lack an account that was
     * shared some other way since, or that the admin removed from the integration).
     */
    previousGrant: z.union([z.boolean(), PreviousGrant]).default(false),
    businesses: z.array(z.object({ id: Id, name: Name, selected: z.boolean().default(false) }).strict()).max(20).default([]),
    wabaMode: z.enum(['current', 'all']).default('current'),
    wabas: z.array(z.object({ id: Id, name: Name, selected: z.boolean().default(true) }).strict()).max(50).default([]),
    /** `switches`: one toggle per permission; `summary`: a list without toggles, as most walkthroughs show. */
    permissionStyle: z.enum(['switches', 'summary']).default('switches'),
    permissions: z
      .object({ whatsapp_business_management: z.boolean().default(true), whatsapp_business_messaging: z.boolean().default(true) })
      .strict()
      .default({ whatsapp_business_management: true, whatsapp_business_messaging: true }),
    /** Shown instead of the review screen when the admin continues past the WhatsApp accounts. */
    adminError: z.object({ portfolioName: Name }).strict().nullable().default(null),
  })
  .strict();
export type DialogScript = z.output<typeof DialogScript>;

export interface DialogPageOptions {
  script: DialogScript;
  /** Where the page navigates with the outcome (query parameters appended); relative to the page. */
  confirmUrl: string;
  /** Carried through to the confirm URL unchanged (the app's own `state`). */
  state: string;
}

/** JSON that is safe inside a `<script type="application/json">` element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

export function renderDialogPage(options: DialogPageOptions): string {
  // The review screen's rows: each permission with the label Meta shows for it.
  const permissionRows = WHATSAPP_SCOPES.map((scope) => [scope, PERMISSION_LABELS[scope]]);
  const data = { script: options.script, confirmUrl: options.confirmUrl, state: options.state, permissionRows };
  return `<!doctype html>
<html lang="en" id="facebook" dir="ltr">
<head><meta charset="utf-8"><title>Facebook</title>
<style>
  body { font: 15px system-ui, sans-serif; margin: 0; background: #f0f2f5; }
  [role="dialog"] { max-width: 520px; margin: 40px auto; background: #fff; border-radius: 8px; padding: 20px; box-shadow: 0 2px 12px #0002; }
  [role="checkbox"], [role="switch"], [role="radio"] { display: inline-block; width: 18px; height: 18px; border: 2px solid #888; border-radius: 4px; vertical-align: middle; cursor: pointer; }
  [role="radio"] { border-radius: 50%; }
  [aria-checked="true"] { background: #1877f2; border-color: #1877f2; }
  [role="listitem"], .row { display: flex; gap: 10px; align-items: center; padding: 8px 0; }
  [role="button"] { display: inline-block; padding: 8px 16px; margin: 12px 8px 0 0; border-radius: 6px; background: #e4e6eb; cursor: pointer; }
  [role="button"].primary { background: #1877f2; color: #fff; }
  .muted { color: #65676b; font-size: 13px; }
</style></head>
<body>
<div id="mount_0_0_Sd"><div role="dialog" aria-modal="true" aria-labelledby="step-title" id="step"></div></div>
<script type="application/json" id="dialog-data">${scriptJson(data)}</script>
<script>
(() => {
  const data = JSON.parse(document.getElementById('dialog-data').textContent);
  const s = data.script;
  const step = document.getElementById('step');
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'onclick') node.addEventListener('click', v);
      else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  };
  const heading = (text) => el('div', { role: 'heading', 'aria-level': '2', id: 'step-title' }, el('span', { dir: 'auto' }, text));
  const button = (text, onclick, primary) => el('div', { role: 'button', tabindex: '0', 'aria-label': text, class: primary ? 'primary' : '', onclick }, el('span', { dir: 'auto' }, text));
  const toggle = (role, checked, labelId) => el('div', { role, 'aria-checked': String(checked), tabindex: '0', 'aria-labelledby': labelId });
  const confirm = (params) => {
    const url = new URL(data.confirmUrl, location.href);
    url.searchParams.set('state', data.state);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    location.assign(url.toString());
  };
  const cancel = () => confirm({ outcome: 'cancel' });
  let uid = 0;
  const label = (text) => el('span', { id: 'l' + ++uid, dir: 'auto' }, text);

  function reconnect() {
    step.replaceChildren(
      heading('Reconnect to ' + s.appName + '?'),
      el('div', {}, el('span', { dir: 'auto' }, 'This will re-establish your previous settings for this connection.')),
      el('div', {}, el('a', { href: '#', role: 'link', tabindex: '0', onclick: (e) => { e.preventDefault(); first(); } }, el('span', { dir: 'auto' }, 'Edit previous settings'))),
      el('div', {}, button('Cancel', cancel), button('Continue', () => confirm({ outcome: 'previous' }), true)),
    );
  }
  function businesses() {
    const group = el('div', { role: 'radiogroup', 'aria-labelledby': 'step-title' });
    for (const b of s.businesses) {
      const name = label(b.name);
      const radio = toggle('radio', b.selected, name.id);
      radio.addEventListener('click', () => {
        for (const other of s.businesses) other.selected = other === b;
        for (const r of group.querySelectorAll('[role="radio"]')) r.setAttribute('aria-checked', String(r === radio));
      });
      group.append(el('div', { class: 'row' }, radio, el('div', {}, name, el('span', { class: 'muted', dir: 'auto' }, 'Business portfolio ID: ' + b.id))));
    }
    step.replaceChildren(
      heading('Select a business portfolio'),
      el('div', {}, el('span', { class: 'muted', dir: 'auto' }, s.appName + ' will be able to access assets in the business portfolio you select.')),
      group,
      el('div', {}, button('Cancel', cancel), button('Next', wabas, true)),
    );
  }
  function wabas() {
    const counter = el('span', { dir: 'auto' }, '');
    const count = () => {
      const n = s.wabas.filter((w) => w.selected).length;
      counter.textContent = n + (n === 1 ? ' asset selected' : ' assets selected');
    };
    const modes = el('div', { role: 'radiogroup' });
    for (const [mode, text] of [['all', 'Opt in to all current and future WhatsApp accounts'], ['current', 'Opt in to current WhatsApp accounts only']]) {
      const input = el('input', { type: 'radio', name: 'waba_opt_in', id: 'mode-' + mode, value: mode.toUpperCase() });
      input.checked = s.wabaMode === mode;
      input.addEventListener('change', () => { s.wabaMode = mode; });
      modes.append(el('div', { class: 'row' }, input, el('label', { for: 'mode-' + mode }, el('span', { dir: 'auto' }, text))));
    }
    const list = el('div', { role: 'list' });
    for (const w of s.wabas) {
      const name = label(w.name);
      const box = toggle('checkbox', w.selected, name.id);
      box.addEventListener('click', () => { w.selected = !w.selected; box.setAttribute('aria-checked', String(w.selected)); count(); });
      list.append(el('div', { role: 'listitem' }, box, el('div', {}, name, el('span', { class: 'muted', dir: 'auto' }, 'ID: ' + w.id))));
    }
    count();
    step.replaceChildren(
      heading('Choose the WhatsApp accounts you want ' + s.appName + ' to access.'),
      modes,
      el('div', { class: 'row' }, el('span', { dir: 'auto' }, 'WhatsApp accounts'), counter),
      list,
      el('div', {}, button('Back', s.businesses.length ? businesses : cancel), button('Continue', s.adminError ? adminError : review, true)),
    );
  }
  function adminError() {
    step.replaceChildren(
      el('div', { role: 'alert' },
        heading('Admin permission required'),
        el('div', {}, el('span', { dir: 'auto' }, 'You don\\u2019t have permission to edit these settings. Contact admin of the Business manager "' + s.adminError.portfolioName + '" to gain access.'))),
      el('div', {}, button('Back', wabas), button('Cancel', cancel)),
    );
  }
  function review() {
    const list = el('div', { role: 'list' });
    for (const [scope, text] of data.permissionRows) {
      const name = label(text);
      const row = el('div', { role: 'listitem' }, name);
      if (s.permissionStyle === 'switches') {
        const sw = toggle('switch', s.permissions[scope], name.id);
        sw.addEventListener('click', () => { s.permissions[scope] = !s.permissions[scope]; sw.setAttribute('aria-checked', String(s.permissions[scope])); });
        row.append(sw);
      }
      list.append(row);
    }
    step.replaceChildren(
      heading('Review ' + s.appName + '\\u2019s access request'),
      list,
      el('div', {}, button('Back', wabas), button('Save', save, true)),
    );
  }
  function save() {
    const scopes = Object.entries(s.permissions).filter(([, on]) => on).map(([scope]) => scope);
    const business = s.businesses.find((b) => b.selected);
    confirm({
      outcome: 'granted',
      scopes: scopes.join(','),
      waba_mode: s.wabaMode,
      wabas: s.wabas.filter((w) => w.selected).map((w) => w.id).join(','),
      ...(business ? { business: business.id } : {}),
    });
  }
  function first() { (s.businesses.length ? businesses : wabas)(); }
  (s.previousGrant ? reconnect : first)();
})();
</script>
</body>
</html>
`;
}

/** What the dialog's confirm navigation says, parsed strictly (a malformed one is a 400). */
export const DialogConfirm = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('cancel'), state: z.string().max(2000) }),
  z.object({ outcome: z.literal('previous'), state: z.string().max(2000) }),
  z.object({
    outcome: z.literal('granted'),
    state: z.string().max(2000),
    scopes: z.string().max(500).transform((v) => v.split(',').filter(Boolean)),
    waba_mode: z.enum(['current', 'all']),
    wabas: z.string().max(5000).transform((v) => v.split(',').filter(Boolean)),
    business: Id.optional(),
  }),
]);
export type DialogConfirm = z.output<typeof DialogConfirm>;
