// @vitest-environment node
/**
 * The developer CLI for support and rule work run for real: each case spawns the
 * CLI on hand-made fixtures in tests/fixtures/graph (one per example payload of
 * docs/meta-platform.md, plus the edge cases real Graph answers have) and reads its JSON.
 * Most cases start `node --import tsx scripts/cli.ts` (what `npm run cli` runs) to keep the suite
 * fast; one case goes through `npm run --silent cli` itself.
 */
import { execFile, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_IDS, FIXTURE_NOW_SECONDS, GRAPH_FIXTURES } from '../../tests/support/graph-fixtures';

const run = promisify(execFile);
const ROOT = process.cwd();
const F = (name: string) => resolve(GRAPH_FIXTURES, name);
const { wabaA: A, wabaB: B, wabaC: C } = FIXTURE_IDS;
const M = 'whatsapp_business_management';
const G = 'whatsapp_business_messaging';
const NOW = String(FIXTURE_NOW_SECONDS);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  json: Record<string, unknown> | null;
}

async function cli(args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], { cwd: ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr, json: JSON.parse(stdout) as Record<string, unknown> };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '', json: null };
  }
}

const assess = (debugToken: string, wabas: string, ...extra: string[]) => ['assess', '--debug-token', F(debugToken), '--expect-wabas', wabas, '--now', NOW, ...extra];

// Every case runs once, up front, a few at a time (each start of tsx costs about a second).
const cases = {
  esSelected: assess('debug-token-es-selected.json', `${A},${B}`),
  esSelectedOtherWaba: assess('debug-token-es-selected.json', `${A},${C}`),
  systemUserAll: assess('debug-token-system-user-all.json', `${A},${B},${C}`),
  invalidPassword: assess('debug-token-invalid-password-changed.json', A),
  invalidExpired: assess('debug-token-invalid-expired.json', A),
  appRemoved: assess('debug-token-invalid-app-removed.json', A),
  undecryptable: assess('debug-token-invalid-undecryptable.json', A),
  deselected: assess('debug-token-waba-deselected.json', `${A},${B}`),
  laterInList: assess('debug-token-waba-later-in-list.json', `${A},${B}`),
  scopeMissing: assess('debug-token-scope-missing.json', `${A},${B}`),
  renamed: assess('debug-token-renamed-scope.json', A),
  renamedProbed: assess('debug-token-renamed-scope.json', A, '--probe', `${A}=${F('waba-healthy.json')}`),
  expiring: assess('debug-token-expiring.json', A),
  expiringWide: assess('debug-token-es-selected.json', A, '--expiring-days', '45'),
  dataAccessExpired: assess('debug-token-data-access-expired.json', A),
  noGranular: assess('debug-token-no-granular.json', A),
  messy: assess('debug-token-messy-inner.json', `${A},${B}`),
  noExpiry: assess('debug-token-no-expiry.json', A),
  employee: assess('debug-token-es-selected.json', A, '--business-users', F('business-users-employee.json')),
  probeRefused: assess('debug-token-es-selected.json', `${A},${B}`, '--probe', `${A}=${F('waba-healthy.json')}`, '--probe', `${B}=${F('error-invisible-waba.json')}`),
  probeBlocked: assess('debug-token-system-user-all.json', A, '--probe', `${A}=${F('waba-blocked.json')}`),
  probeTimeout: assess('debug-token-system-user-all.json', A, '--probe', `${A}=${F('network-timeout.json')}`),
  otherApp: assess('debug-token-es-selected.json', A, '--app-id', '900000000000999'),
  noWabas: assess('debug-token-system-user-all.json', ''),
  defaultNow: ['assess', '--debug-token', F('debug-token-system-user-all.json'), '--expect-wabas', A],
  classifyExpired: ['classify', F('error-expired-token.json')],
  classifyPassword: ['classify', F('error-password-changed.json')],
  classifyAppRemoved: ['classify', F('error-app-removed.json')],
  classifyInvisible: ['classify', F('error-invisible-waba.json')],
  classifyCloud: ['classify', F('error-cloud-access-denied.json')],
  classifyPermission: ['classify', F('error-permission-200.json')],
  classify80008: ['classify', F('error-rate-limit-80008.json')],
  classify4: ['classify', F('error-app-rate-limit-4.json')],
  classify368: ['classify', F('error-policy-blocked-368.json')],
  classifyTransientFlag: ['classify', F('error-transient-flag.json')],
  classifyService: ['classify', F('error-service-2.json')],
  classifyStrings: ['classify', F('error-strings.json')],
  classifyUnknown: ['classify', F('error-unknown-code.json')],
  classifyEmbedded: ['classify', F('debug-token-embedded-error.json')],
  classifyInvalidDebugToken: ['classify', F('debug-token-invalid-password-changed.json')],
  classify503: ['classify', F('http-503.json')],
  classify429: ['classify', F('http-429.json')],
  classify500Html: ['classify', F('http-500-html.json')],
  classify404: ['classify', F('http-404-no-body.json')],
  classifyTimeout: ['classify', F('network-timeout.json')],
  classifyNetwork: ['classify', F('network-error.json')],
  // Bad input: a clear sentence on stderr, exit 2, nothing on stdout.
  badNoDebugToken: ['assess', '--expect-wabas', A],
  badNoWabas: ['assess', '--debug-token', F('debug-token-es-selected.json')],
  badMissingFile: assess('does-not-exist.json', A),
  badNotJson: ['assess', '--debug-token', F('not-json.txt'), '--expect-wabas', A],
  badErrorAsDebugToken: assess('error-expired-token.json', A),
  badNotDebugToken: assess('waba-healthy.json', A),
  badNow: ['assess', '--debug-token', F('debug-token-es-selected.json'), '--expect-wabas', A, '--now', 'yesterday'],
  badWabaId: assess('debug-token-es-selected.json', `${A},abc`),
  badOption: [...assess('debug-token-es-selected.json', A), '--frobnicate'],
  badProbe: assess('debug-token-es-selected.json', A, '--probe', 'nonsense'),
  badClassifyArgs: ['classify'],
  badClassifyTwo: ['classify', F('http-503.json'), F('http-429.json')],
  badClassifyNotError: ['classify', F('waba-healthy.json')],
  badClassifyStatus: ['classify', F('debug-token-es-selected.json')],
  badClassifyMissing: ['classify', F('nope.json')],
  badCommand: ['frobnicate'],
} satisfies Record<string, string[]>;

