import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import type { ReconnectPlan } from '../contract/plan';
import { startFromReconnect, type Attempt, type StoredScreen } from './attempt';
import { CONNECT_ALERT_TEXTS, findConnectAlert, matchConnectAlert } from './connect-alert';
import { explainConnectAlert, sightingsOf } from './connect-alert-explanation';

describe('matchConnectAlert', () => {
  it.each(Object.entries(CONNECT_ALERT_TEXTS).flatMap(([locale, texts]) => texts.map((t) => [locale, t])))('recognises the %s text “%s”', (_locale, text) => {
    expect(matchConnectAlert(`Error: ${text}. Try again later.`)).toBe(`Error: ${text}. Try again later.`);
  });

  it('matches across NBSPs, curly quotes and case, and clips long messages', () => {
    expect(matchConnectAlert('unable\u00a0to connect  WHATSAPP phone numbers')).not.toBeNull();
    expect(matchConnectAlert(`Unable to connect WhatsApp phone numbers ${'x'.repeat(600)}`)?.length).toBeLessThanOrEqual(300);
  });

  it.each(['Connected WhatsApp phone numbers', 'Unable to connect', 'Unable to connect WhatsApp', 'NotUnable to connect WhatsApp phone numbersX'])('does not fire on “%s”', (text) => {
    expect(matchConnectAlert(text)).toBeNull();
  });
});

function doc(html: string) {
  const window = new Window({ url: 'https://app.example.com/settings/whatsapp' });
  window.document.body.innerHTML = html;
  return window.document as unknown as Document;
}

describe('findConnectAlert', () => {
  it('reads the ARIA alert the product shows, with the cause it adds', () => {
    const d = doc('<main><h1>WhatsApp</h1><div role="alert"><strong>Unable to connect WhatsApp phone numbers</strong><p>Please try again.</p></div></main>');
    expect(findConnectAlert(d.body)).toBe('Unable to connect WhatsApp phone numbers Please try again.');
  });

  it('finds the sentence outside any ARIA container (its nearest block)', () => {
    const d = doc('<main><section><div class="toast"><span>Unable to connect WhatsApp phone numbers</span></div></section></main>');
    expect(findConnectAlert(d.body)).toBe('Unable to connect WhatsApp phone numbers');
  });

  it('reads a translated product page', () => {
    const d = doc('<div role="status">No se pudieron conectar los números de teléfono de WhatsApp.</div>');
    expect(findConnectAlert(d.body)).toMatch(/^No se pudieron/);
  });

  it('is null when the page does not say it (or only a script does)', () => {
    expect(findConnectAlert(doc('<p>Your WhatsApp phone numbers are connected.</p>').body)).toBeNull();
    expect(findConnectAlert(doc('<script>const t = "Unable to connect WhatsApp phone numbers";</script>').body)).toBeNull();
  });
});

const PLAN: ReconnectPlan = {
  apiVersion: 'v1', workspaceId: 'ws-1', appId: '100000000000001', configId: null, appName: 'Acme Helpdesk',
  requiredScopes: ['whatsapp_business_management', 'whatsapp_business_messaging'], business: null,
  expectedWabas: [{ id: '100000000000101', name: 'Support line' }, { id: '100000000000102', name: 'Sales line' }],
  currentlyGrantedWabaIds: ['100000000000101', '100000000000102'], reconnectUrl: 'https://app.example.test/reconnect',
};

const screen = (over: Partial<StoredScreen>): StoredScreen => ({
  kind: 'unknown', confidence: 'high', evidence: [], editPreviousSettings: null, businesses: [], wabaMode: null, wabas: [], permissions: [], alerts: [], busy: false, ...over,
});

function attemptWith(screens: StoredScreen[], plan: ReconnectPlan | null = PLAN): Attempt {
  const a = startFromReconnect({ workspaceId: 'ws-1', plan, before: null }, 7, PLAN.appId, 1_000);
  return { ...a, readings: screens.map((s, i) => ({ source: 'dialog' as const, at: 1_000 + i, tabId: 7, screen: s })) };
}

