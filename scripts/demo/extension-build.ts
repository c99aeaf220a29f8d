/**
 * Builds the extension for the demo with WXT's programmatic API in a child process, with
 * WXT_BACKEND_URL / WXT_BACKEND_TOKEN set so the build talks to the local backend out of the box
 * (lib/storage/settings.ts reads them as build-time defaults). A child keeps Vite out of the
 * supervising process and lets `--out-dir` put the build somewhere else than .output/.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../process/launcher';

export interface BuildResult {
  /** The unpacked Chrome MV3 extension. */
  dir: string;
  ms: number;
}

export function buildExtension(options: { backendUrl: string; token: string; outDir: string }): Promise<BuildResult> {
  const started = performance.now();
  const outDir = path.resolve(REPO_ROOT, options.outDir);
  const script = "const { build } = await import('wxt'); await build({ outDir: process.env.RA_OUT_DIR });";
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, WXT_BACKEND_URL: options.backendUrl, WXT_BACKEND_TOKEN: options.token, RA_OUT_DIR: outDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code === 0) resolve({ dir: path.join(outDir, 'chrome-mv3'), ms: performance.now() - started });
      else reject(new Error(`wxt build failed (exit ${code}):\n${output.slice(-3000)}`));
    });
  });
}
