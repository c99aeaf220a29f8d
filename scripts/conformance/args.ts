/**
 * `npm run conformance -- --base-url URL --token TOKEN [--workspace ID] [--foreign-workspace ID]
 *  [--origin ORIGIN]… [--allow-writes] [--json]`. The token may also come from the environment
 * (CONFORMANCE_TOKEN), which keeps it out of shell history and process lists.
 */
import { validateBackendUrl } from '../../lib/backend/client';
import { ProductId } from '../../lib/contract';
import type { ConformanceOptions } from './context';
import { chromeOrigin, firefoxOrigin } from './checks/cors';

export const USAGE =
  'usage: npm run conformance -- --base-url URL --token TOKEN [--workspace ID] [--foreign-workspace ID] [--origin ORIGIN]... [--allow-writes] [--json]';

const EXTENSION_ORIGIN = /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36})$/;

export const HELP = `${USAGE}

Checks a live backend against the extension's contract (v1) and prints one line per check:
pass, fail or not-checked, with the reason. Exit code 0 when no check fails, 1 when one does,
2 on bad arguments.

  --base-url URL          the backend's base URL (https, or http on localhost)
  --token TOKEN           an admin access token (or set CONFORMANCE_TOKEN); never printed
  --workspace ID          the workspace to read (default: the first in the status)
  --foreign-workspace ID  a real workspace of another admin: must answer 404
  --origin ORIGIN         an extension origin your CORS allows (repeatable; default: a
                          chrome-extension:// and a moz-extension:// origin)
  --allow-writes          also POST a check, a flow report and a reconnect link request
  --json                  machine-readable output for CI`;

export type Parsed = { ok: true; options: ConformanceOptions; json: boolean } | { ok: true; help: true } | { ok: false; error: string };

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = {}): Parsed {
  const values: Record<string, string> = {};
  const origins: string[] = [];
  let allowWrites = false;
  let json = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { ok: true, help: true };
    if (arg === '--allow-writes') allowWrites = true;
    else if (arg === '--json') json = true;
    else if (['--base-url', '--token', '--workspace', '--foreign-workspace', '--origin'].includes(arg)) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) return { ok: false, error: `${arg} needs a value` };
      if (arg === '--origin') origins.push(value);
      else values[arg] = value;
      i += 1;
    } else {
      // Never echo the argument: it could be a mistyped token.
      return { ok: false, error: `unknown argument #${i + 1}` };
    }
  }
  const base = values['--base-url'];
  if (!base) return { ok: false, error: '--base-url is required' };
  const url = validateBackendUrl(base);
  if (!url.ok) return { ok: false, error: `--base-url: ${url.error}` };
  const token = values['--token'] ?? env.CONFORMANCE_TOKEN ?? '';
  if (!token.trim()) return { ok: false, error: '--token (or CONFORMANCE_TOKEN) is required' };
  for (const name of ['--workspace', '--foreign-workspace'] as const) {
    const value = values[name];
    if (value !== undefined && !ProductId.safeParse(value).success) return { ok: false, error: `${name}: not a workspace id (letters, digits and . _ : - only)` };
  }
  const badOrigin = origins.find((o) => !EXTENSION_ORIGIN.test(o));
  if (badOrigin) return { ok: false, error: `--origin ${badOrigin}: expected chrome-extension://<32 letters a-p> or moz-extension://<uuid>` };
  return {
    ok: true,
    json,
    options: {
      baseUrl: url.url,
      token: token.trim(),
      workspace: values['--workspace'] ?? null,
      foreignWorkspace: values['--foreign-workspace'] ?? null,
      allowWrites,
      origins: origins.length ? origins : [chromeOrigin(), firefoxOrigin()],
      timingReads: 7,
      burst: 30,
    },
  };
}