describe('explainConnectAlert', () => {
  it('points at business verification when the attempt saw nothing else, and says it saw no dialog', () => {
    const causes = explainConnectAlert(sightingsOf(null));
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatchObject({ cause: 'business-verification', seen: false, label: 'Most likely: the business’s verification' });
    expect(causes[0]?.detail).toMatch(/did not see this reconnect’s dialog/);
  });

  it('names the admin error, the unticked permission and the deselected WABA the attempt saw, verification last', () => {
    const attempt = attemptWith([
      screen({ kind: 'error', alerts: [{ kind: 'not-admin', rule: 'admin-permission-required', text: 'Admin permission required', blocking: true }] }),
      screen({ kind: 'waba-selection', wabaMode: 'selected', wabas: [{ name: 'Support line', id: '100000000000101', selected: true, disabled: false }, { name: 'Sales line', id: null, selected: false, disabled: false }] }),
      screen({ kind: 'permissions-review', permissions: [{ scope: 'whatsapp_business_management', granted: true }, { scope: 'whatsapp_business_messaging', granted: false }] }),
    ]);
    const causes = explainConnectAlert(sightingsOf(attempt));
    expect(causes.map((c) => c.cause)).toEqual(['not-admin', 'permission-unticked', 'waba-deselected', 'business-verification']);
    expect(causes[0]?.detail).toContain('“Admin permission required”');
    expect(causes[1]?.label).toBe('A WhatsApp permission was not granted: whatsapp_business_messaging');
    expect(causes[2]?.label).toBe('A WhatsApp account was deselected: Sales line');
    expect(causes[3]).toMatchObject({ seen: false, label: 'Also possible: the business’s verification' });
  });

  it('reads the last WABA and permissions screens: a WABA ticked again is not a cause', () => {
    const attempt = attemptWith([
      screen({ kind: 'waba-selection', wabaMode: 'selected', wabas: [{ name: 'Sales line', id: null, selected: false, disabled: false }] }),
      screen({ kind: 'waba-selection', wabaMode: 'selected', wabas: [{ name: 'Sales line', id: null, selected: true, disabled: false }] }),
    ]);
    expect(explainConnectAlert(sightingsOf(attempt)).map((c) => c.cause)).toEqual(['business-verification']);
    expect(explainConnectAlert(sightingsOf(attempt))[0]?.detail).not.toMatch(/did not see/);
  });

  it('an account the product does not use is not a cause; “all accounts” mode deselects nothing', () => {
    const other = attemptWith([screen({ kind: 'waba-selection', wabaMode: 'selected', wabas: [{ name: 'Unrelated', id: '100000000000999', selected: false, disabled: false }] })]);
    expect(sightingsOf(other).deselectedWabas).toEqual([]);
    const all = attemptWith([screen({ kind: 'waba-selection', wabaMode: 'all', wabas: [{ name: 'Sales line', id: null, selected: false, disabled: false }] })]);
    expect(sightingsOf(all).deselectedWabas).toEqual([]);
  });

  it('says when Meta could not verify the business, and when the flow finished without a number', () => {
    const attempt = attemptWith([screen({ kind: 'error', alerts: [{ kind: 'business-unverifiable', rule: 'cant-verify', text: 'We can’t verify the Meta Business Account that you selected', blocking: true }] })]);
    const causes = explainConnectAlert(sightingsOf(attempt, [{ kind: 'es-finish', variant: 'waba-only', wabaId: null, phoneNumberId: null, businessId: null }]));
    expect(causes.map((c) => c.cause)).toEqual(['no-phone-number', 'business-verification']);
    expect(causes[1]).toMatchObject({ seen: true, label: 'Meta could not verify the business' });
  });
});
