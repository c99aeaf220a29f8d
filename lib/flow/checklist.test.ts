/**
 * The checklist rules as a table: (plan, before-state, readings) → items. Readings are built by hand
 * (what the screen readers report), plus a few read from the hand-made fixtures with readScreen.
 */
import { describe, expect, it } from 'vitest';
import type { ReconnectPlan } from '../contract/plan';
import type { Workspace } from '../contract/status';
import { readScreen } from '../screens/read-screen';
import type { ScreenReading } from '../screens/types';
import { connection, workspace } from '../../tests/support/status-fixtures';
import { loadMetaFixture } from '../../tests/support/meta-fixtures';
import { buildChecklist, checklistBadge, itemText, LOADING_GRACE_MS, type ItemId, type ItemState, type TimedReading } from './checklist';

const WA = { id: '100000000000001', name: 'Acme Global' };
const WB = { id: '100000000000002', name: 'Acme Sales' };
const PLAN: ReconnectPlan = {
  apiVersion: 'v1',
  workspaceId: 'ws-1',
  appId: '300000000000001',
  configId: '400000000000001',
  appName: 'Acme Helpdesk',
  requiredScopes: ['whatsapp_business_management', 'whatsapp_business_messaging'],
  business: { id: '200000000000001', name: 'Acme Inc' },
  expectedWabas: [WA, WB],
  currentlyGrantedWabaIds: [WA.id, WB.id],
  reconnectUrl: 'https://app.example.test/reconnect',
};

const base: ScreenReading = {
  kind: 'unknown', locale: 'en', lang: 'en', confidence: 'high', evidence: [], appName: 'Acme Helpdesk', editPreviousSettings: null,
  businesses: [], wabaMode: null, wabas: [], selectedCount: null, permissions: [], alerts: [], busy: false,
};
const screen = (over: Partial<ScreenReading>): ScreenReading => ({ ...base, ...over });
const waba = (name: string, selected: boolean | null, id: string | null = null) => ({ name, selected, id, disabled: false });
const wabaScreen = (wabas: ScreenReading['wabas'], mode: ScreenReading['wabaMode'] = 'selected') => screen({ kind: 'waba-selection', wabaMode: mode, wabas });
const permScreen = (m: boolean | null, g: boolean | null, evidence: string[] = []) =>
  screen({ kind: 'permissions-review', evidence, permissions: [{ scope: 'whatsapp_business_management', granted: m }, { scope: 'whatsapp_business_messaging', granted: g }] });
const BOTH = wabaScreen([waba('Acme Global', true), waba('Acme Sales', true)]);
const unknown = screen({ kind: 'unknown', confidence: 'none', locale: null });
const notAdmin = screen({ kind: 'error', alerts: [{ kind: 'not-admin', rule: 'admin-permission-required', text: 'Admin permission required. You don’t have permission to edit these settings.', blocking: true }] });
const confirm = (edit = true) => screen({ kind: 'reconnect-confirm', editPreviousSettings: edit });

/** Readings 2 s apart, the checklist asked 2 s after the last. */
const timed = (...screens: ScreenReading[]): TimedReading[] => screens.map((s, i) => ({ at: 10_000 + i * 2_000, screen: s }));
const nowAfter = (r: TimedReading[]) => (r[r.length - 1]?.at ?? 10_000) + 2_000;

const healthyBefore: Workspace = workspace([connection('healthy')]);
const missingWabaBefore: Workspace = workspace([{ ...connection('missing-waba'), problems: [{ code: 'waba-missing', message: 'm', hint: 'h', wabaId: WB.id, scope: null }] }]);
const missingScopeBefore: Workspace = workspace([{ ...connection('missing-scope'), problems: [{ code: 'scope-missing', message: 'm', hint: 'h', wabaId: null, scope: 'whatsapp_business_messaging' }] }]);

interface Case {
  name: string;
  plan?: ReconnectPlan;
  before?: Workspace | null;
  readings: TimedReading[];
  now?: number;
  expect: Partial<Record<ItemId, [ItemState, string?]>>;
  revocation?: string | null;
}

