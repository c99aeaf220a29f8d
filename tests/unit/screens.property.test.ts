/**
 * Property tests for the screen readers (fast-check):
 *   - they never throw (and never fall back to their catch-all) on arbitrary or hostile HTML;
 *   - they never report a WABA (or a mode, or a portfolio) as selected unless a control's own state
 *     says so, whatever the text around it claims ("selected", fake labels inside other controls...).
 * Hostile trees are built with createElement (not parsed), so nesting depth is not limited by the parser.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPeoplePage } from '../../lib/screens/people-page';
import { readScreen } from '../../lib/screens/read-screen';
import type { ScreenReading } from '../../lib/screens/types';
import { readWabaPage } from '../../lib/screens/waba-page';
import { loadMetaFixture } from '../support/meta-fixtures';

const noReaderError = (evidence: string[]) => expect(evidence.filter((e) => e.startsWith('reader-error'))).toEqual([]);

function readAll(root: ParentNode, lang?: string): ScreenReading {
  const options = lang === undefined ? {} : { lang };
  const screen = readScreen(root, options);
  noReaderError(screen.evidence);
  noReaderError(readPeoplePage(root, options).evidence);
  noReaderError(readWabaPage(root, options).evidence);
  return screen;
}

// Texts that anchor the readers, in all three languages, plus decoys that *say* "selected".
const ANCHOR_TEXTS = [
  'Choose the WhatsApp accounts you want Acme to access.',
  'Opt in to all current and future WhatsApp accounts',
  'Opt in to current WhatsApp accounts only',
  'Elige los Cuentas de WhatsApp a los que quieras que acceda Acme',
  'Activa todos los Cuentas de WhatsApp actuales y futuros',
  'Escolha as contas do WhatsApp que você deseja que Acme acesse',
  'Aceitar somente as contas do WhatsApp atuais',
  '3 assets selected',
  '1 ativo selecionado',
  'Select a business portfolio',
  'Business portfolio',
  'Review Acme’s access request',
  'Manage your WhatsApp accounts',
  'Manage and access conversations in WhatsApp',
  'Reconnect to Acme?',
  'Edit previous settings',
  'Select all',
  'ID: 100000000000101',
  'People',
  'Full control',
  '(You)',
  'WhatsApp accounts',
  'Admin permission required',
];
const DECOY_TEXTS = ['Selected', 'selected', 'Selecionado', 'Seleccionado', 'checked', '✓', 'true', 'aria-checked="true"', 'Example WABA', 'Sample Sales'];
const WEIRD_TEXTS = ['\u202e\u200b\u0000', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'ﷺ', '\ud800', 'a'.repeat(5000), '<script>alert(1)</script>', '{app}', '(.*)+$'];

const text = fc.oneof(fc.constantFrom(...ANCHOR_TEXTS), fc.constantFrom(...DECOY_TEXTS), fc.constantFrom(...WEIRD_TEXTS), fc.string({ unit: 'binary', maxLength: 40 }));
const TAGS = ['div', 'span', 'label', 'input', 'li', 'ul', 'h2', 'button', 'a', 'section', 'table', 'tr', 'td', 'b', 'select', 'option', 'nav'] as const;
const ROLES = ['checkbox', 'radio', 'switch', 'option', 'dialog', 'alertdialog', 'alert', 'heading', 'row', 'listitem', 'gridcell', 'button', 'link', 'combobox', 'progressbar', 'navigation', 'menuitemcheckbox', 'listbox', 'grid', '', 'checkbox radio'];

type Attr = [string, string];
type Spec = { text: string } | { tag: (typeof TAGS)[number]; attrs: Attr[]; children: Spec[] };

/** Attributes, with every state a control can carry *except* "on" when `allowOn` is false. */
function attrArb(allowOn: boolean): fc.Arbitrary<Attr> {
  const states = allowOn ? ['true', 'false', 'mixed', 'TRUE', ' true ', 'yes', ''] : ['false', 'mixed', 'yes', '', 'undefined', 'null', '1'];
  const idRef = fc.constantFrom('a', 'b', 'c', 'd', 'a b', 'missing', '');
  return fc.oneof(
    fc.tuple(fc.constant('role'), fc.constantFrom(...ROLES)),
    fc.tuple(fc.constantFrom('aria-checked', 'aria-selected', 'aria-pressed'), fc.constantFrom(...states)),
    fc.tuple(fc.constant('type'), fc.constantFrom('checkbox', 'radio', 'hidden', 'text', 'CHECKBOX')),
    fc.tuple(fc.constantFrom('id', 'for', 'aria-labelledby'), idRef),
    fc.tuple(fc.constant('aria-label'), text),
    fc.tuple(fc.constantFrom('hidden', 'inert', 'disabled'), fc.constant('')),
    fc.tuple(fc.constantFrom('aria-hidden', 'aria-disabled', 'aria-busy', 'aria-modal', 'aria-current'), fc.constantFrom('true', 'false', 'page')),
    fc.tuple(fc.constant('style'), fc.constantFrom('display:none', 'visibility: hidden', 'color:red', '')),
    fc.tuple(fc.constant('lang'), fc.constantFrom('en', 'es-LA', 'pt_BR', 'xx', '')),
    fc.tuple(fc.constant('value'), fc.constantFrom('100000000000101', 'abc', '')),
    fc.tuple(fc.constant('class'), fc.constantFrom('x1n2onr6 x9f619', 'selected checked', '')),
    ...(allowOn ? [fc.tuple(fc.constantFrom('checked', 'selected'), fc.constant(''))] : []),
  );
}

