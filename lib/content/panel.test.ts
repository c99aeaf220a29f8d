import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PanelModel } from '../guidance/panel-model';
import { mountPanel, PANEL_SELECTOR, type PanelOptions } from './panel';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';

const model = (overrides: Partial<PanelModel> = {}): PanelModel => ({
  topic: 'waba-status',
  tone: 'danger',
  title: 'Connection broken for this account',
  paragraphs: ['The product’s connection to this WhatsApp account:'],
  items: [{ tone: 'danger', label: HOSTILE, detail: 'Not working: the token has expired.' }],
  steps: ['Open the extension’s popup.'],
  note: 'From the product’s backend.',
  ...overrides,
});

/** The panel's shadow root is closed; the test captures it where it is created. */
let shadows: ShadowRoot[];
beforeEach(() => {
  shadows = [];
  const original = HTMLElement.prototype.attachShadow;
  vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(function (this: HTMLElement, init: ShadowRootInit) {
    const root = original.call(this, init);
    shadows.push(root);
    return root;
  });
});
afterEach(() => {
  document.querySelectorAll(PANEL_SELECTOR).forEach((el) => el.remove());
});

const mustMount = (m: PanelModel, options: PanelOptions) => {
  const handle = mountPanel(m, options);
  if (!handle) throw new Error('no panel mounted');
  return handle;
};

describe('mountPanel', () => {
  it('renders into a closed shadow root, outside the app tree, as a named complementary region', () => {
    const controller = new AbortController();
    const { host } = mustMount(model(), { signal: controller.signal, onDismiss: () => undefined });
    expect(host.parentElement).toBe(document.documentElement);
    expect(host.shadowRoot).toBeNull();
    const aside = shadows[0]?.querySelector('aside');
    expect(aside?.getAttribute('role')).toBe('complementary');
    expect(aside?.getAttribute('aria-label')).toBe('Reconnect Assistant: Connection broken for this account');
    expect(aside?.dataset.tone).toBe('danger');
    expect(shadows[0]?.querySelector('h2')?.textContent).toBe('Action needed: Connection broken for this account');
  });

  it('hosts the root on a built-in <div>, so a page-defined custom element name has no way in', () => {
    const controller = new AbortController();
    const { host } = mustMount(model(), { signal: controller.signal, onDismiss: () => undefined });
    expect(host.localName).toBe('div');
    expect(host.hasAttribute('data-ra-panel')).toBe(true);
    // attachInternals() exists only on autonomous custom elements; on a <div> it throws.
    expect(() => host.attachInternals()).toThrow();
  });

  it('shows no panel, and leaves nothing in the page, when no closed root can be had', () => {
    vi.mocked(HTMLElement.prototype.attachShadow).mockImplementation(() => {
      throw new DOMException('Shadow root cannot be created on a host which already hosts a shadow tree.', 'NotSupportedError');
    });
    const controller = new AbortController();
    expect(mountPanel(model(), { signal: controller.signal, onDismiss: () => undefined })).toBeNull();
    expect(document.querySelectorAll(PANEL_SELECTOR)).toHaveLength(0);
  });

  it('shows hostile text as text, never as markup', () => {
    const controller = new AbortController();
    mustMount(model({ title: HOSTILE, paragraphs: [HOSTILE], steps: [HOSTILE], note: HOSTILE }), { signal: controller.signal, onDismiss: () => undefined });
    const shadow = shadows[0] as ShadowRoot;
    expect(shadow.querySelectorAll('img, script:not(style)')).toHaveLength(0);
    expect(shadow.querySelector('li')?.textContent).toContain(HOSTILE);
    expect(shadow.querySelector('p:not(.who)')?.textContent).toBe(HOSTILE);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('dismisses with Escape from inside the panel and with the focusable button', () => {
    const dismissed = vi.fn();
    const controller = new AbortController();
    const first = mustMount(model(), { signal: controller.signal, onDismiss: dismissed });
    const button = shadows[0]?.querySelector('button') as HTMLButtonElement;
    expect(button.getAttribute('aria-label')).toBe('Dismiss Reconnect Assistant panel');
    button.focus();
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(dismissed).toHaveBeenCalledTimes(1);
    expect(first.host.isConnected).toBe(false);

    mustMount(model(), { signal: controller.signal, onDismiss: dismissed });
    (shadows[1]?.querySelector('button') as HTMLButtonElement).click();
    expect(dismissed).toHaveBeenCalledTimes(2);
    expect(document.querySelectorAll(PANEL_SELECTOR)).toHaveLength(0);
  });

  it('updates in place and goes away with its view', () => {
    const controller = new AbortController();
    const panel = mustMount(model(), { signal: controller.signal, onDismiss: () => undefined });
    panel.update(model({ tone: 'unknown', title: 'Connection status not verified', items: [], steps: [], note: null }));
    const shadow = shadows[0] as ShadowRoot;
    expect(shadow.querySelector('h2')?.textContent).toBe('Unknown: Connection status not verified');
    expect(shadow.querySelectorAll('li')).toHaveLength(0);
    controller.abort();
    expect(panel.host.isConnected).toBe(false);
  });

  it('follows Meta’s dark mode class over the OS preference', () => {
    document.documentElement.classList.add('__fb-dark-mode');
    try {
      const controller = new AbortController();
      const { host } = mustMount(model(), { signal: controller.signal, onDismiss: () => undefined });
      expect(host.dataset.theme).toBe('dark');
    } finally {
      document.documentElement.classList.remove('__fb-dark-mode');
    }
  });
});
