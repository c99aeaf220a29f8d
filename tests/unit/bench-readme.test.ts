import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { README_END, README_START, readResults, renderResults, withRegion, type RecordedResult } from '../../bench/readme';

const readme = readFileSync(path.resolve('README.md'), 'utf8');

describe("README's recorded bench results", () => {
  it('are exactly what the checked-in bench/results/*.json give (regenerate: npm run bench -- --readme)', () => {
    const expected = withRegion(readme, renderResults(readResults()));
    const region = (text: string) => text.slice(text.indexOf(README_START), text.indexOf(README_END));
    expect(region(readme)).toBe(region(expected));
  });

  it('a figure typed into the region no longer matches', () => {
    const results = readResults();
    const generated = withRegion(readme, renderResults(results));
    const first = results.find((r) => r.result.rows.length > 0)!;
    const figure = String(first.result.rows[0]![1]);
    const start = generated.indexOf(README_START);
    const typed = generated.slice(0, start) + generated.slice(start).replace(`| ${figure} |`, `| ${figure}9 |`);
    expect(typed).not.toBe(generated);
    expect(withRegion(typed, renderResults(results))).toBe(generated);
  });

  it('renders a result as its table, notes and source file; pipes and line breaks stay inside a cell', () => {
    const result: RecordedResult = { bench: 'x', at: '2026-12-02T06:00:00.000Z', title: 'T', columns: ['a', 'b'], rows: [['1|2', 3]], notes: ['line\nbreak'], passed: false };
    expect(renderResults([{ file: 'x.json', result }])).toContain(
      ['#### T', '', '`bench/results/x.json`, recorded 2026-12-02 06:00 UTC. **A target was missed.**', '', '| a | b |', '|---|---|', '| 1\\|2 | 3 |', '', '- line break'].join('\n'),
    );
  });

  it('refuses a README without the region', () => {
    expect(() => withRegion('# no region', 'x')).toThrow(/no bench-results region/);
  });
});
