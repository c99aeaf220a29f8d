/**
 * `npm run --silent cli -- assess --debug-token FILE --expect-wabas ID,ID [--now UNIX_SECONDS]`
 * assesses a token from a saved debug_token answer with lib/graph/assessment.ts (the same rules
 * as the backend's check) and prints one JSON object: status, tokenType, expiresAt,
 * dataAccessExpiresAt, issuedAt, scopes (scope → granted | missing | unknown), scopeChecks, wabas
 * ([{id, management, messaging, …}]), problems ([{code, message, hint, …}]), authorizingUser,
 * lastError, warnings.
 *
 * Optional evidence, for rule work and support cases:
 *   --probe ID=FILE          the answer of GET /{ID}?fields=id,name,health_status (a WABA node, a
 *                            Graph error body, {"httpStatus":N} or {"network":"timeout"}); repeatable
 *   --business-users FILE    the answer of GET /{business-id}/business_users
 *   --scopes a,b             required scopes (default: both WhatsApp permissions)
 *   --expiring-days N        expiring window in days (default 7)
 *   --app-id ID              the product's Meta app id (a token of another app is invalid)
 * Without probes the verdict comes from debug_token alone: management access that only a
 * functional call could prove (a renamed permission) is `unknown`, never granted or missing.
 * A credential error given with --probe counts as confirmed (the backend asks twice).
 */
import { parseArgs } from 'node:util';
import { assessConnection, DEFAULT_EXPIRING_WITHIN_DAYS, DEFAULT_REQUIRED_SCOPES, type WabaProbe } from '../../lib/graph/assessment';
import { readBusinessUsersPage } from '../../lib/graph/graph-readers';
import { parseDebugToken } from '../../lib/graph/debug-token';
import { classifyGraphFailure } from '../../lib/graph/graph-errors';
import { toFailure } from './classify';
import { CliInputError, printJson, readJsonInput } from './json-input';
import { isMetaId } from '../../lib/meta/ids';

const USAGE =
  'usage: cli assess --debug-token FILE --expect-wabas ID,ID [--now UNIX_SECONDS] [--probe ID=FILE]… [--business-users FILE] [--scopes a,b] [--expiring-days N] [--app-id ID]';

function idList(value: string, flag: string): string[] {
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = ids.find((id) => !isMetaId(id));
  if (bad !== undefined) throw new CliInputError(`${flag}: "${bad}" is not a Meta id (digits only)`);
  return [...new Set(ids)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readProbe(spec: string): Promise<[string, WabaProbe]> {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new CliInputError(`--probe: expected ID=FILE, got "${spec}"`);
  const [id] = idList(spec.slice(0, eq), '--probe');
  const file = spec.slice(eq + 1);
  if (!id) throw new CliInputError(`--probe: expected ID=FILE, got "${spec}"`);
  const body = await readJsonInput(file, `probe file for ${id}`);
  if (!isRecord(body)) throw new CliInputError(`${file}: expected a JSON object (a WABA node or a Graph error)`);
  const isFailure = 'error' in body || 'error_code' in body || 'httpStatus' in body || 'network' in body;
  return [id, isFailure ? { outcome: 'error', error: classifyGraphFailure(toFailure(body, file)) } : { outcome: 'ok', body }];
}

export async function run(args: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        'debug-token': { type: 'string' },
        'expect-wabas': { type: 'string' },
        now: { type: 'string' },
        probe: { type: 'string', multiple: true },
        'business-users': { type: 'string' },
        scopes: { type: 'string' },
        'expiring-days': { type: 'string' },
        'app-id': { type: 'string' },
      },
    });
  } catch (error) {
    throw new CliInputError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const v = parsed.values;
  if (v['debug-token'] === undefined) throw new CliInputError(`--debug-token FILE is required\n${USAGE}`);
  if (v['expect-wabas'] === undefined) throw new CliInputError(`--expect-wabas ID,ID is required (an empty value means none)\n${USAGE}`);
  const expected = idList(v['expect-wabas'], '--expect-wabas');

  let now = new Date();
  if (v.now !== undefined) {
    if (!/^\d{1,12}$/.test(v.now.trim())) throw new CliInputError(`--now: expected unix seconds (an integer), got "${v.now}"`);
    now = new Date(Number(v.now.trim()) * 1000);
  }
  let expiringWithinDays = DEFAULT_EXPIRING_WITHIN_DAYS;
  if (v['expiring-days'] !== undefined) {
    const n = Number(v['expiring-days']);
    if (!Number.isFinite(n) || n < 0 || n > 3650) throw new CliInputError(`--expiring-days: expected a number of days from 0 to 3650, got "${v['expiring-days']}"`);
    expiringWithinDays = n;
  }
  const requiredScopes = v.scopes !== undefined ? v.scopes.split(',').map((s) => s.trim()).filter(Boolean) : [...DEFAULT_REQUIRED_SCOPES];
  const badScope = requiredScopes.find((s) => !/^[a-z][a-z0-9_]{1,80}$/.test(s));
  if (badScope !== undefined) throw new CliInputError(`--scopes: "${badScope}" is not a Meta permission name`);
  const appId = v['app-id'] !== undefined ? idList(v['app-id'], '--app-id')[0] ?? null : null;

  const file = v['debug-token'];
  const debugToken = parseDebugToken(await readJsonInput(file, 'debug_token file'));
  if (!debugToken.ok) throw new CliInputError(`${file}: ${debugToken.reason}`);

  const probes = new Map<string, WabaProbe>();
  for (const spec of v.probe ?? []) {
    const [id, probe] = await readProbe(spec);
    probes.set(id, probe);
  }

  let businessUsers = null;
  if (v['business-users'] !== undefined) {
    const page = readBusinessUsersPage(await readJsonInput(v['business-users'], 'business_users file'));
    if (!page) throw new CliInputError(`${v['business-users']}: not a business_users answer (expected {"data":[{"id","name","role"}]})`);
    businessUsers = page.users;
  }

  const { connection, scopeStates } = assessConnection({
    debugToken: debugToken.info,
    wabaProbes: probes,
    businessUsers,
    expectedWabas: expected.map((id) => ({ id, name: null })),
    requiredScopes,
    now,
    expiringWithinDays,
    appId,
  });
  printJson({
    status: connection.status,
    tokenType: connection.tokenType,
    tokenTypeRaw: debugToken.info.rawType,
    expiresAt: connection.expiresAt,
    dataAccessExpiresAt: connection.dataAccessExpiresAt,
    issuedAt: connection.issuedAt,
    scopes: scopeStates,
    scopeChecks: connection.scopes,
    wabas: connection.wabas,
    problems: connection.problems,
    authorizingUser: connection.authorizingUser,
    lastError: connection.lastError,
    checkedAt: connection.lastCheckedAt,
    warnings: debugToken.info.warnings,
  });
}
