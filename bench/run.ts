/**
 * `npm run bench [-- <filter>]`: runs every bench/*.bench.ts (or those whose name contains <filter>),
 * prints each one's table, writes its full result to bench/results/<name>.json, and regenerates
 * the README's recorded results from those files (bench/readme.ts). `npm run bench -- --readme`
 * only regenerates the README.
 *
 * A bench module's default export is a `Bench` (bench/types.ts). Timings live here and only here:
 * tests assert deterministic things (sizes, counts), never durations.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeReadme } from './readme';
import type { Bench, BenchResult } from './types';

const DIR = path.resolve('bench');
const RESULTS = path.join(DIR, 'results');

function printTable(result: BenchResult): void {
  const widths = result.columns.map((c, i) => Math.max(c.length, ...result.rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells: readonly (string | number)[]) => cells.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join('  ');
  console.log(`\n${result.title}`);
  console.log(line(result.columns));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of result.rows) console.log(line(row));
  for (const note of result.notes) console.log(`  · ${note}`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--readme')) {
    console.log(writeReadme() ? 'README.md: recorded bench results regenerated' : 'README.md: recorded bench results already up to date');
    return;
  }
  const filter = process.argv[2];
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
    .sort();
  if (files.length === 0) throw new Error(`No bench/*.bench.ts${filter ? ` matching "${filter}"` : ''}.`);
  mkdirSync(RESULTS, { recursive: true });
  let failed = 0;
  for (const file of files) {
    const name = file.replace(/\.bench\.ts$/, '');
    const bench = (await import(pathToFileURL(path.join(DIR, file)).href)).default as Bench;
    console.log(`\n▶ ${name}: ${bench.description}`);
    try {
      const result = await bench.run();
      printTable(result);
      const out = path.join(RESULTS, `${name}.json`);
      writeFileSync(out, `${JSON.stringify({ bench: name, at: new Date().toISOString(), ...result }, null, 2)}\n`);
      console.log(`  → ${path.relative(process.cwd(), out)}`);
      if (result.passed === false) {
        failed++;
        console.log(`  ✗ ${name}: over its target`);
      }
    } catch (error) {
      failed++;
      console.error(`  ✗ ${name} failed:`, error);
    }
  }
  // The README's recorded results follow what was just recorded (bench/readme.ts).
  if (writeReadme()) console.log('\n  → README.md: recorded bench results regenerated');
  process.exitCode = failed ? 1 : 0;
}

await main();
