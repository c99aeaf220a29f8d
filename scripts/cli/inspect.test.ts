// @vitest-environment node
/**
 * `cli inspect` run for real: each case spawns `node --import tsx scripts/cli.ts inspect …` (what
 * `npm run cli` runs; one case goes through `npm run --silent cli` itself) on the hand-made Meta
 * fixtures and reads the one JSON object it prints.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { META_FIXTURES_DIR } from '../../tests/support/meta-fixtures';
import { Window } from 'happy-dom';
import { screenOutline } from '../../lib/screens/outline';

const parseWithHappyDom = (html: string) => new new Window().DOMParser().parseFromString(html, 'text/html') as unknown as Document;

const exec = promisify(execFile);
const ROOT = process.cwd();
const F = (name: string) => join(META_FIXTURES_DIR, name);
const DIALOG = 'https://www.facebook.com/v21.0/dialog/oauth?client_id=100000000000001&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&config_id=300000000000001&state=st-1&response_type=code';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  json: Record<string, unknown> | null;
}

async function cli(args: string[], viaNpm = false): Promise<Result> {
  const [file, argv] = viaNpm ? ['npm', ['run', '--silent', 'cli', '--', ...args]] : [process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args]];
  try {
    const { stdout, stderr } = await exec(file as string, argv as string[], { cwd: ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr, json: JSON.parse(stdout) as Record<string, unknown> };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '', json: null };
  }
}

const inspect = (url: string, html?: string, ...extra: string[]) => cli(['inspect', '--url', url, ...(html ? ['--html', html] : []), ...extra]);

// Each case starts node + tsx (about 1.5 s alone); several at once on a busy 2-core machine can
// take much longer than the default 20 s, so the cases get the child's own 60 s limit and more.
describe.concurrent('cli inspect', { timeout: 90_000 }, () => {
  it('--outline: a screen outline (names replaced) reads as the page did', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-outline-'));
    const html = readFileSync(F('waba-selection.pt-BR.html'), 'utf8');
    const outline = screenOutline(parseWithHappyDom(html).body);
    const file = join(dir, 'outline.json');
    writeFileSync(file, JSON.stringify(outline));
    const [fromPage, fromOutline] = await Promise.all([inspect(DIALOG, F('waba-selection.pt-BR.html')), cli(['inspect', '--url', DIALOG, '--outline', file])]);
    expect(fromOutline.code).toBe(0);
    const page = fromPage.json?.screen as { wabas: { name: string; selected: boolean | null }[] } & Record<string, unknown>;
    const read = fromOutline.json?.screen as typeof page;
    for (const key of ['kind', 'locale', 'confidence', 'wabaMode', 'selectedCount', 'permissions', 'busy']) expect(read[key], key).toEqual(page[key]);
    expect(read.wabas.map((w) => w.selected)).toEqual(page.wabas.map((w) => w.selected));
    for (const waba of read.wabas) expect(waba.name).toMatch(/^Name \d+$/);
    expect(JSON.stringify(read)).not.toContain('Clínica Exemplo');
  });

  it('--outline: a file that is not an outline fails with what is wrong; --html with --outline is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-outline-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'something-else' }));
    const notJson = join(dir, 'x.json');
    writeFileSync(notJson, '<html>');
    const [a, b, c] = await Promise.all([
      cli(['inspect', '--url', DIALOG, '--outline', bad]),
      cli(['inspect', '--url', DIALOG, '--outline', notJson]),
      cli(['inspect', '--url', DIALOG, '--outline', bad, '--html', F('waba-selection.pt-BR.html')]),
    ]);
    expect([a.code, b.code, c.code]).toEqual([2, 2, 2]);
    expect(a.stderr).toContain('not a screen outline: format');
    expect(b.stderr).toContain('not JSON');
    expect(c.stderr).toContain('pass one');
  });

  it('prints the page and a null screen without --html (through npm run, as documented)', async () => {
    const result = await cli(['inspect', '--url', DIALOG], true);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().startsWith('{') && result.stdout.trim().endsWith('}')).toBe(true);
    expect(result.json).toEqual({
      page: { kind: 'oauth-dialog', businessId: null, wabaId: null, appId: '100000000000001', configId: '300000000000001', redirectUri: 'https://app.example/cb', state: 'st-1' },
      screen: null,
    });
  });

  it('reads a WABA selection step: mode, each WABA from its own control, unknown states as null', async () => {
    const { code, json } = await inspect(DIALOG, F('waba-selection.pt-BR.html'));
    expect(code).toBe(0);
    expect(json?.screen).toMatchObject({
      kind: 'waba-selection',
      locale: 'pt-BR',
      wabaMode: 'selected',
      wabas: [
        { name: 'Clínica Exemplo Atendimento', selected: true },
        { name: 'Clínica Exemplo Vendas', selected: false },
        { name: 'Clínica Exemplo Cobrança', selected: null },
      ],
      permissions: [],
      alerts: [],
    });
  });

  it('reads permissions from toggles (es) and leaves a summary list unknown (en)', async () => {
    const [es, en] = await Promise.all([inspect(DIALOG, F('permissions-review.es.html')), inspect(DIALOG, F('permissions-review.en.html'))]);
    expect(es.json?.screen).toMatchObject({
      kind: 'permissions-review',
      locale: 'es',
      wabaMode: null,
      wabas: [],
      permissions: [
        { scope: 'whatsapp_business_management', granted: true },
        { scope: 'whatsapp_business_messaging', granted: false },
      ],
    });
    expect(en.json?.screen).toMatchObject({
      kind: 'permissions-review',
      permissions: [
        { scope: 'whatsapp_business_management', granted: null },
        { scope: 'whatsapp_business_messaging', granted: null },
      ],
    });
  });

  it('reports admin errors as not-admin alerts on an error screen', async () => {
    const { json } = await inspect(DIALOG, F('error-cannot-create-waba.es.html'));
    expect(json?.screen).toMatchObject({ kind: 'error', locale: 'es', alerts: [{ kind: 'not-admin', text: 'El usuario no tiene permiso para crear cuentas de WhatsApp Business.' }] });
  });

  it('says unknown, with nulls, for a screen it cannot read', async () => {
    const { json } = await inspect(DIALOG, F('unknown-redesigned-waba-screen.en.html'));
    expect(json?.screen).toMatchObject({ kind: 'unknown', locale: null, confidence: 'none', wabaMode: null, wabas: [], permissions: [], alerts: [] });
  });

  it('adds the People reading on a People page URL', async () => {
    const { json } = await inspect('https://business.facebook.com/latest/settings/business_users?business_id=200000000000001', F('people.en.html'));
    expect(json?.page).toMatchObject({ kind: 'bm-people', businessId: '200000000000001' });
    expect(json?.people).toMatchObject({ kind: 'people', self: { name: 'Sam Sample', accessLevel: 'partial-access' } });
  });

  it('adds the WABA page reading on a WABA page URL, using the URL WABA id', async () => {
    const url = 'https://business.facebook.com/latest/settings/whatsapp_account?business_id=200000000000001&selected_asset_id=100000000000102&selected_asset_type=whatsapp-business-account';
    const { json } = await inspect(url, F('waba-page.en.html'));
    expect(json?.page).toMatchObject({ kind: 'bm-whatsapp-accounts', wabaId: '100000000000102' });
    expect(json?.wabaPage).toMatchObject({ kind: 'waba-page', name: 'Example Clinic Sales', id: '100000000000102' });
  });

  it('honours --lang over the page declaration', async () => {
    const { json } = await inspect(DIALOG, F('waba-selection.lang-mismatch.html'), '--lang', 'es');
    expect(json?.screen).toMatchObject({ kind: 'waba-selection', locale: 'es', wabaMode: 'all' });
  });

  it('never runs the page’s scripts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inspect-'));
    const file = join(dir, 'scripted.html');
    writeFileSync(
      file,
      `<!DOCTYPE html><html lang="en"><body><div role="dialog" id="d"></div>
       <script>document.getElementById('d').textContent = 'Reconnect to Injected App?';</script>
       <script src="https://example.invalid/evil.js"></script></body></html>`,
    );
    const { code, json } = await inspect(DIALOG, file);
    expect(code).toBe(0);
    expect(json?.screen).toMatchObject({ kind: 'unknown', appName: null });
  });

  it.each([
    ['no --url', ['inspect'], /--url is required/],
    ['a relative --url', ['inspect', '--url', '/dialog/oauth'], /not an absolute URL/],
    ['an unknown option', ['inspect', '--url', DIALOG, '--htm', 'x'], /Unknown option '--htm'/],
    ['a positional argument', ['inspect', '--url', DIALOG, 'extra'], /positional/i],
    ['a missing file', ['inspect', '--url', DIALOG, '--html', '/nonexistent/page.html'], /cannot read --html .*no such file/],
    ['a non-numeric --waba-id', ['inspect', '--url', DIALOG, '--waba-id', '12ab'], /not a Meta id/],
  ])('exits 2 with a clear message for %s', async (_label, args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('exits 2 for a directory or a binary file given as --html', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inspect-'));
    mkdirSync(join(dir, 'sub'));
    const binary = join(dir, 'binary.html');
    writeFileSync(binary, Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28]));
    const [asDir, asBinary] = await Promise.all([inspect(DIALOG, join(dir, 'sub')), inspect(DIALOG, binary)]);
    expect(asDir).toMatchObject({ code: 2, stdout: '' });
    expect(asDir.stderr).toMatch(/is a directory/);
    expect(asBinary).toMatchObject({ code: 2, stdout: '' });
    expect(asBinary.stderr).toMatch(/not UTF-8/);
  });
});
