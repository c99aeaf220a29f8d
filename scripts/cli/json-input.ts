/**
 * Reads the JSON a CLI command is given (a file, or `-` for standard input) and turns every way
 * it can be wrong into one clear sentence naming the file: the dispatcher prints it and exits 2.
 */
import { readFile } from 'node:fs/promises';

export class CliInputError extends Error {}

export async function readJsonInput(file: string | undefined, what: string): Promise<unknown> {
  if (!file) throw new CliInputError(`missing ${what} (a JSON file, or - for standard input)`);
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : 'cannot be read';
    throw new CliInputError(`${what} ${file}: ${reason}`);
  }
  if (!text.trim()) throw new CliInputError(`${what} ${file}: the file is empty`);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new CliInputError(`${what} ${file}: not valid JSON (${error instanceof Error ? error.message : 'parse error'})`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
