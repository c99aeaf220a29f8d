/**
 * Markup variants the fixtures do not cover: Meta's real dialog will differ from our fixtures, so
 * the readers are checked against the other ways the same step can be built with roles and labels.
 */
import { describe, expect, it } from 'vitest';
import { readScreen } from './read-screen';

const TITLE = '<h2>Choose the WhatsApp accounts you want Acme to access.</h2>';
const MODE_SELECTED = '<div role="radiogroup"><div role="radio" aria-checked="true">Opt in to current WhatsApp accounts only</div></div>';
const doc = (body: string, lang = 'en') => new DOMParser().parseFromString(`<html lang="${lang}"><body><div role="dialog">${body}</div></body></html>`, 'text/html');
const wabasOf = (body: string) => readScreen(doc(`${TITLE}${MODE_SELECTED}${body}`)).wabas.map((w) => [w.name, w.selected]);

describe('WABA list markup variants', () => {
  it('a multi-select listbox of options (aria-selected)', () => {
    expect(wabasOf('<div role="listbox" aria-multiselectable="true"><div role="option" aria-selected="true">One</div><div role="option" aria-selected="false">Two</div></div>')).toEqual([
      ['One', true],
      ['Two', false],
    ]);
  });
  it('native checkboxes named by <label for>', () => {
    expect(wabasOf('<input type="checkbox" id="w1" checked><label for="w1">One</label><input type="checkbox" id="w2"><label for="w2">Two</label>')).toEqual([
      ['One', true],
      ['Two', false],
    ]);
  });
  it('native checkboxes named by aria-label', () => {
    expect(wabasOf('<input type="checkbox" aria-label="One" checked><input type="checkbox" aria-label="Two">')).toEqual([
      ['One', true],
      ['Two', false],
    ]);
  });
  it('a role=checkbox wrapping a native input: agreeing states read once, disagreeing ones are unknown', () => {
    expect(wabasOf('<div role="checkbox" aria-checked="true" aria-label="One"><input type="checkbox" checked></div><div role="checkbox" aria-checked="true" aria-label="Two"><input type="checkbox"></div>')).toEqual([
      ['One', true],
      ['Two', null],
    ]);
  });
  it('a switch and a menuitemcheckbox count as checkboxes', () => {
    expect(wabasOf('<div role="switch" aria-checked="false" aria-label="One"></div><div role="menuitemcheckbox" aria-checked="true" aria-label="Two"></div>')).toEqual([
      ['One', false],
      ['Two', true],
    ]);
  });
  it('hidden rows (hidden, aria-hidden, inline display:none) are not on screen', () => {
    expect(
      wabasOf('<div hidden><input type="checkbox" aria-label="A" checked></div><div aria-hidden="true"><input type="checkbox" aria-label="B" checked></div><div style="display: none"><input type="checkbox" aria-label="C" checked></div><input type="checkbox" aria-label="D">'),
    ).toEqual([['D', false]]);
  });
  it('aria-checked values other than true/false are unknown', () => {
    expect(wabasOf('<div role="checkbox" aria-checked="mixed" aria-label="A"></div><div role="checkbox" aria-checked="yes" aria-label="B"></div><div role="checkbox" aria-label="C"></div>')).toEqual([
      ['A', null],
      ['B', null],
      ['C', null],
    ]);
  });
  it('an indeterminate native checkbox is unknown', () => {
    const d = doc(`${TITLE}${MODE_SELECTED}<input type="checkbox" aria-label="A" checked>`);
    (d.querySelector('input[type="checkbox"]') as HTMLInputElement).indeterminate = true;
    expect(readScreen(d).wabas).toEqual([{ name: 'A', selected: null, id: null, disabled: false }]);
  });
  it('takes the id from a numeric input value', () => {
    expect(readScreen(doc(`${TITLE}<input type="checkbox" aria-label="A" value="100000000000777" checked>`)).wabas[0]?.id).toBe('100000000000777');
  });
  it('skips a bulk "Select all" and unnamed boxes (noted in evidence)', () => {
    const reading = readScreen(doc(`${TITLE}<div role="checkbox" aria-checked="true" aria-label="Select all"></div><div role="checkbox" aria-checked="true"></div><div role="checkbox" aria-checked="true" aria-label="One"></div>`));
    expect(reading.wabas.map((w) => w.name)).toEqual(['One']);
    expect(reading.evidence).toContain('waba-selection:unnamed-checkboxes:1');
  });
});

