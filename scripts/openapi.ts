/**
 * `npm run openapi`: writes openapi.json (OpenAPI 3.1) from the zod schemas in lib/contract.
 * `npm run openapi -- --check` only compares and exits 1 when the checked-in file is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { renderOpenApiDocument } from '../lib/contract/openapi';

const target = resolve(import.meta.dirname, '..', 'openapi.json');
const fresh = renderOpenApiDocument();
const current = await readFile(target, 'utf8').catch(() => null);

if (process.argv.includes('--check')) {
  if (current !== fresh) {
    console.error('openapi.json is stale: run npm run openapi');
    process.exit(1);
  }
  console.log('openapi.json is up to date');
} else if (current === fresh) {
  console.log('openapi.json is up to date');
} else {
  await writeFile(target, fresh);
  console.log(`wrote ${target}`);
}
