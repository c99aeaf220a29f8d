/**
 * What each screen reader finds in each hand-made fixture (tests/fixtures/meta), and how many nodes
 * each of its queries finds there (every DOM query of a third-party page has a test
 * stating its count per fixture). Fixtures that must read as unknown are here too.
 */
import { describe, expect, it } from 'vitest';
import { alertQueries } from '../../lib/screens/alerts';
import { businessSelectionQueries } from '../../lib/screens/business-selection';
import { declaredLang } from '../../lib/screens/page-lang';
import { PageView } from '../../lib/screens/page-view';
import { peopleQueries, readPeoplePage } from '../../lib/screens/people-page';
import { permissionsQueries } from '../../lib/screens/permissions-review';
import { readScreen } from '../../lib/screens/read-screen';
import { reconnectQueries } from '../../lib/screens/reconnect-confirm';
import { PACKS, packsFor } from '../../lib/screens/rules/index';
import type { RulePack } from '../../lib/screens/rules/types';
import { successQueries } from '../../lib/screens/success';
import type { ScreenReading } from '../../lib/screens/types';
import { readWabaPage, wabaPageQueries } from '../../lib/screens/waba-page';
import { wabaSelectionQueries } from '../../lib/screens/waba-selection';
import { loadMetaFixture, metaFixtureNames } from '../support/meta-fixtures';

type Expected = Partial<Omit<ScreenReading, 'evidence'>> & { evidence?: string[] };

const none = { wabaMode: null, wabas: [], selectedCount: null, permissions: [], businesses: [] };

