import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { META_FIXTURES_DIR } from '../../tests/support/meta-fixtures';
import { readTokenDialog } from '../screens/token-dialog';
import { checklistBadge, itemText } from './checklist';
import { buildTokenChecklist, type TimedTokenReading } from './token-checklist';

const plan = { requiredScopes: ['whatsapp_business_management', 'whatsapp_business_messaging'], reconnectUrl: 'https://app.example.test/reconnect' };
const AT = Date.parse('2026-12-01T10:00:00Z');
const reading = (over: Partial<TimedTokenReading['token']>, at = AT): TimedTokenReading => ({
  at,
  token: { kind: 'token-dialog', phase: 'choosing', appChosen: 'Acme Helpdesk', expiration: 'never', busy: false, permissions: [{ scope: 'whatsapp_business_management', granted: true }, { scope: 'whatsapp_business_messaging', granted: true }], ...over },
});
const texts = (readings: TimedTokenReading[], over: Partial<Parameters<typeof buildTokenChecklist>[0]> = {}) =>
  buildTokenChecklist({ plan, appName: 'Acme Helpdesk', readings, now: AT + 5_000, ...over }).items.map(itemText);

describe('token dialog checklist', () => {
  it('each item Not checked yet until the dialog shows a choice', () => {
    expect(texts([])).toEqual([
      'Not checked yet — App: the dialog has not shown the app choice yet',
      'Not checked yet — Token expiration: the dialog has not shown the expiration choice yet',
      'Not checked yet — Permissions: the dialog has not shown the permissions yet',
    ]);
  });
  it('all right: all Passed, and the badge goes green', () => {
    const list = buildTokenChecklist({ plan, appName: 'acme  HELPDESK', readings: [reading({})], now: AT + 5_000 });
    expect(list.items.map((i) => i.state)).toEqual(['passed', 'passed', 'passed']);
    expect(checklistBadge({ items: list.items, revocation: null }, ['token-app', 'token-expiration', 'token-permissions']).state).toBe('passed');
  });
  it('60 days and one WhatsApp permission unticked: both Failed, with the date the token would stop working', () => {
    expect(texts([reading({ expiration: '60-days', permissions: [{ scope: 'whatsapp_business_management', granted: true }, { scope: 'whatsapp_business_messaging', granted: false }] })])).toEqual([
      'Passed — App: Acme Helpdesk is chosen',
      'Failed — Token expiration: 60 days: the token would stop working on 30 January 2027',
      'Failed — Permissions: whatsapp_business_messaging is not ticked',
    ]);
  });
  it('another app, an unknown app name, an unreadable choice', () => {
    expect(texts([reading({ appChosen: 'Other Tool' })])[0]).toBe('Failed — App: Other Tool is chosen, not Acme Helpdesk');
    expect(texts([reading({})], { appName: null })[0]).toMatch(/^Not verified — App: the product’s app name is not known/);
    expect(texts([reading({ appChosen: null, expiration: null })]).slice(0, 2)).toEqual(['Not verified — App: could not read which app is chosen', 'Not verified — Token expiration: could not read which expiration is chosen']);
  });
  it('business_management only when the plan requires it; a permission not listed is Not verified', () => {
    const needsBm = { ...plan, requiredScopes: [...plan.requiredScopes, 'business_management'] };
    expect(texts([reading({})], { plan: needsBm })[2]).toBe('Not verified — Permissions: business_management is not listed');
  });
  it('an unreadable dialog past its grace: Not verified; within it: a recheck time', () => {
    const bad = { at: AT, token: { kind: 'unknown' as const, phase: null, appChosen: null, expiration: null, permissions: [], busy: false } };
    expect(buildTokenChecklist({ plan, appName: 'A', readings: [bad], now: AT + 500 })).toMatchObject({ recheckAt: AT + 1_000, currentUnreadable: false });
    expect(buildTokenChecklist({ plan, appName: 'A', readings: [bad], now: AT + 1_500 }).items.map((i) => i.state)).toEqual(['not-verified', 'not-verified', 'not-verified']);
  });
  it('after generation: keeps the choices read before and says where to paste the token', () => {
    const list = buildTokenChecklist({ plan, appName: 'Acme Helpdesk', readings: [reading({ expiration: '60-days' }), reading({ phase: 'generated', appChosen: null, expiration: null }, AT + 3_000)], now: AT + 9_000 });
    expect(list.pasteAt).toBe(plan.reconnectUrl);
    expect(list.items[1]?.state).toBe('failed');
  });
  it('on the fixture: read by the real reader', () => {
    const html = readFileSync(join(META_FIXTURES_DIR, 'token-dialog', 'generate-token.en.html'), 'utf8');
    const token = readTokenDialog(new DOMParser().parseFromString(html, 'text/html'));
    expect(texts([{ at: AT, token }]).map((t) => t.split(':')[0])).toEqual(['Passed — App', 'Failed — Token expiration', 'Failed — Permissions']);
  });
});
