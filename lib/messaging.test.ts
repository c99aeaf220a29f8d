import { describe, expect, it } from 'vitest';
import { acceptMessage, handleMessages, PROTOCOL, TAB_MESSAGE_TYPES } from './messaging';

const ORIGIN = 'chrome-extension://me/';
const page = { kind: 'bm-people', businessId: '1', wabaId: null, appId: null, configId: null };

describe('acceptMessage', () => {
  it('accepts a page report from a content script on a Meta host', () => {
    const result = acceptMessage({ type: 'page-detected', page }, { id: 'me', url: 'https://business.facebook.com/x', tab: { url: 'https://business.facebook.com/x' } }, 'me', ORIGIN);
    expect(result.ok).toBe(true);
  });
  it('refuses messages from another extension', () => {
    expect(acceptMessage({ type: 'refresh' }, { id: 'other' }, 'me', ORIGIN)).toEqual({ ok: false, error: 'message from another extension' });
  });
  it('refuses page reports from a look-alike host', () => {
    const result = acceptMessage({ type: 'page-detected', page }, { id: 'me', url: 'https://business.facebook.com.evil.test/', tab: { url: 'https://business.facebook.com.evil.test/' } }, 'me', ORIGIN);
    expect(result).toEqual({ ok: false, error: 'page message from a non-Meta tab' });
  });
  it('admits only a page report, a panel request and a dismissal from the App Dashboard', () => {
    const dev = 'https://developers.facebook.com/apps/100000000000009/whatsapp-business/wa-dev-console/';
    const sender = { id: 'me', url: dev, tab: { url: dev } };
    const dashboard = { kind: 'app-dashboard-whatsapp', businessId: null, wabaId: null, appId: '100000000000009', configId: null };
    expect(acceptMessage({ type: 'page-detected', page: dashboard }, sender, 'me', ORIGIN).ok).toBe(true);
    expect(acceptMessage({ type: 'page-guidance', page: dashboard, people: null }, sender, 'me', ORIGIN).ok).toBe(true);
    expect(acceptMessage({ type: 'panel-dismissed', kind: 'app-dashboard-whatsapp' }, sender, 'me', ORIGIN).ok).toBe(true);
    // A well-formed content message of the dialog's kind is refused from there: the host decides.
    const attempt = { type: 'attempt-checklist', page: dashboard };
    expect(acceptMessage(attempt, { id: 'me', url: 'https://www.facebook.com/dialog/oauth', tab: { url: 'https://www.facebook.com/dialog/oauth' } }, 'me', ORIGIN).ok).toBe(true);
    expect(acceptMessage(attempt, sender, 'me', ORIGIN)).toEqual({ ok: false, error: 'page message from a non-Meta tab' });
    const lookalike = 'https://developers.facebook.com.evil.test/apps/1/whatsapp-business/';
    expect(acceptMessage({ type: 'page-detected', page: dashboard }, { id: 'me', url: lookalike, tab: { url: lookalike } }, 'me', ORIGIN)).toEqual({ ok: false, error: 'page message from a non-Meta tab' });
  });
  it('accepts a refresh from the popup, even when the popup is open in a tab', () => {
    const url = `${ORIGIN}popup.html`;
    expect(acceptMessage({ type: 'refresh' }, { id: 'me', url, tab: { url } }, 'me', ORIGIN).ok).toBe(true);
  });
  it('refuses privileged messages from a page', () => {
    const result = acceptMessage({ type: 'refresh' }, { id: 'me', url: 'https://business.facebook.com/', tab: { url: 'https://business.facebook.com/' } }, 'me', ORIGIN);
    expect(result.ok).toBe(false);
  });
  it('says what is wrong with a malformed message', () => {
    const result = acceptMessage({ type: 'page-detected', page: { ...page, kind: 'nope' } }, { id: 'me', url: `${ORIGIN}popup.html` }, 'me', ORIGIN);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/^malformed message/) });
  });
  it('accepts Check now and Reconnect from the popup only, with a valid workspace id', () => {
    const popup = { id: 'me', url: `${ORIGIN}popup.html` };
    expect(acceptMessage({ type: 'check-workspace', workspaceId: 'ws-1' }, popup, 'me', ORIGIN).ok).toBe(true);
    expect(acceptMessage({ type: 'start-reconnect', workspaceId: 'ws-1' }, popup, 'me', ORIGIN).ok).toBe(true);
    expect(acceptMessage({ type: 'start-reconnect', workspaceId: '../x?y' }, popup, 'me', ORIGIN).ok).toBe(false);
    const meta = { id: 'me', url: 'https://business.facebook.com/', tab: { url: 'https://business.facebook.com/' } };
    expect(acceptMessage({ type: 'start-reconnect', workspaceId: 'ws-1' }, meta, 'me', ORIGIN)).toEqual({ ok: false, error: 'start-reconnect is not allowed from a page' });
    expect(acceptMessage({ type: 'check-workspace', workspaceId: 'ws-1' }, meta, 'me', ORIGIN).ok).toBe(false);
  });
});