/** readScreen, per fixture: the full reading minus `lang` (checked separately). */
const SCREENS: Record<string, Expected> = {
  'reconnect-confirm.en.html': {
    kind: 'reconnect-confirm', locale: 'en', confidence: 'high', appName: 'Acme Helpdesk', editPreviousSettings: true, alerts: [], ...none,
    evidence: ['reconnect-confirm:title', 'reconnect-confirm:body', 'reconnect-confirm:edit-previous'],
  },
  'reconnect-confirm.es.html': {
    kind: 'reconnect-confirm', locale: 'es', confidence: 'high', appName: 'Acme Helpdesk', editPreviousSettings: true, alerts: [], ...none,
  },
  'reconnect-confirm.pt-BR.html': {
    kind: 'reconnect-confirm', locale: 'pt-BR', confidence: 'high', appName: 'Acme Helpdesk', editPreviousSettings: false, alerts: [], ...none,
    evidence: ['reconnect-confirm:title', 'reconnect-confirm:body'],
  },
  'business-selection.en.html': {
    kind: 'business-selection', locale: 'en', confidence: 'high', editPreviousSettings: null, wabas: [], permissions: [],
    businesses: [
      { name: 'Example Clinic', selected: true, id: '200000000000001', disabled: false },
      { name: 'Sample Bakery', selected: false, id: null, disabled: true },
      { name: 'Demo Shop', selected: false, id: null, disabled: false },
    ],
    alerts: [
      { kind: 'portfolio-unavailable', rule: 'portfolio-owns-app', text: 'This business portfolio owns Acme Helpdesk.', blocking: false },
      { kind: 'portfolio-unavailable', rule: 'portfolio-disabled', text: 'Sample Bakery: This business portfolio owns Acme Helpdesk.', blocking: false },
    ],
  },
  'business-selection.es.html': {
    kind: 'business-selection', locale: 'es', confidence: 'high',
    businesses: [
      { name: 'Clínica Ejemplo', selected: false, id: '200000000000011', disabled: false },
      { name: 'Panadería Muestra', selected: true, id: '200000000000012', disabled: false },
      { name: 'Tienda Demo', selected: false, id: null, disabled: true },
    ],
    alerts: [{ kind: 'portfolio-unavailable', rule: 'portfolio-disabled', text: 'Tienda Demo: Necesitas control total de este portfolio comercial.', blocking: false }],
  },
  'business-selection.pt-BR.html': {
    kind: 'business-selection', locale: 'pt-BR', confidence: 'high', alerts: [],
    businesses: [{ name: 'Clínica Exemplo', selected: true, id: null, disabled: false }],
    evidence: ['business-selection:field-label', 'business-selection:portfolios'],
  },
  'waba-selection.en.html': {
    kind: 'waba-selection', locale: 'en', confidence: 'high', appName: 'Acme Helpdesk', wabaMode: 'selected', selectedCount: 2, alerts: [], permissions: [],
    wabas: [
      { name: 'Example Clinic Support', selected: true, id: '100000000000101', disabled: false },
      { name: 'Example Clinic Sales', selected: false, id: '100000000000102', disabled: false },
      { name: 'Example Clinic Billing', selected: true, id: '100000000000103', disabled: false },
    ],
    evidence: ['waba-selection:title', 'waba-selection:mode-radios', 'waba-selection:counter', 'waba-selection:asset-checkboxes'],
  },
  'waba-selection.es.html': {
    kind: 'waba-selection', locale: 'es', confidence: 'high', appName: 'Acme Helpdesk', wabaMode: 'all', selectedCount: 2, alerts: [],
    wabas: [
      { name: 'Clínica Ejemplo Soporte', selected: true, id: '100000000000201', disabled: true },
      { name: 'Clínica Ejemplo Ventas', selected: true, id: '100000000000202', disabled: true },
    ],
  },
  'waba-selection.pt-BR.html': {
    kind: 'waba-selection', locale: 'pt-BR', confidence: 'high', appName: 'Acme Helpdesk', wabaMode: 'selected', selectedCount: 1, alerts: [],
    wabas: [
      { name: 'Clínica Exemplo Atendimento', selected: true, id: '100000000000301', disabled: false },
      // "Selecionado" is printed beside this box, but its control says unchecked.
      { name: 'Clínica Exemplo Vendas', selected: false, id: '100000000000302', disabled: false },
      // role=checkbox without aria-checked: the control does not say.
      { name: 'Clínica Exemplo Cobrança', selected: null, id: '100000000000303', disabled: false },
    ],
    evidence: ['waba-selection:title', 'waba-selection:mode-radios', 'waba-selection:counter', 'waba-selection:asset-checkboxes', 'waba-selection:unknown-states:1'],
  },
  'waba-selection.nolang.html': {
    kind: 'waba-selection', locale: 'es', lang: null, confidence: 'high', wabaMode: 'selected', selectedCount: 1,
    wabas: [{ name: 'Clínica Ejemplo Soporte', selected: true, id: null, disabled: false }],
  },
  'waba-selection.lang-mismatch.html': { kind: 'unknown', locale: null, confidence: 'none', evidence: [], alerts: [], ...none },
  'permissions-review.en.html': {
    kind: 'permissions-review', locale: 'en', confidence: 'high', appName: 'Acme Helpdesk', alerts: [], wabas: [], wabaMode: null,
    // A summary list without toggles: listed, but whether each is on is not stated.
    permissions: [
      { scope: 'whatsapp_business_management', granted: null },
      { scope: 'whatsapp_business_messaging', granted: null },
    ],
    evidence: ['permissions-review:title', 'permissions-review:scope-labels'],
  },
  'permissions-review.es.html': {
    kind: 'permissions-review', locale: 'es', confidence: 'high', appName: 'Acme Helpdesk', wabas: [],
    permissions: [
      { scope: 'whatsapp_business_management', granted: true },
      { scope: 'whatsapp_business_messaging', granted: false },
    ],
  },
  'permissions-review.pt-BR.html': {
    kind: 'permissions-review', locale: 'pt-BR', confidence: 'high', appName: 'Acme Helpdesk',
    permissions: [
      { scope: 'whatsapp_business_management', granted: true },
      { scope: 'whatsapp_business_messaging', granted: false },
    ],
  },
  'permissions-review-stated.en.html': {
    kind: 'permissions-review', locale: 'en', confidence: 'high',
    permissions: [
      { scope: 'whatsapp_business_management', granted: true },
      { scope: 'whatsapp_business_messaging', granted: false },
    ],
  },
  'success.en.html': { kind: 'success', locale: 'en', confidence: 'high', appName: 'Acme Helpdesk', alerts: [], evidence: ['success:sentence', 'success:finish'], ...none },
  'success.es.html': { kind: 'success', locale: 'es', confidence: 'high', appName: 'Acme Helpdesk', alerts: [], ...none },
  'success.pt-BR.html': { kind: 'success', locale: 'pt-BR', confidence: 'high', appName: 'Acme Helpdesk', alerts: [], ...none },
  'error-admin-required.en.html': {
    kind: 'error', locale: 'en', confidence: 'high', ...none,
    alerts: [
      { kind: 'not-admin', rule: 'admin-permission-required', text: 'Admin permission required', blocking: true },
      {
        kind: 'not-admin',
        rule: 'no-permission-to-edit',
        text: 'You don\'t have permission to edit these settings. Contact admin of the Business manager "Example Clinic" to gain access.',
        blocking: true,
      },
    ],
    evidence: ['alert:admin-permission-required', 'alert:no-permission-to-edit'],
  },
  'error-cannot-create-waba.en.html': {
    kind: 'error', locale: 'en', confidence: 'high', ...none,
    alerts: [{ kind: 'not-admin', rule: 'cannot-create-waba', text: 'User does not have permission to create WhatsApp Business Accounts.', blocking: true }],
  },
  'error-cannot-create-waba.es.html': {
    kind: 'error', locale: 'es', confidence: 'high', ...none,
    alerts: [{ kind: 'not-admin', rule: 'cannot-create-waba', text: 'El usuario no tiene permiso para crear cuentas de WhatsApp Business.', blocking: true }],
  },
  'error-cannot-create-waba.pt-BR.html': {
    kind: 'error', locale: 'pt-BR', confidence: 'high', ...none,
    alerts: [{ kind: 'not-admin', rule: 'cannot-create-waba', text: 'O usuário não tem permissão para criar contas do WhatsApp Business.', blocking: true }],
  },
  'unknown-unrelated-meta-page.en.html': {
    kind: 'unknown', confidence: 'none', evidence: [], ...none, editPreviousSettings: null, appName: null,
    // The page's own role=alert is reported (never dropped), as unrecognized and non-blocking.
    alerts: [{ kind: 'unrecognized', rule: 'role-alert', text: 'Your post was scheduled.', blocking: false }],
  },
  'unknown-half-loaded-dialog.en.html': { kind: 'unknown', locale: null, confidence: 'none', evidence: [], alerts: [], busy: true, ...none },
  'unknown-redesigned-waba-screen.en.html': { kind: 'unknown', locale: null, confidence: 'none', evidence: [], alerts: [], busy: false, ...none },
};

