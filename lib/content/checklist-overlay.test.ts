import { afterEach, describe, expect, it, vi } from 'vitest';
import { worstState } from '../flow/checklist';
import { itemText, mountChecklist, summaryText, type ChecklistView } from './checklist-overlay';

const view = (over: Partial<ChecklistView> = {}): ChecklistView => ({
  items: [
    { state: 'passed', label: 'Admin access', found: 'Meta showed no admin-access error' },
    { state: 'failed', label: 'WhatsApp accounts', found: 'Acme Global is not selected' },
    { state: 'not-checked', label: 'WhatsApp permissions', found: '' },
  ],
  alerts: [],
  workspaceName: 'Acme Support',
  workspaceChoice: null,
  offerOutline: false,
  ...over,
});

/** The closed root is out of reach by design; tests capture it at creation. */
function capture() {
  const roots: ShadowRoot[] = [];
  const original = HTMLElement.prototype.attachShadow;
  vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(function (this: HTMLElement, init: ShadowRootInit) {
    const root = original.call(this, init);
    roots.push(root);
    return root;
  });
  return roots;
}

afterEach(() => {
  vi.restoreAllMocks();
  document.documentElement.querySelectorAll('[data-ra-checklist]').forEach((n) => n.remove());
});

describe('checklist overlay', () => {
  it('is a named region with a list whose items start with their state word, on a built-in host element', () => {
    const roots = capture();
    const controller = new AbortController();
    const handle = mountChecklist(view(), { signal: controller.signal, onChooseWorkspace: () => {}, onCopyOutline: async () => true, width: 1200 });
    expect(handle).not.toBeNull();
    const host = document.querySelector('[data-ra-checklist]')!;
    expect(host.localName).toBe('div');
    const root = roots[0]!;
    const region = root.querySelector('[role=region]')!;
    expect(region.getAttribute('aria-label')).toBe('Reconnect checklist: Failed');
    expect([...root.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Passed — Admin access: Meta showed no admin-access error',
      'Failed — WhatsApp accounts: Acme Global is not selected',
      'Not checked yet — WhatsApp permissions',
    ]);
    expect(root.querySelector('[aria-live=polite]')?.textContent).toBe('Reconnect checklist. Failed: WhatsApp accounts.');
    controller.abort();
    expect(document.querySelector('[data-ra-checklist]')).toBeNull();
  });

  it('carries its whole stylesheet: the display rules bound text, never our own CSS', () => {
    const roots = capture();
    mountChecklist(view(), { signal: new AbortController().signal, onChooseWorkspace: () => {}, onCopyOutline: async () => true, width: 1200 });
    const css = roots[0]!.querySelector('style')?.textContent ?? '';
    expect(css.length).toBeGreaterThan(1000);
    // The last rules survive too (a clipped sheet loses the item tones and the dark theme).
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    expect(sheet.cssRules.length).toBeGreaterThan(15);
    expect(css.trimEnd().endsWith('}')).toBe(true);
    expect(css).not.toContain('…');
  });

  it('shows each revocation warning as its own alert and keeps hostile names as text', () => {
    const roots = capture();
    mountChecklist(view({ alerts: ['Finishing now revokes access to <img src=x onerror=alert(1)>Sales'] }), { signal: new AbortController().signal, onChooseWorkspace: () => {}, onCopyOutline: async () => true });
    const alerts = roots[0]!.querySelectorAll('[role=alert]');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.textContent).toContain('<img src=x onerror=alert(1)>Sales');
    expect(roots[0]!.querySelector('img')).toBeNull();
  });

  it('shows hostile names by the display rules: bidi and zero-width characters dropped, controls gone, long text clipped, markup as text', () => {
    const roots = capture();
    const bidi = '\u202eevil\u202c \u2066iso\u2069\u061c Zero\u200b\u200dWidth\ufeff';
    const long = 'W'.repeat(10_000);
    mountChecklist(
      view({
        workspaceName: `${bidi} <b>Co</b>`,
        items: [{ state: 'failed', label: 'WhatsApp accounts', found: `${long} is not selected; also selected: Nul\u0000Byte\nLine <script>x</script>` }],
        alerts: [`Finishing now will revoke access to ${bidi} ${long}`],
        workspaceChoice: { options: [{ id: 'w1', name: `${bidi} ${long}` }], selected: null },
        note: `lone\ud800surrogate ${long}`,
      }),
      { signal: new AbortController().signal, onChooseWorkspace: () => {}, onCopyOutline: async () => true, width: 1200 },
    );
    const root = roots[0]!;
    const texts = [...root.querySelectorAll('p, li, [role=alert], option')].map((n) => n.textContent ?? '');
    // eslint-disable-next-line no-control-regex -- exactly what must not reach the screen
    for (const text of texts) expect(text).not.toMatch(/[\u0000-\u001f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(root.querySelector('.who')?.textContent).toBe('For evil iso ZeroWidth <b>Co</b>');
    expect(root.querySelector('b, script')).toBeNull();
    const item = root.querySelector('li')!.textContent!;
    expect(item.startsWith('Failed — WhatsApp accounts: WWW')).toBe(true);
    expect(item.length).toBeLessThanOrEqual('Failed — '.length + 1000);
    expect(item.endsWith('…')).toBe(true);
    expect(root.querySelector('[role=alert]')!.textContent!.length).toBeLessThanOrEqual(1000);
    expect(root.querySelector('[role=alert]')!.textContent).toContain('revoke access to evil iso ZeroWidth WWW');
    expect([...root.querySelectorAll('option')].map((o) => o.textContent!.length)).toEqual(['Choose…'.length, 200]);
    expect(texts.some((t) => t.startsWith('lone\ufffdsurrogate'))).toBe(true);
  });

  it('starts collapsed below 700 px, still naming the worst state; expands and collapses by button and Escape; switches sides', () => {
    const roots = capture();
    mountChecklist(view(), { signal: new AbortController().signal, onChooseWorkspace: () => {}, onCopyOutline: async () => true, width: 500 });
    const root = roots[0]!;
    const section = root.querySelector('section')!;
    const toggle = root.querySelector<HTMLButtonElement>('button[aria-expanded]')!;
    expect(section.hasAttribute('data-collapsed')).toBe(true);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(root.querySelector('.worst')?.textContent).toBe('Failed:');
    toggle.click();
    expect(section.hasAttribute('data-collapsed')).toBe(false);
    section.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(section.hasAttribute('data-collapsed')).toBe(true);
    const host = document.querySelector<HTMLElement>('[data-ra-checklist]')!;
    root.querySelector<HTMLButtonElement>('button[aria-label^="Move"]')!.click();
    expect(host.dataset.side).toBe('left');
  });

  it('asks for the workspace with a select, and offers the screen outline when a screen could not be read', async () => {
    const roots = capture();
    const chosen: string[] = [];
    const copy = vi.fn(async () => true);
    const handle = mountChecklist(view({ workspaceChoice: { options: [{ id: 'ws-1', name: 'Acme' }, { id: 'ws-2', name: 'Beta' }], selected: 'ws-2' }, offerOutline: true }), {
      signal: new AbortController().signal,
      onChooseWorkspace: (id) => chosen.push(id),
      onCopyOutline: copy,
    });
    const root = roots[0]!;
    const select = root.querySelector('select')!;
    expect(select.value).toBe('ws-2');
    const buttons = () => [...root.querySelectorAll<HTMLButtonElement>('button:not([aria-label])')];
    // The preselected suggestion is chosen only when the admin confirms it.
    expect(chosen).toEqual([]);
    buttons().find((b) => b.textContent === 'Use this workspace')!.click();
    expect(chosen).toEqual(['ws-2']);
    select.value = 'ws-1';
    select.dispatchEvent(new Event('change'));
    expect(chosen).toEqual(['ws-2', 'ws-1']);
    buttons().find((b) => /outline/i.test(b.textContent ?? ''))!.click();
    await vi.waitFor(() => expect(root.querySelector('[aria-live=polite]')?.textContent).toMatch(/outline copied/));
    expect(copy).toHaveBeenCalledOnce();
    // An update that changes nothing in the summary announces nothing new.
    handle!.update(view({ workspaceChoice: null }));
    expect(root.querySelector('[aria-live=polite]')?.textContent).toMatch(/outline copied/);
  });

  it('leaves nothing in the page when the shadow root cannot be attached', () => {
    vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(() => {
      throw new DOMException('not supported', 'NotSupportedError');
    });
    expect(mountChecklist(view(), { signal: new AbortController().signal, onChooseWorkspace: () => {}, onCopyOutline: async () => true })).toBeNull();
    expect(document.querySelector('[data-ra-checklist]')).toBeNull();
  });

  it('derives the worst state and the texts', () => {
    expect(worstState([])).toBe('not-checked');
    expect(worstState([{ state: 'passed', label: 'a', found: '' }, { state: 'not-verified', label: 'b', found: '' }])).toBe('not-verified');
    expect(itemText({ state: 'not-verified', label: 'WhatsApp permissions', found: 'whatsapp_business_messaging is not listed' })).toBe('Not verified — WhatsApp permissions: whatsapp_business_messaging is not listed');
    expect(summaryText(view({ items: [{ state: 'passed', label: 'a', found: '' }] }))).toBe('Reconnect checklist. Everything read so far passed.');
  });
});