describe('the protocol map', () => {
  it('names each request by its own key', () => {
    for (const [type, entry] of Object.entries(PROTOCOL)) {
      expect(entry.request.shape.type.value).toBe(type);
    }
  });
  it('refuses a tab-bound message sent to the background', () => {
    expect(acceptMessage({ type: 'status-changed' }, { id: 'me', url: `${ORIGIN}popup.html` }, 'me', ORIGIN)).toEqual({ ok: false, error: 'malformed message: unknown type "status-changed"' });
  });
  it('tab messages carry nothing but their type', () => {
    expect(TAB_MESSAGE_TYPES.sort()).toEqual(['checklist-changed', 'document-alive', 'status-changed']);
    expect(PROTOCOL['status-changed'].request.safeParse({ type: 'status-changed', status: {} }).success).toBe(false);
  });
});

describe('flow-outcome (from the product page)', () => {
  const outcome = { kind: 'es-cancel', step: 'PERMISSIONS', stepRaw: null, errorMessage: null };
  const fromProduct = { id: 'me', url: 'https://app.example.com/settings/whatsapp', tab: { url: 'https://app.example.com/settings/whatsapp' } };
  it('is accepted from a web tab (the handler checks the product origins), never from another extension or a non-web page', () => {
    expect(acceptMessage({ type: 'flow-outcome', outcome }, fromProduct, 'me', ORIGIN)).toMatchObject({ ok: true });
    expect(acceptMessage({ type: 'flow-outcome', outcome }, { ...fromProduct, id: 'other' }, 'me', ORIGIN)).toMatchObject({ ok: false });
    expect(acceptMessage({ type: 'flow-outcome', outcome }, { id: 'me', url: 'file:///x.html', tab: { url: 'file:///x.html' } }, 'me', ORIGIN)).toEqual({ ok: false, error: 'product message from a non-web page' });
  });
  it('refuses an outcome with a code value in it, and content messages from the product page', () => {
    const withCode = { type: 'flow-outcome', outcome: { kind: 'redirect-code', statePresent: true, grantedScopes: null, deniedScopes: null, code: 'AQBsecret' } };
    expect(acceptMessage(withCode, fromProduct, 'me', ORIGIN)).toMatchObject({ ok: false, error: expect.stringMatching(/^malformed message/) });
    expect(acceptMessage({ type: 'panel-dismissed', kind: 'bm-people' }, fromProduct, 'me', ORIGIN)).toEqual({ ok: false, error: 'page message from a non-Meta tab' });
  });
});

describe('handleMessages', () => {
  it('dispatches an accepted message to its handler and refuses the rest', async () => {
    const ok = async () => ({ ok: true as const });
    const listener = handleMessages(
      { 'page-detected': ok, 'page-guidance': async () => ({ ok: true, dismissed: false, panel: null }), 'panel-dismissed': ok, 'dialog-screen': ok as never, refresh: ok, 'check-workspace': async () => ({ ok: false, error: 'down' }), 'start-reconnect': async () => { throw new Error('boom'); },
        'attempt-checklist': async () => ({ ok: true, checklist: null }), 'choose-attempt-workspace': ok, 'token-screen': ok, 'tab-checklist': async () => ({ ok: true, checklist: null }), 'retry-verification': ok, 'flow-outcome': async () => ({ ok: true, panel: null }) },
      () => ({ id: 'me', origin: ORIGIN }),
    );
    const popup = { id: 'me', url: `${ORIGIN}popup.html` };
    expect(await listener({ type: 'check-workspace', workspaceId: 'ws-1' }, popup)).toEqual({ ok: false, error: 'down' });
    expect(await listener({ type: 'start-reconnect', workspaceId: 'ws-1' }, popup)).toEqual({ ok: false, error: 'boom' });
    expect(await listener({ type: 'refresh' }, { id: 'other' })).toEqual({ ok: false, error: 'message from another extension' });
  });
});