/** Nodes found by every query of every reader, per fixture (zero for any query not listed). */
const QUERY_COUNTS: Record<string, Record<string, number>> = {
  'business-selection.en.html': { 'business.title': 1, 'business.portfolios': 3, 'alerts.known': 1, 'wabaPage.idLines': 1 },
  'business-selection.es.html': { 'business.title': 1, 'business.portfolios': 3, 'wabaPage.idLines': 2, 'wabaPage.accountRows': 2 },
  'business-selection.pt-BR.html': { 'business.fieldLabel': 1, 'business.combobox': 1 },
  'error-admin-required.en.html': { 'alerts.known': 2, 'alerts.containers': 1 },
  'error-cannot-create-waba.en.html': { 'alerts.known': 1, 'alerts.containers': 1 },
  'error-cannot-create-waba.es.html': { 'alerts.known': 1, 'alerts.containers': 1 },
  'error-cannot-create-waba.pt-BR.html': { 'alerts.known': 1, 'alerts.containers': 1 },
  'people.en.html': { 'people.title': 1, 'people.columnHeader': 1, 'people.rows': 3 },
  'people.es.html': { 'people.title': 1, 'people.rows': 2 },
  'people.pt-BR.html': { 'people.title': 1, 'people.columnHeader': 1, 'people.rows': 2 },
  'permissions-review-stated.en.html': { 'permissions.title': 1, 'permissions.labels': 2 },
  'permissions-review.en.html': { 'permissions.title': 1, 'permissions.labels': 2 },
  // The e-mail switch is a checkbox-family control too; only the WABA step's anchors make it a WABA.
  'permissions-review.es.html': { 'waba.assetControls': 1, 'permissions.title': 1, 'permissions.labels': 2, 'permissions.toggles': 3 },
  'permissions-review.pt-BR.html': { 'waba.assetControls': 2, 'permissions.title': 1, 'permissions.labels': 2, 'permissions.toggles': 2 },
  'reconnect-confirm.en.html': { 'reconnect.title': 1, 'reconnect.body': 1, 'reconnect.editPrevious': 1 },
  'reconnect-confirm.es.html': { 'reconnect.title': 1, 'reconnect.body': 1, 'reconnect.editPrevious': 1 },
  'reconnect-confirm.pt-BR.html': { 'reconnect.title': 1, 'reconnect.body': 1 },
  'success.en.html': { 'success.sentence': 1, 'success.finish': 1 },
  'success.es.html': { 'success.sentence': 1, 'success.finish': 1 },
  'success.pt-BR.html': { 'success.sentence': 1, 'success.finish': 1 },
  // The hidden step text does not count: hidden subtrees are skipped.
  'unknown-half-loaded-dialog.en.html': {},
  'unknown-redesigned-waba-screen.en.html': { 'business.portfolios': 2, 'waba.assetControls': 2, 'permissions.toggles': 2 },
  'unknown-unrelated-meta-page.en.html': { 'business.portfolios': 2, 'waba.counter': 1, 'waba.assetControls': 2, 'permissions.toggles': 2, 'alerts.containers': 1 },
  'waba-page.en.html': { 'business.portfolios': 2, 'people.rows': 1, 'wabaPage.title': 1, 'wabaPage.idLines': 3, 'wabaPage.accountRows': 2 },
  'waba-page.es.html': { 'wabaPage.title': 1, 'wabaPage.idLines': 1 },
  'waba-page.pt-BR.html': { 'wabaPage.title': 1, 'wabaPage.idLines': 1 },
  'waba-selection.en.html': { 'waba.title': 1, 'waba.modeRadios': 2, 'waba.counter': 1, 'waba.assetControls': 3, 'permissions.toggles': 3, 'wabaPage.idLines': 3, 'wabaPage.accountRows': 3 },
  'waba-selection.es.html': { 'waba.title': 1, 'waba.modeRadios': 2, 'waba.counter': 1, 'waba.assetControls': 2, 'permissions.toggles': 2, 'wabaPage.idLines': 2, 'wabaPage.accountRows': 2 },
  // English page, Spanish text: only the language-independent radio is found.
  'waba-selection.lang-mismatch.html': { 'business.portfolios': 1 },
  'waba-selection.nolang.html': { 'waba.title': 1, 'waba.modeRadios': 2, 'waba.counter': 1, 'waba.assetControls': 1, 'permissions.toggles': 1 },
  'waba-selection.pt-BR.html': { 'waba.title': 1, 'waba.modeRadios': 2, 'waba.counter': 1, 'waba.assetControls': 3, 'permissions.toggles': 4, 'wabaPage.idLines': 3, 'wabaPage.accountRows': 3 },
};

