/**
 * `npm run conformance -- --base-url URL --token TOKEN [...]`: checks a live backend against the
 * v1 contract (scripts/conformance/). Prints a table, or JSON with --json; exit code 1 when any
 * check fails, 2 on bad arguments.
 */
import { HELP, parseArgs, USAGE } from './conformance/args';
import { redact, renderJson, renderTable } from './conformance/report';
import { runConformance } from './conformance/runner';

const parsed = parseArgs(process.argv.slice(2), process.env);
if (!parsed.ok) {
  console.error(`conformance: ${parsed.error}\n${USAGE}`);
  process.exit(2);
}
if ('help' in parsed) {
  console.log(HELP);
  process.exit(0);
}
const { options, json } = parsed;
try {
  const run = await runConformance(options);
  process.stdout.write(json ? renderJson(run, options.token) : renderTable(run, options.token));
  process.exitCode = run.failed > 0 ? 1 : 0;
} catch (error) {
  console.error(redact(`conformance: ${error instanceof Error ? error.message : String(error)}`, options.token));
  process.exit(2);
}