const results = new Map<keyof typeof cases, Result>();

beforeAll(async () => {
  const queue = Object.entries(cases) as [keyof typeof cases, string[]][];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) results.set(next[0], await cli(next[1]));
  };
  await Promise.all([worker(), worker(), worker()]);
}, 240_000);

function ok(name: keyof typeof cases): Record<string, unknown> & { problems: { code: string; message: string; wabaId: string | null }[]; wabas: { id: string; management: boolean | null; messaging: boolean | null }[] } {
  const r = results.get(name);
  expect(r?.stderr ?? 'missing', `${name} stderr`).toBe('');
  expect(r?.code, `${name} exit code`).toBe(0);
  return r?.json as never;
}
const codes = (name: keyof typeof cases) => ok(name).problems.map((p) => p.code);

describe('assess: the example payloads of docs/meta-platform.md §3 and §5', () => {
  it('ES token with selected WABAs: healthy, both scopes granted, both WABAs covered', () => {
    const out = ok('esSelected');
    expect(out).toMatchObject({ status: 'healthy', tokenType: 'user', expiresAt: '2030-01-31T00:00:00.000Z', dataAccessExpiresAt: '2030-03-02T00:00:00.000Z', scopes: { [M]: 'granted', [G]: 'granted' }, problems: [] });
    expect(out.wabas.map((w) => ({ id: w.id, management: w.management, messaging: w.messaging }))).toEqual([
      { id: A, management: true, messaging: true },
      { id: B, management: true, messaging: true },
    ]);
  });
  it('the same token expected to cover a WABA it does not list: missing-waba', () => {
    const out = ok('esSelectedOtherWaba');
    expect(out.status).toBe('missing-waba');
    expect(out.problems).toEqual([expect.objectContaining({ code: 'waba-missing', wabaId: C })]);
    expect(out.wabas.find((w) => w.id === C)).toMatchObject({ management: false, messaging: false });
  });
  it('system-user token without target_ids covers every WABA and never expires', () => {
    const out = ok('systemUserAll');
    expect(out).toMatchObject({ status: 'healthy', tokenType: 'system-user', tokenTypeRaw: 'SYSTEM_USER', expiresAt: null, dataAccessExpiresAt: null });
    expect(out.wabas.every((w) => w.management === true && w.messaging === true)).toBe(true);
  });
  it('invalid token (190/460 in debug_token): invalid', () => {
    expect(ok('invalidPassword').status).toBe('invalid');
    expect(codes('invalidPassword')).toEqual(['token-invalid']);
  });
  it('expired (190/463): expired; app removed (190/458): revoked; undecryptable (190): invalid', () => {
    expect([ok('invalidExpired').status, ok('appRemoved').status, ok('undecryptable').status]).toEqual(['expired', 'revoked', 'invalid']);
  });
});

