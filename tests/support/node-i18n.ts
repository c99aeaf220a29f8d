/**
 * For a spec or a bench that computes what the extension should say with the extension's own
 * modules (the health model's words, in Node): the browser's `i18n.getMessage` answered from the built
 * extension's English messages (`.output/chrome-mv3/_locales/en/messages.json`), as the browser
 * under test answers in English. Import it before any module that reads a message.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const messages = JSON.parse(readFileSync(path.resolve('.output/chrome-mv3/_locales/en/messages.json'), 'utf8')) as Record<string, { message: string }>;

function getMessage(name: string, substitutions?: string | string[]): string {
  const values = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return (messages[name]?.message ?? '').replace(/\$(\$|[1-9])/g, (_, what: string) => (what === '$' ? '$' : (values[Number(what) - 1] ?? '')));
}

const global = globalThis as unknown as { chrome?: { i18n?: unknown } };
global.chrome = { ...(global.chrome ?? {}), i18n: { getMessage, getUILanguage: () => 'en-US' } };