const CASES: Case[] = [
  { name: 'nothing read yet: everything Not checked yet', readings: [], expect: { 'admin-access': ['not-checked'], 'business-portfolio': ['not-checked'], 'whatsapp-accounts': ['not-checked'], 'whatsapp-permissions': ['not-checked'], 'previous-settings': ['not-checked'] } },
  {
    name: 'happy path: both WABAs and both permissions on, no admin error',
    readings: timed(BOTH, permScreen(true, true)),
    expect: { 'admin-access': ['passed', 'Meta showed no admin-access error on the screens read so far'], 'whatsapp-accounts': ['passed', 'all 2 expected accounts are selected'], 'whatsapp-permissions': ['passed', 'whatsapp_business_management and whatsapp_business_messaging are on'] },
    revocation: null,
  },
  {
    name: 'an expected, currently covered WABA unticked: Failed and the revocation alert',
    readings: timed(wabaScreen([waba('Acme Global', false), waba('Acme Sales', true)])),
    expect: { 'whatsapp-accounts': ['failed', 'Acme Global is not selected'] },
    revocation: 'Finishing now will revoke the product’s access to Acme Global',
  },
  {
    name: 'ticked again on the same screen: the newer reading clears both',
    readings: timed(wabaScreen([waba('Acme Global', false), waba('Acme Sales', true)]), BOTH),
    expect: { 'whatsapp-accounts': ['passed'] },
    revocation: null,
  },
  {
    name: 'a covered WABA that the plan does not expect, unticked: alert, accounts still pass',
    plan: { ...PLAN, currentlyGrantedWabaIds: [WA.id, WB.id, '100000000000009'] },
    readings: timed(wabaScreen([waba('Acme Global', true), waba('Acme Sales', true), waba('Old Line', false, '100000000000009')])),
    expect: { 'whatsapp-accounts': ['passed'] },
    revocation: 'access to Old Line',
  },
  {
    name: 'extra selected WABAs are noted, not failed',
    readings: timed(wabaScreen([waba('Acme Global', true), waba('Acme Sales', true), waba('Side Project', true)])),
    expect: { 'whatsapp-accounts': ['passed', 'all 2 expected accounts are selected; also selected: Side Project (not needed by the product, not a problem)'] },
  },
  { name: '"all current and future" mode passes and says so', readings: timed(wabaScreen([], 'all')), expect: { 'whatsapp-accounts': ['passed', '“all current and future WhatsApp accounts” is chosen, so every expected account is included'] } },
  {
    name: 'names compared after normalisation (case, bidi marks, full-width, spaces)',
    readings: timed(wabaScreen([waba('\u2068ACME  global\u2069', true), waba('Ａｃｍｅ\u200b Sales', true)])),
    expect: { 'whatsapp-accounts': ['passed'] },
  },
  {
    name: 'two on-screen accounts matching one expected name: Not verified for it',
    readings: timed(wabaScreen([waba('Acme Global', true), waba('acme global', false), waba('Acme Sales', true)])),
    expect: { 'whatsapp-accounts': ['not-verified', '2 accounts on screen are named Acme Global'] },
    revocation: null,
  },
  {
    name: 'matched by id when the screen prints one (same name, other id = another account)',
    readings: timed(wabaScreen([waba('Acme Global', true, '100000000000777'), waba('Acme Global', false, WA.id), waba('Acme Sales', true)])),
    expect: { 'whatsapp-accounts': ['failed', 'Acme Global is not selected; also selected: Acme Global (not needed by the product, not a problem)'] },
    revocation: 'access to Acme Global',
  },
  { name: 'an expected WABA not listed: Not verified', readings: timed(wabaScreen([waba('Acme Global', true)])), expect: { 'whatsapp-accounts': ['not-verified', 'Acme Sales is not listed'] } },
  { name: 'a WABA whose control does not say: Not verified', readings: timed(wabaScreen([waba('Acme Global', true), waba('Acme Sales', null)])), expect: { 'whatsapp-accounts': ['not-verified', 'could not read whether Acme Sales is selected'] } },
  { name: 'a WABA screen with no readable list: Not verified', readings: timed(wabaScreen([], null)), expect: { 'whatsapp-accounts': ['not-verified', 'could not read which WhatsApp accounts are selected'] } },
  {
    name: 'failed and unverified together: Failed names the unselected one first',
    readings: timed(wabaScreen([waba('Acme Global', false)])),
    expect: { 'whatsapp-accounts': ['failed', 'Acme Global is not selected; Acme Sales is not listed'] },
  },
  { name: 'a permission switched off: Failed', readings: timed(permScreen(true, false, ['permissions-review:toggles'])), expect: { 'whatsapp-permissions': ['failed', 'whatsapp_business_messaging is off'] } },
  { name: 'switched on again: Passed', readings: timed(permScreen(true, false, ['permissions-review:toggles']), permScreen(true, true, ['permissions-review:toggles'])), expect: { 'whatsapp-permissions': ['passed'] } },
  {
    name: 'a summary review screen without switches: Passed as listed',
    readings: timed(permScreen(null, null)),
    expect: { 'whatsapp-permissions': ['passed', 'whatsapp_business_management and whatsapp_business_messaging are listed (this screen has no switches; the final check confirms them)'] },
  },
  {
    name: 'a required scope not listed: Not verified ("not listed")',
    readings: timed(screen({ kind: 'permissions-review', permissions: [{ scope: 'whatsapp_business_management', granted: true }] })),
    expect: { 'whatsapp-permissions': ['not-verified', 'whatsapp_business_messaging is not listed'] },
  },
  { name: 'ambiguous toggles for a scope: Not verified', readings: timed(permScreen(true, null, ['permissions-review:ambiguous-toggles:whatsapp_business_messaging'])), expect: { 'whatsapp-permissions': ['not-verified', 'could not read whether whatsapp_business_messaging is on'] } },
  { name: 'a switch page where one state is unreadable: Not verified', readings: timed(permScreen(true, null, ['permissions-review:toggles'])), expect: { 'whatsapp-permissions': ['not-verified'] } },
  {
    name: 'not admin: Failed with Meta’s message and the fix',
    readings: timed(notAdmin),
    expect: { 'admin-access': ['failed', 'Meta says: “Admin permission required. You don’t have permission to edit these settings.”'] },
  },
  { name: 'an unreadable screen that stayed: Admin access Not verified', readings: timed(unknown, BOTH), expect: { 'admin-access': ['not-verified', 'a screen of the dialog could not be read, so an admin-access error there would not have been seen'], 'whatsapp-accounts': ['passed'] } },
  {
    name: 'a loading screen replaced within the grace period does not count',
    readings: [{ at: 10_000, screen: unknown }, { at: 10_000 + LOADING_GRACE_MS - 1, screen: BOTH }],
    now: 20_000,
    expect: { 'admin-access': ['passed'] },
  },
  { name: 'the latest screen still loading within its grace: not counted yet', readings: [{ at: 10_000, screen: BOTH }, { at: 12_000, screen: unknown }], now: 12_500, expect: { 'admin-access': ['passed'] } },
  { name: 'the latest screen unknown past its grace: counted', readings: [{ at: 10_000, screen: BOTH }, { at: 12_000, screen: unknown }], now: 13_000, expect: { 'admin-access': ['not-verified'], 'whatsapp-accounts': ['passed'] } },
  { name: 'a busy WABA screen that stays busy: Not verified', readings: timed({ ...BOTH, busy: true, confidence: 'low' }), expect: { 'whatsapp-accounts': ['not-verified', 'the WhatsApp account screen could not be read'] } },
  {
    name: 'an ambiguous screen torn between portfolio and WABA: both Not verified',
    readings: timed(screen({ kind: 'unknown', confidence: 'none', evidence: ['ambiguous:waba-selection/business-selection'] })),
    expect: { 'whatsapp-accounts': ['not-verified'], 'business-portfolio': ['not-verified'] },
  },
  {
    name: 'accumulation: the WABA item keeps its state on the permissions screen',
    readings: timed(wabaScreen([waba('Acme Global', false), waba('Acme Sales', true)]), permScreen(true, true)),
    expect: { 'whatsapp-accounts': ['failed', 'Acme Global is not selected'], 'whatsapp-permissions': ['passed'] },
  },
  {
    name: 'going back re-reads it',
    readings: timed(wabaScreen([waba('Acme Global', false), waba('Acme Sales', true)]), permScreen(true, true), BOTH, permScreen(true, true)),
    expect: { 'whatsapp-accounts': ['passed'] },
    revocation: null,
  },
  {
    name: 'an admin error that goes away when the screen is read again',
    readings: timed(screen({ kind: 'business-selection', businesses: [], alerts: notAdmin.alerts }), screen({ kind: 'business-selection', businesses: [{ name: 'Acme Inc', selected: true, id: null, disabled: false }] })),
    expect: { 'admin-access': ['passed'], 'business-portfolio': ['passed', 'Acme Inc is chosen'] },
  },
  { name: 'portfolio: the plan’s is chosen', readings: timed(screen({ kind: 'business-selection', businesses: [{ name: 'Acme Inc', selected: true, id: PLAN.business?.id ?? null, disabled: false }] })), expect: { 'business-portfolio': ['passed'] } },
  {
    name: 'portfolio: another is chosen',
    readings: timed(screen({ kind: 'business-selection', businesses: [{ name: 'Acme Inc', selected: false, id: null, disabled: false }, { name: 'Other Co', selected: true, id: null, disabled: false }] })),
    expect: { 'business-portfolio': ['failed', 'Acme Inc is not chosen (Other Co is)'] },
  },
  {
    name: 'portfolio: greyed out',
    readings: timed(screen({ kind: 'business-selection', businesses: [{ name: 'Acme Inc', selected: false, id: null, disabled: true }], alerts: [{ kind: 'portfolio-unavailable', rule: 'portfolio-disabled', text: 'Acme Inc: You need full control of this business portfolio', blocking: false }] })),
    expect: { 'business-portfolio': ['failed', 'Acme Inc is greyed out (Acme Inc: You need full control of this business portfolio)'] },
  },
  { name: 'portfolio: not listed and none chosen → Not verified', readings: timed(screen({ kind: 'business-selection', businesses: [{ name: 'Other Co', selected: false, id: null, disabled: false }] })), expect: { 'business-portfolio': ['not-verified', 'Acme Inc is not listed'] } },
  { name: 'portfolio: the screen shows no readable choice → Not verified', readings: timed(screen({ kind: 'business-selection' })), expect: { 'business-portfolio': ['not-verified'] } },
  { name: 'portfolio: state unreadable → Not verified', readings: timed(screen({ kind: 'business-selection', businesses: [{ name: 'Acme Inc', selected: null, id: null, disabled: false }] })), expect: { 'business-portfolio': ['not-verified', 'could not read whether Acme Inc is chosen'] } },
  { name: 'portfolio: no item when the plan names none', plan: { ...PLAN, business: null }, readings: timed(BOTH), expect: { 'business-portfolio': undefined } },
  {
    name: 'Reconnect to …? with a before-state missing a WABA: Previous settings Failed',
    before: missingWabaBefore,
    readings: timed(confirm()),
    expect: { 'previous-settings': ['failed', 'Continue re-applies the previous selection, which lacks Acme Sales; choose Edit previous settings'] },
  },
  {
    name: 'Reconnect to …? with a before-state missing a permission',
    before: missingScopeBefore,
    readings: timed(confirm()),
    expect: { 'previous-settings': ['failed', 'Continue re-applies the previous selection, which lacks whatsapp_business_messaging; choose Edit previous settings'] },
  },
  {
    name: 'Reconnect to …? when the plan expects a WABA the token does not cover today',
    plan: { ...PLAN, currentlyGrantedWabaIds: [WA.id] },
    before: healthyBefore,
    readings: timed(confirm()),
    expect: { 'previous-settings': ['failed', 'Continue re-applies the previous selection, which lacks Acme Sales; choose Edit previous settings'] },
  },
  { name: 'Reconnect to …? with a healthy before-state: Passed with a note', before: healthyBefore, readings: timed(confirm()), expect: { 'previous-settings': ['passed', 'Continue re-applies the previous selection, which covered what the product needs; the final check confirms it after Meta returns'] } },
  { name: 'Reconnect to …? with an unknown before-state: Not verified', before: null, readings: timed(confirm()), expect: { 'previous-settings': ['not-verified'] } },
  { name: 'Edit previous settings chosen and the selection screens follow: Passed', before: missingWabaBefore, readings: timed(confirm(), BOTH), expect: { 'previous-settings': ['passed', 'editing the previous settings'] } },
];

