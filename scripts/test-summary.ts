/**
 * Prints the one plain line CI reads: `N passed, N failed, N skipped`, the totals of the unit
 * (Vitest), built-extension (Vitest: manifests, web-ext lint, Firefox) and browser (Playwright)
 * suites, from their JSON reports in .reports/ (not test-results/: Playwright empties that folder
 * when it starts). A suite that did not run
 * (its report is missing) counts as one failure, so a broken early step can never read as green.
 */
import { existsSync, readFileSync } from 'node:fs';

interface Totals { passed: number; failed: number; skipped: number }

function vitest(file: string): Totals {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: r.numPassedTests ?? 0, failed: (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0), skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) };
}

function playwright(file: string): Totals {
  const s = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0), skipped: s.skipped ?? 0 };
}

const total: Totals = { passed: 0, failed: 0, skipped: 0 };
for (const [file, read] of [['.reports/unit.json', vitest], ['.reports/built.json', vitest], ['.reports/e2e.json', playwright]] as const) {
  if (!existsSync(file)) {
    console.error(`${file} missing: that suite did not run`);
    total.failed += 1;
    continue;
  }
  const t = read(file);
  total.passed += t.passed;
  total.failed += t.failed;
  total.skipped += t.skipped;
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
if (total.failed > 0) process.exitCode = 1;
