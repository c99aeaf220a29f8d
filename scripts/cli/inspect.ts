/**
 * `npm run --silent cli -- inspect --url URL [--html FILE | --outline FILE] [--lang LANG] [--waba-id ID] [--self-name NAME]`
 *
 * For rule work and support: what the extension would make of a Meta page. Prints ONE JSON object:
 *   { "page":   { kind, businessId, wabaId, appId, configId, redirectUri, state }   (lib/meta/pages.ts)
 *     "screen": null | { kind, locale, lang, confidence, evidence, appName, editPreviousSettings,
 *                        wabaMode, wabas: [{name, selected, id, disabled}], selectedCount,
 *                        businesses, permissions: [{scope, granted}], alerts: [{kind, text, rule, blocking}], busy }
 *     "people":   (bm-people pages with --html) the People reading: people, self, …
 *     "wabaPage": (bm-whatsapp-accounts pages with --html) the WABA page reading: name, id, accounts }
 * `screen` is null without --html / --outline. Unknown values are null, never invented.
 * --outline reads a screen outline (lib/screens/outline.ts: what the overlay's "Copy screen outline
 * for support" copies, names replaced by placeholders), builds it back into a document and reads it
 * with the same readers, so it gives the reading the page gave (with the placeholders as names).
 *
 * The HTML is parsed by happy-dom's DOMParser in a Window with script evaluation, file loading and
 * navigation off: a saved Meta page is data here, never code. The rule packs are validated with
 * their zod schema first, so a broken pack fails loudly instead of reading nothing.
 * Bad arguments or an unreadable file: a message on stderr and exit code 2 (scripts/cli.ts).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Window } from 'happy-dom';
import { classifyPage } from '../../lib/meta/pages';
import { readPeoplePage } from '../../lib/screens/people-page';
import { readScreen } from '../../lib/screens/read-screen';
import { PACKS } from '../../lib/screens/rules/index';
import { assertValidPacks } from '../../lib/screens/rules/schema';
import { readWabaPage } from '../../lib/screens/waba-page';
import { isMetaId } from '../../lib/meta/ids';
import { renderOutline } from '../../lib/screens/outline-render';
import { parseOutline } from '../../lib/screens/outline-schema';

const USAGE = 'usage: cli inspect --url URL [--html FILE | --outline FILE] [--lang LANG] [--waba-id ID] [--self-name NAME]';
/** Saved pages of Meta's UI run to a few MB; anything far bigger is not one. */
const MAX_HTML_BYTES = 50 * 1024 * 1024;

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        url: { type: 'string' },
        html: { type: 'string' },
        outline: { type: 'string' },
        lang: { type: 'string' },
        'waba-id': { type: 'string' },
        'self-name': { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, { cause: error });
  }
}

async function readHtml(file: string, flag = '--html'): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`, { cause: error });
  }
  if (bytes.length > MAX_HTML_BYTES) throw new Error(`${flag} ${file}: ${bytes.length} bytes is larger than ${MAX_HTML_BYTES}; not a saved Meta page`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${flag} ${file}: not UTF-8 text`);
  }
}

function parseHtml(html: string): { document: Document; close: () => Promise<void> } {
  const window = new Window({
    settings: {
      enableJavaScriptEvaluation: false,
      disableJavaScriptFileLoading: true,
      enableCSSFileLoading: false,
      enableImageFileLoading: false,
      disableComputedStyleRendering: true,
      navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true, disableFallbackToSetURL: true },
    },
  });
  const document = new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  return { document, close: () => window.happyDOM.close() };
}

/** The document an outline file describes (validated first; a bad file fails with what is wrong). */
async function outlineDocument(file: string): Promise<{ document: Document; close: () => Promise<void> }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readHtml(file, '--outline'));
  } catch (error) {
    if (error instanceof SyntaxError) throw new Error(`--outline ${file}: not JSON (${error.message})`, { cause: error });
    throw error;
  }
  const parsed = parseOutline(raw);
  if (!parsed.ok) throw new Error(`--outline ${file}: ${parsed.error}`);
  const doc = parseHtml('<!doctype html><html><head></head><body></body></html>');
  renderOutline(parsed.outline, doc.document);
  return doc;
}

export async function run(args: string[]): Promise<void> {
  const values = parse(args);
  if (values.help) throw new Error(USAGE);
  if (values.url === undefined || values.url.trim() === '') throw new Error(`--url is required\n${USAGE}`);
  try {
    new URL(values.url);
  } catch {
    throw new Error(`--url "${values.url}" is not an absolute URL\n${USAGE}`);
  }
  if (values.html === '') throw new Error(`--html needs a file path\n${USAGE}`);
  if (values.outline === '') throw new Error(`--outline needs a file path\n${USAGE}`);
  if (values.html !== undefined && values.outline !== undefined) throw new Error(`--html and --outline are two ways to give the screen: pass one\n${USAGE}`);
  const wabaIdArg = values['waba-id'];
  if (wabaIdArg !== undefined && !isMetaId(wabaIdArg)) throw new Error(`--waba-id "${wabaIdArg}" is not a Meta id (digits only)`);
  assertValidPacks(PACKS);

  const page = classifyPage(values.url);
  const output: Record<string, unknown> = {
    page: {
      kind: page.kind,
      businessId: page.businessId,
      wabaId: page.wabaId,
      appId: page.appId,
      configId: page.configId,
      redirectUri: page.redirectUri,
      state: page.state,
    },
    screen: null,
  };

  if (values.html !== undefined || values.outline !== undefined) {
    const { document, close } = values.outline !== undefined ? await outlineDocument(values.outline) : parseHtml(await readHtml(values.html as string));
    try {
      const lang = values.lang !== undefined ? { lang: values.lang } : {};
      const s = readScreen(document, lang);
      output.screen = {
        kind: s.kind,
        locale: s.locale,
        lang: s.lang,
        confidence: s.confidence,
        evidence: s.evidence,
        appName: s.appName,
        editPreviousSettings: s.editPreviousSettings,
        wabaMode: s.wabaMode,
        wabas: s.wabas.map((w) => ({ name: w.name, selected: w.selected, id: w.id, disabled: w.disabled })),
        selectedCount: s.selectedCount,
        businesses: s.businesses,
        permissions: s.permissions.map((p) => ({ scope: p.scope, granted: p.granted })),
        alerts: s.alerts.map((a) => ({ kind: a.kind, text: a.text, rule: a.rule, blocking: a.blocking })),
        busy: s.busy,
      };
      if (page.kind === 'bm-people') {
        output.people = readPeoplePage(document, { ...lang, ...(values['self-name'] ? { selfName: values['self-name'] } : {}) });
      }
      if (page.kind === 'bm-whatsapp-accounts') {
        output.wabaPage = readWabaPage(document, { ...lang, wabaId: wabaIdArg ?? page.wabaId });
      }
    } finally {
      await close();
    }
  }
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}