describe('checklist rules', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const readings = c.readings;
      const result = buildChecklist({ plan: c.plan ?? PLAN, before: c.before === undefined ? healthyBefore : c.before, readings, now: c.now ?? nowAfter(readings) });
      for (const [id, want] of Object.entries(c.expect) as [ItemId, [ItemState, string?] | undefined][]) {
        const got = result.items.find((i) => i.id === id);
        if (want === undefined) {
          expect(got, id).toBeUndefined();
          continue;
        }
        expect(got?.state, `${id}: ${got ? itemText(got) : 'missing'}`).toBe(want[0]);
        if (want[1] !== undefined) expect(got?.found, id).toBe(want[1]);
      }
      if (c.revocation === null) expect(result.revocation).toBeNull();
      else if (c.revocation !== undefined) expect(result.revocation?.text).toContain(c.revocation);
    });
  }
});

describe('checklist output', () => {
  it('each item reads state word, label, then what was found', () => {
    const { items } = buildChecklist({ plan: PLAN, before: healthyBefore, readings: timed(wabaScreen([waba('Acme Global', false), waba('Acme Sales', true)])), now: 20_000 });
    expect(items.map(itemText)).toContain('Failed — WhatsApp accounts: Acme Global is not selected');
    expect(items.map((i) => i.label)).toEqual(['Admin access', 'Business portfolio', 'WhatsApp accounts', 'WhatsApp permissions', 'Previous settings']);
  });
  it('asks to be called again when a loading screen’s grace is over, and says when the current screen is unreadable', () => {
    const readings = [{ at: 10_000, screen: BOTH }, { at: 12_000, screen: unknown }];
    expect(buildChecklist({ plan: PLAN, before: null, readings, now: 12_200 })).toMatchObject({ recheckAt: 12_000 + LOADING_GRACE_MS, currentUnreadable: false });
    expect(buildChecklist({ plan: PLAN, before: null, readings, now: 13_500 })).toMatchObject({ recheckAt: null, currentUnreadable: true });
  });
  it('names the app in the revocation alert when known', () => {
    const r = buildChecklist({ plan: PLAN, before: null, appName: 'Acme Helpdesk', readings: timed(wabaScreen([waba('Acme Global', false), waba('Acme Sales', false)])), now: 20_000 });
    expect(r.revocation).toEqual({
      wabas: [WA, WB],
      text: 'Finishing now will revoke Acme Helpdesk’s access to Acme Global and Acme Sales: they are connected today and not ticked here. Tick Acme Global and Acme Sales to keep them.',
    });
  });
  it('works on what the readers make of the hand-made fixtures', () => {
    const plan: ReconnectPlan = { ...PLAN, business: null, expectedWabas: [{ id: '100000000000101', name: 'Example Clinic Support' }, { id: '100000000000102', name: 'Example Clinic Sales' }], currentlyGrantedWabaIds: ['100000000000102'] };
    const readings = [
      { at: 1_000, screen: readScreen(loadMetaFixture('waba-selection.en.html')) },
      { at: 3_000, screen: readScreen(loadMetaFixture('permissions-review.en.html')) },
    ];
    const result = buildChecklist({ plan, before: healthyBefore, readings, now: 5_000 });
    expect(result.items.map(itemText)).toEqual([
      'Passed — Admin access: Meta showed no admin-access error on the screens read so far',
      'Failed — WhatsApp accounts: Example Clinic Sales is not selected; also selected: Example Clinic Billing (not needed by the product, not a problem)',
      'Passed — WhatsApp permissions: whatsapp_business_management and whatsapp_business_messaging are listed (this screen has no switches; the final check confirms them)',
      'Not checked yet — Previous settings: Meta has not offered to re-apply a previous selection',
    ]);
    expect(result.revocation?.wabas).toEqual([{ id: '100000000000102', name: 'Example Clinic Sales' }]);
  });
});