/** A WABA-list row as Meta builds them: a checkbox-family control, a name, decoy text; random states. */
function rowArb(allowOn: boolean): fc.Arbitrary<Spec> {
  const state = fc.constantFrom(...(allowOn ? ['true', 'false', 'mixed', 'junk'] : ['false', 'mixed', 'junk']));
  const control: fc.Arbitrary<Spec> = fc.oneof(
    state.map((s) => ({ tag: 'div' as const, attrs: [['role', 'checkbox'], ['aria-checked', s]] as Attr[], children: [] })),
    fc.boolean().map((on) => ({ tag: 'input' as const, attrs: [['type', 'checkbox'], ...(allowOn && on ? [['checked', ''] as Attr] : [])] as Attr[], children: [] })),
    state.map((s) => ({ tag: 'span' as const, attrs: [['role', 'switch'], ['aria-checked', s], ['aria-label', 'Example WABA']] as Attr[], children: [] })),
  );
  return fc
    .tuple(control, fc.constantFrom('Example WABA', 'Sample Sales', 'Opt in to current WhatsApp accounts only', ''), fc.constantFrom(...DECOY_TEXTS, 'ID: 100000000000101'), fc.constantFrom('listitem', 'row', 'option', ''))
    .map(([ctrl, name, decoy, role]) => ({ tag: 'div' as const, attrs: role ? ([['role', role]] as Attr[]) : [], children: [ctrl, { text: name }, { tag: 'span' as const, attrs: [], children: [{ text: decoy }] }] }));
}

function treeArb(allowOn: boolean): fc.Arbitrary<Spec> {
  const tags = allowOn ? TAGS : TAGS.filter((t) => t !== 'select');
  const { node } = fc.letrec<{ node: Spec; element: Spec }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text.map((t) => ({ text: t })), rowArb(allowOn), tie('element')),
    element: fc.record({
      tag: fc.constantFrom(...tags),
      attrs: fc.array(attrArb(allowOn), { maxLength: 5 }),
      children: fc.array(tie('node'), { maxLength: 5 }),
    }),
  }));
  return node;
}

function build(doc: Document, spec: Spec): Node {
  if ('text' in spec) return doc.createTextNode(spec.text);
  const el = doc.createElement(spec.tag);
  for (const [name, value] of spec.attrs) el.setAttribute(name, value);
  for (const child of spec.children) el.append(build(doc, child));
  return el;
}

/** A page that anchors the WABA step (so its reader really runs) around an arbitrary tree, or the tree alone. */
function page(spec: Spec, anchored: boolean, lang: string): Document {
  const doc = document.implementation.createHTMLDocument('');
  doc.documentElement.setAttribute('lang', lang);
  const host = doc.createElement('div');
  if (anchored) {
    host.setAttribute('role', 'dialog');
    const heading = doc.createElement('h2');
    heading.textContent = 'Choose the WhatsApp accounts you want Acme to access.';
    host.append(heading);
  }
  host.append(build(doc, spec));
  doc.body.append(host);
  return doc;
}

