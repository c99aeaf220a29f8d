import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../messaging';
import { startProductPage } from './product-page';
import { PANEL_SELECTOR } from './panel';

const controllers: AbortController[] = [];
afterEach(() => {
  controllers.splice(0).forEach((c) => c.abort());
  document.body.replaceChildren();
  document.querySelectorAll(PANEL_SELECTOR).forEach((n) => n.remove());
});

function start() {
  const sent: Message[] = [];
  const controller = new AbortController();
  controllers.push(controller);
  startProductPage({
    signal: controller.signal,
    send: async (message) => {
      sent.push(message);
      return { ok: true, panel: { topic: 'flow-outcome', tone: 'warning', title: 'shown', paragraphs: [], items: [], steps: [], note: null } } as never;
    },
  });
  return { sent, controller };
}

const post = (origin: string, data: unknown) => window.dispatchEvent(new MessageEvent('message', { origin, data }));
const until = async (test: () => boolean) => {
  for (let i = 0; i < 100 && !test(); i += 1) await new Promise((r) => setTimeout(r, 20));
};

describe('the product-page script', () => {
  it('sends an Embedded Signup event from Meta once, and nothing from a look-alike origin', async () => {
    const { sent } = start();
    const cancel = JSON.stringify({ type: 'WA_EMBEDDED_SIGNUP', event: 'CANCEL', data: { current_step: 'PERMISSIONS' } });
    post('https://evilfacebook.com', cancel);
    post('https://www.facebook.com.evil.test', cancel);
    post('https://www.facebook.com', cancel);
    post('https://www.facebook.com', cancel);
    await until(() => sent.length > 0);
    expect(sent).toEqual([{ type: 'flow-outcome', outcome: { kind: 'es-cancel', step: 'PERMISSIONS', stepRaw: null, errorMessage: null } }]);
    expect(document.querySelector(PANEL_SELECTOR)).not.toBeNull();
  });

  it('reports the product’s alert when it appears, once', async () => {
    const { sent } = start();
    const alert = document.createElement('div');
    alert.setAttribute('role', 'alert');
    alert.textContent = 'Unable to connect WhatsApp phone numbers';
    document.body.append(alert);
    await until(() => sent.length > 0);
    document.body.append(alert.cloneNode(true));
    await new Promise((r) => setTimeout(r, 300));
    expect(sent).toEqual([{ type: 'flow-outcome', outcome: { kind: 'product-alert', alert: 'unable-to-connect-numbers', text: 'Unable to connect WhatsApp phone numbers' } }]);
  });

  it('reads Meta’s redirect from the page’s address, and keeps no part of the code', async () => {
    window.history.replaceState(null, '', '/reconnect/callback?code=AQDsecretCodeValue1234567890&state=st');
    const { sent } = start();
    await until(() => sent.length > 0);
    window.history.replaceState(null, '', '/');
    expect(sent).toEqual([{ type: 'flow-outcome', outcome: { kind: 'redirect-code', statePresent: true, grantedScopes: null, deniedScopes: null } }]);
    expect(JSON.stringify(sent)).not.toContain('secretCode');
  });

  it('stops listening when its context ends', async () => {
    const { sent, controller } = start();
    controller.abort();
    post('https://www.facebook.com', { type: 'WA_EMBEDDED_SIGNUP', event: 'FINISH', data: {} });
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toEqual([]);
  });
});