const QUERY_GROUPS = {
  reconnect: reconnectQueries,
  business: businessSelectionQueries,
  waba: wabaSelectionQueries,
  permissions: permissionsQueries,
  success: successQueries,
  alerts: alertQueries,
  people: peopleQueries,
  wabaPage: wabaPageQueries,
} as const;

/** The pack the page's language picks (the no-lang fixture is Spanish). */
function packOf(doc: Document): RulePack {
  const { packs, fallback } = packsFor(declaredLang(doc));
  return fallback ? (PACKS.find((p) => p.locale === 'es') as RulePack) : (packs[0] as RulePack);
}

function countQueries(doc: Document): Record<string, number> {
  const pack = packOf(doc);
  const view = new PageView(doc, pack.aria);
  const counts: Record<string, number> = {};
  for (const [group, queries] of Object.entries(QUERY_GROUPS)) {
    for (const [name, query] of Object.entries(queries as Record<string, (v: PageView, p: RulePack) => unknown[]>)) {
      const found = query(view, pack).length;
      if (found > 0) counts[`${group}.${name}`] = found;
    }
  }
  return counts;
}

describe('fixture inventory', () => {
  it('every fixture has stated query counts, and every stated fixture exists', () => {
    expect(Object.keys(QUERY_COUNTS).sort()).toEqual(metaFixtureNames());
  });
  it('covers every dialog screen kind in en, es and pt-BR', () => {
    for (const kind of ['reconnect-confirm', 'business-selection', 'waba-selection', 'permissions-review', 'success', 'error-cannot-create-waba', 'people', 'waba-page']) {
      for (const locale of ['en', 'es', 'pt-BR']) expect(metaFixtureNames(), `${kind}.${locale}`).toContain(`${kind}.${locale}.html`);
    }
  });
  it('is scrubbed: no emails outside example.test, no access tokens', () => {
    for (const name of metaFixtureNames()) {
      const html = loadMetaFixture(name).documentElement.outerHTML;
      for (const email of html.match(/[\w.+-]+@[\w-]+\.[\w.]+/g) ?? []) expect(email, name).toMatch(/@example\.test$/);
      expect(html, name).not.toMatch(/EAA[A-Za-z0-9]{20,}/);
    }
  });
});