describe('tab badge', () => {
  const badgeOf = (readings: TimedReading[]) => checklistBadge(buildChecklist({ plan: PLAN, before: healthyBefore, readings, now: nowAfter(readings) }));
  it('neutral before anything is read, and while only some items passed', () => {
    expect(badgeOf([])).toMatchObject({ state: 'neutral', text: '…' });
    expect(badgeOf(timed(BOTH))).toMatchObject({ state: 'neutral', text: '…', title: 'Reconnect checklist: not checked yet: Business portfolio, WhatsApp permissions, Previous settings.' });
  });
  it('green once accounts and permissions passed and nothing failed or is unverified', () => {
    expect(badgeOf(timed(BOTH, permScreen(true, true)))).toMatchObject({ state: 'passed', text: '✓', color: '#2e7d32' });
  });
  it('red on a failed item, with the item in words', () => {
    const b = badgeOf(timed(BOTH, permScreen(true, false)));
    expect(b).toMatchObject({ state: 'failed', text: '!', color: '#c62828' });
    expect(b.title).toContain('Failed — WhatsApp permissions: whatsapp_business_messaging is off');
  });
  it('amber when something could not be verified (never green)', () => {
    expect(badgeOf(timed(unknown, BOTH, permScreen(true, true)))).toMatchObject({ state: 'unverified', text: '?', color: '#b26a00' });
  });
  it('red while the revocation alert is up even if the accounts item passed', () => {
    const plan = { ...PLAN, currentlyGrantedWabaIds: [WA.id, WB.id, '100000000000009'] };
    const readings = timed(wabaScreen([waba('Acme Global', true), waba('Acme Sales', true), waba('Old Line', false, '100000000000009')]), permScreen(true, true));
    expect(checklistBadge(buildChecklist({ plan, before: null, readings, now: 99_000 })).state).toBe('failed');
  });
});
