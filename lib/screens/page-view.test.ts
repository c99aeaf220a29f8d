/**
 * The shortcuts PageView and the People reader take for speed give the same answers as the plain
 * definitions (bench/people-reader.bench.ts measures readPeoplePage on a 1,500-row list):
 *   - innermost() keeps exactly what the pairwise `contains` filter kept, duplicates included;
 *   - normalizeText is the identity on its own printable-ASCII output (textAnchors skips that pass);
 *   - textOf and linesOf share one walk per element: each answers the same whichever ran first;
 *   - the People rows query equals its pairwise definition on generated nested lists.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { innermost, PageView } from './page-view';
import { peopleQueries } from './people-page';
import { en } from './rules/en';
import { matchText, normalizeText } from './text';

const pairwise = <T>(items: readonly T[], elOf: (item: T) => Node) =>
  items.filter((a) => !items.some((b) => b !== a && elOf(a).contains(elOf(b))));

/** A random tree: node i > 0 hangs under an earlier node (parents[i] % i). */
function tree(parents: number[]): Element[] {
  const root = document.createElement('div');
  const nodes: Element[] = [root];
  for (let i = 1; i <= parents.length; i++) {
    const el = document.createElement(i % 3 === 0 ? 'span' : 'div');
    (nodes[(parents[i - 1] as number) % i] as Element).appendChild(el);
    nodes.push(el);
  }
  return nodes;
}

describe('innermost', () => {
  it('keeps what the pairwise contains() filter keeps', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 0, maxLength: 40 }), fc.array(fc.nat(), { maxLength: 30 }), (parents, picks) => {
        const nodes = tree(parents);
        // Picks may repeat an element: as items they are distinct, as elements they are the same.
        const items = picks.map((p) => ({ el: nodes[p % nodes.length] as Element }));
        expect(innermost(items, (i) => i.el)).toEqual(pairwise(items, (i) => i.el));
      }),
      { numRuns: 300 },
    );
  });
});

describe('normalizeText', () => {
  const tricky = fc.constantFrom(' ', '\u00a0', '\n', '\u200b', '\u202e', '\u2019', '\u201c', '(', ')', '¿', '¡', '.', ',', '?', "'", 's', 'a', 'e', '\u0301', 'é', ':');
  const text = fc.oneof(fc.string(), fc.array(tricky, { maxLength: 24 }).map((a) => a.join('')));
  it('is the identity on its own printable-ASCII output', () => {
    fc.assert(
      fc.property(text, (raw) => {
        const once = normalizeText(raw);
        fc.pre(/^[\x20-\x7e]*$/.test(once));
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('textOf / linesOf', () => {
  it('answer the same whichever is asked first (texts around the 600 and 2,400 char bounds)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 900 }), { maxLength: 13 }), fc.nat(), (parents, lengths, hide) => {
        const nodes = tree(parents);
        nodes.forEach((el, i) => el.appendChild(document.createTextNode('x'.repeat(lengths[i] ?? 3))));
        if (nodes.length > 1) (nodes[1 + (hide % (nodes.length - 1))] as Element).setAttribute('hidden', '');
        const root = nodes[0] as Element;
        const textFirst = new PageView(root, en.aria);
        const linesFirst = new PageView(root, en.aria);
        for (const el of nodes) {
          const text = textFirst.textOf(el);
          const lines = linesFirst.linesOf(el);
          expect(textFirst.linesOf(el)).toEqual(lines);
          expect(linesFirst.textOf(el)).toBe(text);
          expect(new PageView(root, en.aria).textOf(el)).toBe(text);
          expect(new PageView(root, en.aria).linesOf(el)).toEqual(lines);
          expect(textFirst.linesOf(el, true)).toEqual(new PageView(root, en.aria).linesOf(el, true));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('people rows query', () => {
  const LINES = ['Full control (Everything)', 'Partial access (Basic)', 'Admin', '(You)', 'You', 'Ana Example', 'ana@example.test', ''];
  // A nested list: each entry is a row element holding some lines and maybe nested rows.
  interface Spec {
    tag: 'li' | 'div-row' | 'div';
    lines: number[];
    children: Spec[];
  }
  const spec: fc.Memo<Spec> = fc.memo((depth) =>
    fc.record({
      tag: fc.constantFrom<Spec['tag']>('li', 'div-row', 'div'),
      lines: fc.array(fc.nat({ max: LINES.length - 1 }), { maxLength: 4 }),
      children: depth > 1 ? fc.array(spec(depth - 1), { maxLength: 3 }) : fc.constant([]),
    }),
  );
  function build(s: Spec): Element {
    const el = document.createElement(s.tag === 'li' ? 'li' : 'div');
    if (s.tag === 'div-row') el.setAttribute('role', 'row');
    for (const i of s.lines) el.appendChild(document.createElement('span')).textContent = LINES[i] as string;
    for (const child of s.children) el.appendChild(build(child));
    return el;
  }

  it('equals its pairwise definition on generated nested lists', () => {
    fc.assert(
      fc.property(fc.array(spec(3), { maxLength: 5 }), (specs) => {
        const root = document.createElement('main');
        for (const s of specs) root.appendChild(build(s));
        const view = new PageView(root, en.aria);
        const access = (l: string) => matchText(l, en.people.fullControl, 'exact') ?? matchText(l, en.people.partialAccess, 'exact');
        const candidates = view.query('[role="row"], [role="listitem"], [role="option"], tr, li').filter((row) => {
          const lines = view.linesOf(row);
          return lines.some((l) => access(l) !== null) && lines.some((l) => access(l) === null && !matchText(l, en.people.self, 'exact'));
        });
        expect(peopleQueries.rows(new PageView(root, en.aria), en)).toEqual(pairwise(candidates, (el) => el));
      }),
      { numRuns: 200 },
    );
  });
});