describe('mode variants', () => {
  it('mode labels with a description after them (aria-labelledby on label + description)', () => {
    const d = doc(`${TITLE}<input type="radio" aria-labelledby="l1 d1"><span id="l1">Opt in to all current and future WhatsApp accounts</span><span id="d1">Includes accounts you create later</span><input type="radio" checked aria-labelledby="l2"><span id="l2">Opt in to current WhatsApp accounts only</span>`);
    expect(readScreen(d).wabaMode).toBe('selected');
  });
  it('both radios on is contradictory: unknown, noted', () => {
    const d = doc(`${TITLE}<div role="radio" aria-checked="true">Opt in to all current and future WhatsApp accounts</div><div role="radio" aria-checked="true">Opt in to current WhatsApp accounts only</div>`);
    const reading = readScreen(d);
    expect(reading.wabaMode).toBeNull();
    expect(reading.evidence).toContain('waba-selection:both-modes-on');
  });
  it('the "Activate…" wording of the same radios', () => {
    expect(readScreen(doc(`${TITLE}<div role="radio" aria-checked="true">Activate all current and future WhatsApp accounts</div>`)).wabaMode).toBe('all');
  });
});

describe('kind resolution', () => {
  it('one anchor only gives low confidence', () => {
    expect(readScreen(doc(TITLE))).toMatchObject({ kind: 'waba-selection', confidence: 'low', wabas: [], wabaMode: null });
  });
  it('portfolio and WABA anchors on one page (ES v4 asset selection): the WABA step, both read', () => {
    const reading = readScreen(doc(`<h2>Select a business portfolio</h2><div role="radio" aria-checked="true">Example Clinic</div>${TITLE}<div role="checkbox" aria-checked="true" aria-label="One"></div>`));
    expect(reading.kind).toBe('waba-selection');
    expect(reading.businesses).toEqual([{ name: 'Example Clinic', selected: true, id: null, disabled: false }]);
    expect(reading.wabas).toEqual([{ name: 'One', selected: true, id: null, disabled: false }]);
  });
  it('two different steps with equal anchors: ambiguous, unknown', () => {
    const reading = readScreen(doc('<h2>Reconnect to Acme?</h2><h2>Review Acme\'s access request</h2>'));
    expect(reading.kind).toBe('unknown');
    expect(reading.evidence).toContain('ambiguous:reconnect-confirm/permissions-review');
  });
  it('a blocking error wins over the step it appears on, and the step is still read', () => {
    const reading = readScreen(doc(`${TITLE}${MODE_SELECTED}<div role="alert">Admin permission required</div>`));
    expect(reading).toMatchObject({ kind: 'error', wabaMode: 'selected', alerts: [{ kind: 'not-admin', rule: 'admin-permission-required', blocking: true }] });
  });
  it('an unknown role=alert is reported but does not make an error screen', () => {
    const reading = readScreen(doc(`${TITLE}<div role="alert">Please try again in a moment</div>`));
    expect(reading.kind).toBe('waba-selection');
    expect(reading.alerts).toEqual([{ kind: 'unrecognized', rule: 'role-alert', text: 'Please try again in a moment', blocking: false }]);
  });
  it('an empty document', () => {
    expect(readScreen(new DOMParser().parseFromString('', 'text/html'))).toMatchObject({ kind: 'unknown', confidence: 'none', lang: null });
  });
  it('a detached fragment as root', () => {
    const fragment = doc(TITLE).createDocumentFragment();
    fragment.append(doc(`${TITLE}${MODE_SELECTED}`).body.cloneNode(true));
    expect(readScreen(fragment, { lang: 'en' })).toMatchObject({ kind: 'waba-selection', wabaMode: 'selected' });
  });
  it('a visibility callback that throws counts as visible, never as a crash', () => {
    const reading = readScreen(doc(`${TITLE}${MODE_SELECTED}`), {
      isVisible: () => {
        throw new Error('boom');
      },
    });
    expect(reading).toMatchObject({ kind: 'waba-selection', wabaMode: 'selected' });
  });
});

describe('permissions variants', () => {
  it('a toggle named by the label via aria-label', () => {
    const reading = readScreen(doc('<h2>Review Acme\'s access request</h2><div role="switch" aria-checked="true" aria-label="Manage your WhatsApp accounts"></div><div role="switch" aria-checked="false" aria-label="Manage and access conversations in WhatsApp"></div>'));
    expect(reading.permissions).toEqual([
      { scope: 'whatsapp_business_management', granted: true },
      { scope: 'whatsapp_business_messaging', granted: false },
    ]);
  });
  it('a toggle in another row (the e-mail permission) is not borrowed by a toggle-less WhatsApp row', () => {
    const reading = readScreen(
      doc('<h2>Review Acme\'s access request</h2><ul><li><span>Manage your WhatsApp accounts</span></li><li><span>Receive your email address</span><input type="checkbox" checked></li></ul>'),
    );
    expect(reading.permissions).toEqual([{ scope: 'whatsapp_business_management', granted: null }]);
  });
  it('the same permission shown twice with different states is unknown', () => {
    const reading = readScreen(doc('<h2>Review Acme\'s access request</h2><div role="switch" aria-checked="true" aria-label="Manage your WhatsApp accounts"></div><div role="switch" aria-checked="false" aria-label="Manage your WhatsApp accounts"></div>'));
    expect(reading.permissions).toEqual([{ scope: 'whatsapp_business_management', granted: null }]);
    expect(reading.evidence).toContain('permissions-review:conflicting-states:whatsapp_business_management');
  });
});