describe('assess: rules and edge cases', () => {
  it('one WABA deselected → missing-waba on that WABA only', () => {
    expect(ok('deselected').status).toBe('missing-waba');
    expect(ok('deselected').problems.map((p) => p.wabaId)).toEqual([B]);
  });
  it('membership is checked against the whole target list', () => {
    expect(ok('laterInList').status).toBe('healthy');
  });
  it('one scope missing → missing-scope, scope marked missing', () => {
    expect(ok('scopeMissing')).toMatchObject({ status: 'missing-scope', scopes: { [M]: 'granted', [G]: 'missing' } });
  });
  it('renamed management scope: unknown without a call, healthy with a working call (proven, with a note)', () => {
    expect(ok('renamed')).toMatchObject({ status: 'unknown', scopes: { [M]: 'unknown', [G]: 'granted' } });
    expect(codes('renamed')).not.toContain('scope-missing');
    const probed = ok('renamedProbed');
    expect(probed).toMatchObject({ status: 'healthy', scopes: { [M]: 'granted' } });
    expect((probed.scopeChecks as { note: string | null }[])[0]?.note).toMatch(/whatsapp_business_manage_events/);
  });
  it('expiring within 7 days, and a configurable window', () => {
    expect(ok('expiring')).toMatchObject({ status: 'expiring', expiresAt: '2030-01-04T00:00:00.000Z' });
    expect(codes('expiring')).toEqual(['token-expiring']);
    expect(ok('expiringWide').status).toBe('expiring');
  });
  it('data access expired → expired with data-access-expired', () => {
    expect(ok('dataAccessExpired').status).toBe('expired');
    expect(codes('dataAccessExpired')).toEqual(['data-access-expired']);
  });
  it('scopes without granular_scopes: declared, WABA coverage unknown', () => {
    expect(ok('noGranular')).toMatchObject({ status: 'unknown', scopes: { [M]: 'granted', [G]: 'granted' } });
    expect(ok('noGranular').wabas[0]).toMatchObject({ management: null, messaging: null });
  });
  it('the inner object with numbers as strings and duplicates reads like the clean one', () => {
    expect(ok('messy')).toMatchObject({ status: 'healthy', tokenType: 'user', warnings: [] });
  });
  it('no expires_at: expiry unknown (not "never"), said in a problem', () => {
    expect(ok('noExpiry')).toMatchObject({ status: 'healthy', expiresAt: null, tokenType: 'unknown', tokenTypeRaw: 'PAGE' });
    expect(codes('noExpiry')).toEqual(['check-failed']);
  });
  it('an Employee authorised the token → not-admin', () => {
    expect(ok('employee')).toMatchObject({ status: 'not-admin', authorizingUser: { role: 'employee' } });
  });
  it('probe evidence: refused WABA, blocked health, timeouts', () => {
    expect(ok('probeRefused').status).toBe('missing-waba');
    expect(ok('probeRefused').wabas[1]).toMatchObject({ management: false, reachable: false });
    expect(ok('probeBlocked')).toMatchObject({ status: 'degraded' });
    expect(codes('probeBlocked')).toEqual(['waba-health']);
    expect(ok('probeTimeout').status).toBe('unknown');
    expect((ok('probeTimeout').lastError as { category: string }).category).toBe('transient');
  });
  it('a token of another app is invalid for the product', () => {
    expect(ok('otherApp').status).toBe('invalid');
  });
  it('an empty WABA list is allowed; --now defaults to the current time', () => {
    expect(ok('noWabas')).toMatchObject({ status: 'healthy', wabas: [] });
    expect(ok('defaultNow').status).toBe('healthy');
  });
});