/** Controls whose own state is "on": the only things allowed to make a WABA selected. */
function onControls(doc: Document): number {
  let count = 0;
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    const native = el.localName === 'input' && (el as HTMLInputElement).checked === true;
    const aria = ['aria-checked', 'aria-selected', 'aria-pressed'].some((a) => (el.getAttribute(a) ?? '').trim().toLowerCase() === 'true');
    const option = el.localName === 'option' && (el as HTMLOptionElement).selected;
    if (native || aria || option) count++;
  }
  return count;
}

describe('readers never throw', () => {
  it('on arbitrary strings parsed as HTML', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.constantFrom(undefined, 'en', 'es', 'pt-BR', 'zz'), (html, lang) => {
        readAll(new DOMParser().parseFromString(html, 'text/html'), lang);
      }),
      { numRuns: 200 },
    );
  });

  it('on arbitrary HTML-ish token soup (tags, roles, ARIA, anchors)', () => {
    const token = fc.oneof(
      fc.constantFrom('<div>', '</div>', '<span role="checkbox" aria-checked="true">', '<input type="checkbox" checked>', '<label for="a">', '</label>', '<div role="dialog">', '<h2>', '</h2>', '<li role="row">', '<input type=radio checked>', '<div hidden>', '<!--', '-->', '<svg><foreignObject><div role=checkbox aria-checked=true>', '<template>', '<table><tr><td>'),
      fc.constantFrom(...ANCHOR_TEXTS, ...DECOY_TEXTS),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 80 }), fc.constantFrom(undefined, 'en', 'es', 'pt-BR'), (tokens, lang) => {
        readAll(new DOMParser().parseFromString(tokens.join(''), 'text/html'), lang);
      }),
      { numRuns: 200 },
    );
  });

  it('on generated hostile trees, anchored or not, in every language', () => {
    fc.assert(
      fc.property(treeArb(true), fc.boolean(), fc.constantFrom('en', 'es', 'pt-BR', 'zz'), (spec, anchored, lang) => {
        readAll(page(spec, anchored, lang));
      }),
      { numRuns: 300 },
    );
  });

  it('on very deep nesting (10 000 levels) around a real step', () => {
    const doc = loadMetaFixture('waba-selection.en.html');
    let inner: Element = doc.body;
    for (let i = 0; i < 10_000; i++) {
      const div = doc.createElement(i % 2 ? 'div' : 'span');
      inner.append(div);
      inner = div;
    }
    inner.append(doc.createTextNode('Choose the WhatsApp accounts you want Acme to access.'));
    const reading = readAll(doc);
    expect(reading.kind).toBe('waba-selection');
  });

  it('on huge attribute values and texts', () => {
    const doc = loadMetaFixture('waba-selection.en.html');
    const huge = 'x'.repeat(1_000_000);
    for (const box of Array.from(doc.querySelectorAll('[role="checkbox"]'))) {
      box.setAttribute('aria-label', huge);
      box.setAttribute('aria-labelledby', Array.from({ length: 5000 }, (_, i) => `id${i}`).join(' '));
    }
    doc.body.append(doc.createTextNode(huge));
    const reading = readAll(doc);
    expect(reading.kind).toBe('waba-selection');
    for (const waba of reading.wabas) expect(waba.name.length).toBeLessThanOrEqual(200);
  });

  // Building 61 000 happy-dom nodes takes a few seconds alone and far longer on a busy machine;
  // what these cases check is the reader's bound, not a speed (that is in `npm run bench`).
  it('on a wide page (60 000+ elements) around the dialog: bounded, and the dialog is still read', { timeout: 120_000 }, () => {
    const doc = loadMetaFixture('waba-selection.en.html');
    const filler = doc.createElement('div');
    for (let i = 0; i < 61_000; i++) filler.append(doc.createElement('i'));
    doc.body.prepend(filler);
    expect(readAll(doc).kind).toBe('waba-selection');
  });

  it('on a wide dialog (60 000+ elements before its content): flagged as truncated, never a guess', { timeout: 120_000 }, () => {
    const doc = loadMetaFixture('waba-selection.en.html');
    const dialog = doc.querySelector('[role="dialog"]') as Element;
    const filler = doc.createElement('div');
    for (let i = 0; i < 61_000; i++) filler.append(doc.createElement('i'));
    dialog.prepend(filler);
    const reading = readAll(doc);
    expect(reading.evidence).toContain('truncated');
    expect(reading.wabas.filter((w) => w.selected === true).length).toBeLessThanOrEqual(2);
  });
});

