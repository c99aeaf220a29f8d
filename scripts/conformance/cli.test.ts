// @vitest-environment node
/**
 * `npm run conformance` as a real process against the stub backend: exit codes, the table and the
 * JSON output, and the admin token in none of what it prints — on a pass, on a failure, and on bad
 * arguments.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../process/launcher';
import { startConformanceStub, type Stub } from '../../tests/support/conformance-stub';

const TOKEN = 'cli-secret-admin-token-7f3a9c2e5b1d8e4f';

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/conformance.ts', ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let good: Stub;
let broken: Stub;
beforeAll(async () => {
  good = await startConformanceStub({ token: TOKEN });
  broken = await startConformanceStub({ token: TOKEN, defect: '500-instead-of-401' });
});
afterAll(async () => {
  await Promise.all([good?.stop(), broken?.stop()]);
});

describe('npm run conformance', () => {
  it('prints a table and exits 0 when nothing fails; the token appears nowhere', async () => {
    const result = await run(['--base-url', good.url, '--token', TOKEN]);
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^check\s+result\s+why$/m);
    expect(result.stdout).toMatch(/^contract\.status\s+pass\s+/m);
    expect(result.stdout).toMatch(/^contract\.checks\s+not-checked\s+.*--allow-writes/m);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  }, 60_000);

  it('--json for CI, exit 1 when a check fails; the token (also from CONFORMANCE_TOKEN) appears nowhere', async () => {
    const result = await run(['--base-url', broken.url, '--json', '--allow-writes'], { CONFORMANCE_TOKEN: TOKEN });
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { counts: Record<string, number>; results: { id: string; result: string; why: string }[] };
    expect(report.results.filter((r) => r.result === 'fail').map((r) => r.id)).toEqual(['errors.unauthorized']);
    expect(report.counts.fail).toBe(1);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  }, 60_000);

  it('bad arguments: exit 2 with a usage line, never echoing what was typed', async () => {
    const result = await run(['--base-url', good.url, '--token', TOKEN, TOKEN.toUpperCase()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: npm run conformance');
    expect(result.stderr.toLowerCase()).not.toContain(TOKEN);
    const insecure = await run(['--base-url', 'http://backend.example.test', '--token', TOKEN]);
    expect(insecure.code).toBe(2);
    expect(insecure.stderr).toContain('https');
    expect(insecure.stdout + insecure.stderr).not.toContain(TOKEN);
  }, 60_000);

  it('--help: the options explained on stdout, exit 0, nothing contacted', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('usage: npm run conformance');
    expect(result.stdout).toContain('--allow-writes');
    expect(result.stderr).toBe('');
  }, 60_000);
});
