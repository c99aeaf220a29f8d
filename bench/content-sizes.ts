/**
 * What the content scripts weigh: gzip -9 bytes of each built script and chunk, against the budget in
 * bench/content-budget.json. Shared by the budget test (tests/e2e/content-budget.spec.ts, limits
 * only) and the bench (bench/content-size.bench.ts, which also records the measured figures).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGET_FILE = path.resolve('bench/content-budget.json');

export interface ScriptBudget {
  file: string;
  runs: string;
  limitGzip: number;
  /** The size aimed at, where the limit is not there yet. */
  targetGzip?: number;
  measuredGzip: number;
}
export interface TogetherBudget {
  files: string[];
  runs: string;
  limitGzip: number;
  measuredGzip: number;
}
export interface ContentBudget {
  $comment: string;
  scripts: ScriptBudget[];
  together: TogetherBudget[];
}

export function readBudget(): ContentBudget {
  return JSON.parse(readFileSync(BUDGET_FILE, 'utf8')) as ContentBudget;
}

export const gzipBytes = (dir: string, file: string): number => gzipSync(readFileSync(path.join(dir, file)), { level: 9 }).length;

/**
 * Every script the build runs in pages: its content scripts (those in the manifest and those
 * registered at run time, e.g. the product-page script) and its web-accessible scripts.
 */
export function pageScripts(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    content_scripts?: { js?: string[] }[];
    web_accessible_resources?: { resources: string[] }[];
  };
  const registered = readdirSync(path.join(dir, 'content-scripts'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `content-scripts/${f}`);
  const listed = [...registered, ...(manifest.content_scripts ?? []).flatMap((c) => c.js ?? []), ...(manifest.web_accessible_resources ?? []).flatMap((r) => r.resources)];
  return [...new Set(listed.filter((f) => f.endsWith('.js')))].sort();
}
