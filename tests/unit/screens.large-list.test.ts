/**
 * The WhatsApp account step with hundreds of accounts (admins of agencies and resellers see 400+):
 *   - it reads exactly what a person sees, row by row, in the layouts Meta uses (a role=checkbox
 *     named by aria-labelledby; a native checkbox inside its <label> row; a role=checkbox wrapping a
 *     native input), with hidden rows, greyed rows and names that need normalising;
 *   - the work of one read grows linearly with the accounts, stated as counts, not timings:
 *     at most one `isVisible` call per element, and a bounded number of `contains()` calls per row
 *     (the pairwise scans this replaced made 400 accounts cost 160,000 calls per scan).
 */
import { describe, expect, it, vi } from 'vitest';
import { readScreen } from '../../lib/screens/read-screen';
import type { WabaEntry } from '../../lib/screens/types';
import { loadMetaFixture } from '../support/meta-fixtures';

type Layout = 'labelledby' | 'native-label' | 'wrapped-native';

/** What a person sees in row `i`, by construction. */
function rowOf(i: number): { name: string; shown: string; checked: boolean; disabled: boolean; hidden: boolean; id: string } {
  // Some names carry what Meta's markup carries: NBSPs, a bidi isolate, curly apostrophes, a decomposed é.
  const raw = i % 7 === 0 ? `Acme\u00a0\u00a0Line ${i}` : i % 11 === 0 ? `\u2068Ren\u0065\u0301’s Line ${i}\u2069` : `Other Line ${i}`;
  const shown = i % 7 === 0 ? `Acme Line ${i}` : i % 11 === 0 ? `René's Line ${i}` : raw;
  return { name: raw, shown, checked: i % 3 === 0, disabled: i % 13 === 5, hidden: i % 17 === 4, id: String(900000000100000 + i) };
}

/** The fixture's WABA step with `n` more accounts appended to its list, in one layout. */
function dialogWith(n: number, layout: Layout): Document {
  const doc = loadMetaFixture('waba-selection.en.html');
  const list = doc.querySelector('[role="dialog"] [role="list"]') as Element;
  for (let i = 0; i < n; i++) {
    const row = rowOf(i);
    const item = doc.createElement('div');
    item.setAttribute('role', 'listitem');
    if (row.hidden) item.setAttribute('hidden', '');
    if (row.disabled) item.setAttribute('aria-disabled', 'true');
    const text = doc.createElement('div');
    const name = doc.createElement('span');
    name.textContent = row.name;
    const id = doc.createElement('span');
    id.textContent = `ID: ${row.id}`;
    text.append(name, id);
    if (layout === 'labelledby') {
      const box = doc.createElement('div');
      box.setAttribute('role', 'checkbox');
      box.setAttribute('aria-checked', String(row.checked));
      box.setAttribute('aria-labelledby', `gen-${i}`);
      name.id = `gen-${i}`;
      item.append(box, text);
    } else {
      const label = doc.createElement('label');
      const input = doc.createElement('input');
      input.type = 'checkbox';
      input.checked = row.checked;
      if (layout === 'wrapped-native') {
        const box = doc.createElement('div');
        box.setAttribute('role', 'checkbox');
        box.setAttribute('aria-checked', String(row.checked));
        box.append(input);
        label.append(box, text);
      } else label.append(input, text);
      item.append(label);
    }
    list.append(item);
  }
  return doc;
}

/** The fixture's own three accounts, then the generated ones a person can see. */
function expectedWabas(n: number): WabaEntry[] {
  const fixture = readScreen(loadMetaFixture('waba-selection.en.html')).wabas;
  const generated: WabaEntry[] = [];
  for (let i = 0; i < n; i++) {
    const row = rowOf(i);
    if (row.hidden) continue;
    generated.push({ name: row.shown, selected: row.checked, id: row.id, disabled: row.disabled });
  }
  return [...fixture, ...generated];
}

describe('a WhatsApp account step with 400 accounts', () => {
  for (const layout of ['labelledby', 'native-label', 'wrapped-native'] as const) {
    it(`reads every visible account, its state, id and greyed-out flag (${layout})`, () => {
      const reading = readScreen(dialogWith(400, layout));
      expect(reading.kind).toBe('waba-selection');
      expect(reading.confidence).toBe('high');
      expect(reading.wabaMode).toBe('selected');
      expect(reading.wabas).toEqual(expectedWabas(400));
      // The printed counter ("2 assets selected") disagrees with the ticks, and the reading says so.
      const ticked = reading.wabas.filter((w) => w.selected === true).length;
      expect(reading.evidence).toContain(`waba-selection:counter-mismatch:2/${ticked}`);
      expect(reading.evidence.filter((e) => e.includes('unknown-states') || e.includes('unnamed'))).toEqual([]);
    });
  }

  it('a wrapper and its native input that disagree make that account unknown, not a guess', () => {
    const doc = dialogWith(400, 'wrapped-native');
    const row = rowOf(40);
    const item = [...doc.querySelectorAll('[role="listitem"]')].find((el) => el.textContent?.includes(`ID: ${row.id}`)) as Element;
    const wrapper = item.querySelector('[role="checkbox"]') as Element;
    wrapper.setAttribute('aria-checked', String(!row.checked));
    const reading = readScreen(doc);
    expect(reading.wabas.find((w) => w.id === row.id)?.selected).toBeNull();
    expect(reading.wabas.filter((w) => w.selected === null)).toHaveLength(1);
    expect(reading.evidence).toContain('waba-selection:unknown-states:1');
  });

  it('the same list read twice, or with an isVisible that says yes to everything, reads the same', () => {
    const doc = dialogWith(400, 'labelledby');
    const plain = readScreen(doc);
    expect(readScreen(doc)).toEqual(plain);
    expect(readScreen(doc, { isVisible: () => true })).toEqual(plain);
  });

  it('a stylesheet-hidden row (isVisible says no) is left out, and everything else stays', () => {
    const doc = dialogWith(400, 'labelledby');
    const hiddenName = doc.getElementById('gen-2') as Element;
    const hiddenItem = hiddenName.closest('[role="listitem"]') as Element;
    const reading = readScreen(doc, { isVisible: (el) => el !== hiddenItem });
    expect(reading.wabas).toEqual(expectedWabas(400).filter((w) => w.id !== rowOf(2).id));
  });
});

describe('the work of one read grows linearly with the accounts', () => {
  function work(n: number): { isVisible: number; elements: number; contains: number } {
    const doc = dialogWith(n, 'labelledby');
    let isVisible = 0;
    const contains = vi.spyOn(Element.prototype, 'contains');
    readScreen(doc, {
      isVisible: () => {
        isVisible++;
        return true;
      },
    });
    const calls = contains.mock.calls.length;
    contains.mockRestore();
    return { isVisible, elements: doc.body.getElementsByTagName('*').length, contains: calls };
  }

  it('asks isVisible at most once per element, and contains() a bounded number of times per row', () => {
    const small = work(200);
    const large = work(400);
    // One visibility question per element of the page, however many views the read builds over it.
    expect(small.isVisible).toBeLessThanOrEqual(small.elements);
    expect(large.isVisible).toBeLessThanOrEqual(large.elements);
    // Twice the rows, about twice the calls (a pairwise scan would make it four times).
    expect(large.contains).toBeLessThanOrEqual(2 * small.contains + 200);
    expect(large.contains).toBeLessThan(20 * 400);
  });
});