describe('never selected unless the control says so', () => {
  it('no control is on → no WABA selected, no mode, no portfolio selected (whatever the text says)', () => {
    let exercised = 0;
    fc.assert(
      fc.property(treeArb(false), fc.constantFrom('en', 'es', 'pt-BR'), (spec, lang) => {
        const doc = page(spec, true, lang);
        expect(onControls(doc)).toBe(0);
        const reading = readAll(doc);
        if (reading.wabas.length > 0) exercised++;
        expect(reading.wabas.filter((w) => w.selected === true)).toEqual([]);
        expect(reading.wabaMode).toBeNull();
        expect(reading.businesses.filter((b) => b.selected === true)).toEqual([]);
      }),
      { numRuns: 400 },
    );
    // The property must have actually seen WABA lists, or it proves nothing.
    expect(exercised).toBeGreaterThan(20);
  });

  it('selected WABAs never outnumber the controls that are on', () => {
    let exercised = 0;
    fc.assert(
      fc.property(treeArb(true), (spec) => {
        const doc = page(spec, true, 'en');
        const reading = readAll(doc);
        const selected = reading.wabas.filter((w) => w.selected === true).length;
        if (selected > 0) exercised++;
        expect(selected).toBeLessThanOrEqual(onControls(doc));
      }),
      { numRuns: 400 },
    );
    expect(exercised).toBeGreaterThan(10);
  });

  it('each WABA of a real step reads exactly its own control state', () => {
    const state = fc.constantFrom('true', 'false', 'mixed', 'garbage', null);
    fc.assert(
      fc.property(fc.tuple(state, state, state), fc.constantFrom('Selected', 'selected', '✓ checked', ''), (states, decoy) => {
        const doc = loadMetaFixture('waba-selection.en.html');
        const boxes = Array.from(doc.querySelectorAll('[role="list"] [role="checkbox"]'));
        boxes.forEach((box, i) => {
          const s = states[i] ?? null;
          if (s === null) box.removeAttribute('aria-checked');
          else box.setAttribute('aria-checked', s);
          // Decoy text beside each box, claiming it is selected.
          box.parentElement?.append(doc.createTextNode(decoy));
        });
        const reading = readAll(doc);
        expect(reading.wabas.map((w) => w.selected)).toEqual(states.map((s) => (s === 'true' ? true : s === 'false' ? false : null)));
      }),
      { numRuns: 100 },
    );
  });

  it('a fake "checked" control nested inside a WABA control never turns it on', () => {
    const doc = loadMetaFixture('waba-selection.en.html');
    const box = doc.querySelector('[role="checkbox"][aria-checked="false"]') as Element;
    const fake = doc.createElement('div');
    fake.setAttribute('role', 'checkbox');
    fake.setAttribute('aria-checked', 'true');
    fake.textContent = 'Example Clinic Sales';
    box.append(fake);
    const sales = readAll(doc).wabas.find((w) => w.name === 'Example Clinic Sales');
    // The outer control says off, the nested one says on: conflicting, so unknown, never true.
    expect(sales?.selected).toBeNull();
  });

  it('a label pointing at another control does not borrow that control’s state', () => {
    const doc = loadMetaFixture('waba-selection.en.html');
    const [first, second] = Array.from(doc.querySelectorAll('[role="list"] [role="checkbox"]')) as Element[];
    // Point the unchecked box's name at the checked box's label: it is still unchecked.
    second?.setAttribute('aria-labelledby', first?.getAttribute('aria-labelledby') ?? '');
    const reading = readAll(doc);
    expect(reading.wabas.filter((w) => w.name === 'Example Clinic Support').map((w) => w.selected).sort()).toEqual([false, true]);
  });
});