describe('query counts per fixture', () => {
  for (const [name, expected] of Object.entries(QUERY_COUNTS)) {
    it(name, () => expect(countQueries(loadMetaFixture(name))).toEqual(expected));
  }
});

describe('readScreen per fixture', () => {
  for (const [name, expected] of Object.entries(SCREENS)) {
    it(`${name} → ${expected.kind}`, () => {
      const reading = readScreen(loadMetaFixture(name));
      expect(reading).toMatchObject(expected);
      // Nothing is ever reported from a failure path.
      expect(reading.evidence.some((e) => e.startsWith('reader-error'))).toBe(false);
    });
  }

  it('reports the page language as declared, normalised', () => {
    expect(readScreen(loadMetaFixture('reconnect-confirm.pt-BR.html')).lang).toBe('pt-br');
    expect(readScreen(loadMetaFixture('reconnect-confirm.es.html')).lang).toBe('es-la');
    expect(readScreen(loadMetaFixture('waba-selection.nolang.html')).lang).toBeNull();
  });

  it('lets the caller override the page language', () => {
    // The mismatch fixture is Spanish text under lang="en": told it is Spanish, it reads.
    expect(readScreen(loadMetaFixture('waba-selection.lang-mismatch.html'), { lang: 'es' })).toMatchObject({ kind: 'waba-selection', locale: 'es', wabaMode: 'all' });
  });

  it('reads the topmost dialog when several are open', () => {
    const doc = loadMetaFixture('waba-selection.en.html');
    const other = loadMetaFixture('reconnect-confirm.en.html').querySelector('[role="dialog"]') as Element;
    doc.body.append(doc.importNode(other, true));
    expect(readScreen(doc).kind).toBe('reconnect-confirm');
  });

  it('reads a dialog element passed as the root', () => {
    const dialog = loadMetaFixture('permissions-review.es.html').querySelector('[role="dialog"]') as Element;
    expect(readScreen(dialog)).toMatchObject({ kind: 'permissions-review', locale: 'es' });
  });

  it('honours a caller visibility test (stylesheet-hidden steps)', () => {
    const doc = loadMetaFixture('waba-selection.en.html');
    const reading = readScreen(doc, { isVisible: (el) => el.getAttribute('role') !== 'dialog' });
    expect(reading.kind).toBe('unknown');
  });

  it('lowers confidence while the step is busy', () => {
    const doc = loadMetaFixture('waba-selection.en.html');
    doc.querySelector('[role="dialog"]')?.setAttribute('aria-busy', 'true');
    expect(readScreen(doc)).toMatchObject({ kind: 'waba-selection', confidence: 'low', busy: true });
  });

  it('reports a mode only from the radios: none checked → null', () => {
    const doc = loadMetaFixture('waba-selection.en.html');
    for (const radio of Array.from(doc.querySelectorAll('input[type="radio"]'))) (radio as HTMLInputElement).checked = false;
    expect(readScreen(doc).wabaMode).toBeNull();
  });

  it('follows the live checked property, not the markup attribute', () => {
    const doc = loadMetaFixture('waba-selection.es.html');
    const first = doc.querySelector('input[type="checkbox"]') as HTMLInputElement;
    first.checked = false; // the attribute still says checked
    expect(readScreen(doc).wabas[0]).toMatchObject({ name: 'Clínica Ejemplo Soporte', selected: false });
  });

  it('notes a counter that disagrees with the checkboxes', () => {
    const doc = loadMetaFixture('waba-selection.en.html');
    doc.querySelector('[role="checkbox"][aria-checked="false"]')?.setAttribute('aria-checked', 'true');
    const reading = readScreen(doc);
    expect(reading.selectedCount).toBe(2);
    expect(reading.evidence).toContain('waba-selection:counter-mismatch:2/3');
  });
});

