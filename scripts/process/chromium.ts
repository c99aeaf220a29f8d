/**
 * The one Chromium lookup (for `npm start`, the Playwright fixtures and the benches), and
 * launching a desktop Chromium with the demo build loaded, for `npm start` on a machine with a
 * display. The unpacked extension's id is derived from its absolute path the way Chromium does
 * it (SHA-256 of the path, first 32 hex digits written with a–p), so the popup can be opened as
 * a tab right away.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CANDIDATES = ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return CANDIDATES.find((candidate) => existsSync(candidate)) ?? null;
}

/** The Chromium binary for tests and benches: like findChromium, but says what is missing. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHROMIUM_PATH && !existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist`);
  const found = findChromium(env);
  if (!found) {
    throw new Error(
      `No Chromium found (looked at ${CANDIDATES.join(', ')}). Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  return found;
}

/** Flags for a headless test browser on a machine without a sandbox or network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Chromium's id for an unpacked extension at `dir` (components/crx_file/id_util.cc). */
export function unpackedExtensionId(dir: string): string {
  const digest = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...digest].map((ch) => String.fromCharCode('a'.charCodeAt(0) + parseInt(ch, 16))).join('');
}

export function launchChromium(binary: string, extensionDir: string, url: string): { child: ChildProcess; profile: string } {
  const profile = mkdtempSync(path.join(tmpdir(), 'ra-demo-profile-'));
  const args = [
    `--user-data-dir=${profile}`,
    `--load-extension=${extensionDir}`,
    `--disable-extensions-except=${extensionDir}`,
    // Newer Chrome builds ignore --load-extension unless this feature is off.
    '--disable-features=DisableLoadExtensionCommandLineSwitch',
    '--no-first-run',
    '--no-default-browser-check',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    url,
  ];
  const child = spawn(binary, args, { stdio: 'ignore' });
  return { child, profile };
}