describe('classify: every category', () => {
  const table: [keyof typeof cases, string, boolean, boolean][] = [
    ['classifyExpired', 'credential', false, true],
    ['classifyPassword', 'credential', false, true],
    ['classifyAppRemoved', 'credential', false, true],
    ['classifyInvisible', 'not-found', false, false],
    ['classifyCloud', 'permission', false, false],
    ['classifyPermission', 'permission', false, false],
    ['classify80008', 'rate-limited', true, false],
    ['classify4', 'rate-limited', true, false],
    ['classify368', 'blocked', false, false],
    ['classifyTransientFlag', 'transient', true, false],
    ['classifyService', 'transient', true, false],
    ['classifyStrings', 'credential', false, true],
    ['classifyUnknown', 'unknown', false, false],
    ['classifyEmbedded', 'credential', false, true],
    ['classifyInvalidDebugToken', 'credential', false, true],
    ['classify503', 'transient', true, false],
    ['classify429', 'transient', true, false],
    ['classify500Html', 'transient', true, false],
    ['classify404', 'unknown', false, false],
    ['classifyTimeout', 'transient', true, false],
    ['classifyNetwork', 'transient', true, false],
  ];
  it.each(table)('%s → %s', (name, category, retry, invalidatesToken) => {
    expect(ok(name)).toMatchObject({ category, retry, invalidatesToken });
  });
  it('prints the verdict, back-off and Graph details', () => {
    expect(ok('classifyExpired')).toMatchObject({ verdict: 'expired', rule: 'oauth-expired', code: 190, subcode: 463, fbtraceId: 'AbCdEfGhIjKlMnOpQrStUvW', backoffMs: [] });
    expect(ok('classifyAppRemoved')).toMatchObject({ verdict: 'revoked' });
    expect(ok('classify80008')).toMatchObject({ backoffMs: [5000, 15000, 45000] });
    expect(ok('classify503')).toMatchObject({ httpStatus: 503, code: null });
    expect(ok('classifyTimeout')).toMatchObject({ network: 'timeout' });
  });
});

describe('bad input: a clear message on stderr, exit 2, nothing on stdout', () => {
  const table: [keyof typeof cases, RegExp][] = [
    ['badNoDebugToken', /--debug-token FILE is required/],
    ['badNoWabas', /--expect-wabas ID,ID is required/],
    ['badMissingFile', /does-not-exist\.json: no such file/],
    ['badNotJson', /not-json\.txt: not valid JSON/],
    ['badErrorAsDebugToken', /Graph error response, not a debug_token answer/],
    ['badNotDebugToken', /no debug_token field found/],
    ['badNow', /--now: expected unix seconds/],
    ['badWabaId', /"abc" is not a Meta id/],
    ['badOption', /Unknown option '--frobnicate'/],
    ['badProbe', /--probe: expected ID=FILE/],
    ['badClassifyArgs', /usage: cli classify FILE/],
    ['badClassifyTwo', /usage: cli classify FILE/],
    ['badClassifyNotError', /not a Graph error/],
    ['badClassifyStatus', /not a Graph error/],
    ['badClassifyMissing', /nope\.json: no such file/],
    ['badCommand', /usage: cli </],
  ];
  it.each(table)('%s', (name, message) => {
    const r = results.get(name);
    expect(r?.code).toBe(2);
    expect(r?.stdout).toBe('');
    expect(r?.stderr).toMatch(message);
  });
});

describe('the exact commands', () => {
  it('`npm run --silent cli -- assess …` prints one JSON object', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'cli', '--', ...assess('debug-token-es-selected.json', `${A},${B}`)], { cwd: ROOT, timeout: 60_000 });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['status', 'expiresAt', 'scopes', 'wabas', 'problems']));
    expect(out.status).toBe('healthy');
  }, 60_000);

  it('classify reads standard input with -', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'classify', '-'], { cwd: ROOT });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stdin.end(JSON.stringify({ error: { code: 190, error_subcode: 458 } }));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ category: 'credential', verdict: 'revoked' });
  }, 60_000);
});