describe('readPeoplePage per fixture', () => {
  it('people.en.html: the "(You)" row is the signed-in person, with partial access', () => {
    expect(readPeoplePage(loadMetaFixture('people.en.html'))).toEqual({
      kind: 'people',
      locale: 'en',
      lang: 'en',
      confidence: 'high',
      evidence: ['people:title', 'people:access-column', 'people:rows:3'],
      people: [
        { name: 'Alex Example', accessLevel: 'full-control', isSelf: false },
        { name: 'Sam Sample', accessLevel: 'partial-access', isSelf: true },
        // A name starting with "Admin" is a name, not an access level.
        { name: 'Admin Helper', accessLevel: 'full-control', isSelf: false },
      ],
      self: { name: 'Sam Sample', accessLevel: 'partial-access' },
    });
  });
  it('people.es.html: a "Tú" badge marks the signed-in person (full control); no column header → low', () => {
    expect(readPeoplePage(loadMetaFixture('people.es.html'))).toMatchObject({
      kind: 'people',
      locale: 'es',
      confidence: 'low',
      people: [
        { name: 'Ana Ejemplo', accessLevel: 'full-control', isSelf: true },
        { name: 'Beto Muestra', accessLevel: 'partial-access', isSelf: false },
      ],
      self: { name: 'Ana Ejemplo', accessLevel: 'full-control' },
    });
  });
  it('people.pt-BR.html: nobody is marked, so the signed-in person is unknown', () => {
    const reading = readPeoplePage(loadMetaFixture('people.pt-BR.html'));
    expect(reading).toMatchObject({
      kind: 'people',
      locale: 'pt-BR',
      people: [
        { name: 'Carla Exemplo', accessLevel: 'full-control', isSelf: false },
        { name: 'Davi Amostra', accessLevel: 'partial-access', isSelf: false },
      ],
      self: null,
    });
    expect(reading.evidence).toContain('people:self-not-identified');
  });
  it('people.pt-BR.html with selfName: the named row is the signed-in person', () => {
    expect(readPeoplePage(loadMetaFixture('people.pt-BR.html'), { selfName: 'davi amostra' }).self).toEqual({ name: 'Davi Amostra', accessLevel: 'partial-access' });
  });
  it('refuses to pick when two rows claim to be the signed-in person', () => {
    const reading = readPeoplePage(loadMetaFixture('people.en.html'), { selfName: 'Alex Example' });
    expect(reading.self).toBeNull();
    expect(reading.evidence).toContain('people:ambiguous-self');
  });
  it.each(['waba-page.en.html', 'waba-selection.en.html', 'unknown-unrelated-meta-page.en.html'])('%s is not a People page', (name) => {
    expect(readPeoplePage(loadMetaFixture(name))).toMatchObject({ kind: 'unknown', confidence: 'none', people: [], self: null });
  });
});

describe('readWabaPage per fixture', () => {
  it('waba-page.en.html: the open WABA from the details pane, plus the list', () => {
    expect(readWabaPage(loadMetaFixture('waba-page.en.html'))).toEqual({
      kind: 'waba-page',
      locale: 'en',
      lang: 'en',
      confidence: 'high',
      evidence: ['waba-page:title', 'waba-page:details', 'waba-page:accounts:2'],
      name: 'Example Clinic Sales',
      id: '100000000000102',
      accounts: [
        { name: 'Example Clinic Support', id: '100000000000101', selected: false },
        { name: 'Example Clinic Sales', id: '100000000000102', selected: true },
      ],
    });
  });
  it('waba-page.en.html with the URL WABA id: confirms it is on the page', () => {
    const reading = readWabaPage(loadMetaFixture('waba-page.en.html'), { wabaId: '100000000000102' });
    expect(reading).toMatchObject({ name: 'Example Clinic Sales', id: '100000000000102', confidence: 'high' });
    expect(reading.evidence).toContain('waba-page:url-id-on-page');
  });
  it('waba-page.en.html with a URL id the page does not show: no name is guessed', () => {
    const reading = readWabaPage(loadMetaFixture('waba-page.en.html'), { wabaId: '100000000000999' });
    expect(reading).toMatchObject({ kind: 'waba-page', name: null, id: null });
    expect(reading.evidence).toContain('waba-page:url-id-not-on-page');
  });
  it('waba-page.es.html: details pane in Spanish', () => {
    expect(readWabaPage(loadMetaFixture('waba-page.es.html'))).toMatchObject({ kind: 'waba-page', locale: 'es', name: 'Clínica Ejemplo Soporte', id: '100000000000201', accounts: [] });
  });
  it('waba-page.pt-BR.html: details only', () => {
    expect(readWabaPage(loadMetaFixture('waba-page.pt-BR.html'))).toMatchObject({ kind: 'waba-page', locale: 'pt-BR', name: 'Clínica Exemplo Atendimento', id: '100000000000301' });
  });
  it.each(['people.en.html', 'waba-selection.en.html', 'unknown-unrelated-meta-page.en.html'])('%s is not a WABA page', (name) => {
    expect(readWabaPage(loadMetaFixture(name))).toMatchObject({ kind: 'unknown', name: null, id: null, accounts: [] });
  });
});
