/**
 * What does one read of a big People page cost in lib/screens?
 *
 *   happy-dom document ─► Business Settings > People with ROWS person rows (default 1,500), each shaped
 *   like tests/fixtures/meta/people.en.html (grid row, two gridcells, avatar, name, e-mail, access
 *   level), the signed-in person's "(You)" row in the middle, plus a settings side menu
 *     readPeoplePage(main)           the page's lang picks the English pack (one walk)
 *     readPeoplePage(main, no lang)  no usable <html lang>: every pack is tried (the fallback)
 *     readScreen(main)               the dialog reader on the same page (it finds nothing: unknown)
 *     readScreen(main, no lang)      the same, every pack tried
 * Each figure is the median of BENCH_RUNS (default 15) reads after one warm-up read. happy-dom is
 * slower than a browser's DOM, so these are relative figures for before/after comparisons, not the
 * in-page cost (bench/content-script-cpu.bench.ts measures that in Chromium).
 */
import { Window } from 'happy-dom';
import { readPeoplePage } from '../lib/screens/people-page';
import { readScreen } from '../lib/screens/read-screen';
import type { Bench, BenchResult } from './types';

const ROWS = Number(process.env.BENCH_PEOPLE_ROWS ?? 1500);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const ACCESS = ['Full control (Everything)', 'Partial access (Basic)'];

function peopleHtml(rows: number, lang: string | null): string {
  const self = Math.floor(rows / 2);
  const row = (i: number) =>
    `<div role="row" aria-selected="false" class="x78zum5 x1i10hfl">` +
    `<div role="gridcell" class="x1iyjqo2"><img alt="" aria-hidden="true" src="data:," class="x1rg5ohu">` +
    `<span class="x193iq5w" dir="auto">Person ${String(i).padStart(4, '0')} Example</span>` +
    (i === self ? `<span class="x1fcty0u" dir="auto">(You)</span>` : '') +
    `<span class="x1fcty0u" dir="auto">person${i}@example.test</span></div>` +
    `<div role="gridcell" class="x1iyjqo2"><div class="x6s0dn4"><span class="x193iq5w" dir="auto">${ACCESS[i % 7 === 0 ? 0 : 1]}</span></div></div>` +
    `</div>`;
  const menu = Array.from({ length: 40 }, (_, i) => `<li><a href="/latest/settings/x${i}" class="x1i10hfl"><span class="x193iq5w" dir="auto">Setting ${i}</span></a></li>`).join('');
  return (
    `<!DOCTYPE html><html${lang ? ` lang="${lang}"` : ''}><head><title>Business settings</title></head><body>` +
    `<div id="mount_0_0_Pe" class="x9f619"><div class="x78zum5"><nav aria-label="Business settings"><ul>${menu}</ul></nav>` +
    `<div role="main" class="x1iyjqo2"><div class="x78zum5"><div role="heading" aria-level="1"><span dir="auto">People</span></div>` +
    `<div role="button" tabindex="0"><span dir="auto">Invite people</span></div></div>` +
    `<div role="grid" aria-label="People"><div role="row"><div role="columnheader"><span dir="auto">Name</span></div>` +
    `<div role="columnheader"><span dir="auto">Business portfolio access</span></div></div>` +
    Array.from({ length: rows }, (_, i) => row(i)).join('') +
    `</div></div></div></div></body></html>`
  );
}

function load(html: string): { main: Element; elements: number } {
  const window = new Window({ url: 'https://business.facebook.com/latest/settings/business_users' });
  window.document.write(html);
  const doc = window.document as unknown as Document;
  return { main: doc.querySelector('[role="main"]') as Element, elements: doc.getElementsByTagName('*').length };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function time(fn: () => unknown): { median: number; min: number; max: number; result: unknown } {
  const result = fn(); // warm-up (regex compilation, JIT), and the reading we report
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), result };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

const bench: Bench = {
  description: `lib/screens readPeoplePage / readScreen on a ${ROWS}-row People page in happy-dom (median of ${RUNS})`,
  async run(): Promise<BenchResult> {
    const en = load(peopleHtml(ROWS, 'en'));
    const bare = load(peopleHtml(ROWS, null));
    const cases = [
      { name: 'readPeoplePage (lang=en)', elements: en.elements, fn: () => readPeoplePage(en.main) },
      { name: 'readPeoplePage (no lang, all packs)', elements: bare.elements, fn: () => readPeoplePage(bare.main) },
      { name: 'readScreen (lang=en)', elements: en.elements, fn: () => readScreen(en.main) },
      { name: 'readScreen (no lang, all packs)', elements: bare.elements, fn: () => readScreen(bare.main) },
    ];
    const rows: (string | number)[][] = [];
    const data: Record<string, unknown>[] = [];
    for (const c of cases) {
      const t = time(c.fn);
      const reading = t.result as { kind: string; people?: unknown[]; self?: unknown };
      const summary = `${reading.kind}${reading.people ? `, ${reading.people.length} people, self ${JSON.stringify(reading.self)}` : ''}`;
      rows.push([c.name, c.elements, round(t.median), round(t.min), round(t.max), summary]);
      data.push({ case: c.name, elements: c.elements, medianMs: round(t.median), minMs: round(t.min), maxMs: round(t.max), reading: summary });
    }
    return {
      title: `lib/screens readers on a ${ROWS}-row People page (happy-dom, ms)`,
      columns: ['read', 'elements', 'median', 'min', 'max', 'reading'],
      rows,
      notes: [
        `median of ${RUNS} reads after one warm-up; BENCH_PEOPLE_ROWS / BENCH_RUNS change the size and runs`,
        'happy-dom is slower than Chromium’s DOM: compare before/after on one machine, not across machines',
      ],
      data: { rows: ROWS, runs: RUNS, cases: data },
    };
  },
};

export default bench;
