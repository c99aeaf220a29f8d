import { describe, expect, it } from 'vitest';
import { acceptMessage } from './messaging';

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
