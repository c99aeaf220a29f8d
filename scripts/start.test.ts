// @vitest-environment node
/**
 * The main job, tested as a user runs it: `npm start -- --check` starts the simulator and the
 * backend, builds the extension for them, verifies /v1/status shows every demo workspace as
 * expected, and exits, leaving no process behind. Run twice on the same data directory (the
 * second time with START_SMOKE=1) to prove a restart reuses the database and its key.
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './process/launcher';
import { CHROMIUM_ARGS, chromiumPath } from './process/chromium';
import { unpackedExtensionId } from './process/chromium';

const dir = mkdtempSync(path.join(tmpdir(), 'ra-start-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runStart(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--data-dir', path.join(dir, 'data'), '--out-dir', path.join(dir, 'out'), '--port', '0', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start -- --check', () => {
  it('brings up the demo, verifies it, and stops every child', { timeout: 120_000 }, async () => {
    const { code, output } = await runStart(['--check']);
    expect(output, output).toContain('check passed');
    expect(code).toBe(0);
    expect(output).toContain('generated a local encryption key');
    for (const id of ['Acme Support', 'Harbor Shop', 'Juniper Dental', 'Lumen Travel', 'North Bakery', 'Orbit Fitness', 'Pine Legal', 'Quartz Studio']) {
      expect(output).toMatch(new RegExp(`✓ ${id}`));
    }
    expect(output).not.toContain('✗');
    expect(output).not.toContain('Zeta');
    const pids = [...output.matchAll(/\(pid (\d+);/g)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(2);
    expect(pids.filter(alive)).toEqual([]);
    expect(existsSync(path.join(dir, 'out', 'chrome-mv3', 'manifest.json'))).toBe(true);
  });

  it('runs again on the same database (START_SMOKE=1), reusing its key', { timeout: 120_000 }, async () => {
    const { code, output } = await runStart([], { START_SMOKE: '1' });
    expect(output, output).toContain('check passed');
    expect(code).toBe(0);
    expect(output).toContain('using the local encryption key');
  });

  it('predicts the id Chromium gives the unpacked build (to open its popup)', { timeout: 60_000 }, async () => {
    const extension = path.join(dir, 'out', 'chrome-mv3');
    const profile = mkdtempSync(path.join(tmpdir(), 'ra-start-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extension}`, `--load-extension=${extension}`],
    });
    try {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      expect(new URL(worker.url()).host).toBe(unpackedExtensionId(extension));
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
