/**
 * Content scripts import lib/meta/pages.ts and lib/screens/* and must stay small: no zod (nor React)
 * may be reachable from them. Walks the static import graph from those entry modules.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const ENTRIES = [join(here, 'read-screen.ts'), join(here, 'business-selection.ts'), join(here, 'waba-selection.ts'), join(here, 'people-page.ts'), join(here, 'waba-page.ts'), join(here, 'text.ts'), resolve(here, '../meta/pages.ts')];

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  // Type-only imports vanish at build time; everything else is a runtime dependency.
  return [...source.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
}

function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) {
        packages.add(spec);
        continue;
      }
      const base = resolve(dirname(file), spec);
      const target = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => existsSync(p) && p.endsWith('.ts'));
      if (target) queue.push(target);
    }
  }
  return { files, packages };
}

describe('content-script safety of the readers and page detection', () => {
  it.each(ENTRIES.map((e) => [e.slice(e.indexOf('lib/')), e]))('%s reaches no npm package and no schema module', (_label, entry) => {
    const { files, packages } = reachable(entry);
    expect([...packages]).toEqual([]);
    expect([...files].filter((f) => f.endsWith('schema.ts'))).toEqual([]);
  });
});
