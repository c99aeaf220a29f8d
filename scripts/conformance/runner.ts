/**
 * Runs the groups of checks in order against one backend and collects their results:
 *
 *   contract (reads the status, picks the workspace) → etag → cors → errors → plan → timing
 *   → token-updated-at (over every status read so far) → rate-limit (a burst, last)
 *
 * A group that throws (a bug here, never the backend's fault) becomes one `fail` naming the group,
 * so a run always ends with a complete report.
 */
import { randomBytes } from 'node:crypto';
import { contractChecks } from './checks/contract';
import { corsChecks } from './checks/cors';
import { errorChecks, rateLimitChecks } from './checks/errors';
import { etagChecks } from './checks/etag';
import { planChecks, tokenUpdatedAtChecks } from './checks/plan';
import { timingChecks } from './checks/timing';
import type { CheckGroup, ConformanceOptions, Context } from './context';
import { createProber } from './probe';
import { fail, type CheckResult } from './result';

const GROUPS: [string, CheckGroup][] = [
  ['contract', contractChecks],
  ['etag', etagChecks],
  ['cors', corsChecks],
  ['errors', errorChecks],
  ['plan', planChecks],
  ['timing', timingChecks],
  ['token-updated-at', tokenUpdatedAtChecks],
  ['rate-limit', rateLimitChecks],
];

export interface ConformanceRun {
  baseUrl: string;
  allowWrites: boolean;
  workspaceId: string | null;
  results: CheckResult[];
  failed: number;
}

export async function runConformance(options: ConformanceOptions, fetchImpl: typeof fetch = fetch): Promise<ConformanceRun> {
  // A made-up token of the same form, certainly not the admin's.
  const wrongToken = `conformance-${randomBytes(18).toString('base64url')}`;
  const ctx: Context = {
    options,
    prober: createProber(options.baseUrl, options.token, wrongToken, fetchImpl),
    firstStatus: null,
    statusBodies: [],
    workspaceId: null,
    noWorkspaceWhy: null,
  };
  const results: CheckResult[] = [];
  for (const [name, group] of GROUPS) {
    try {
      results.push(...(await group(ctx)));
    } catch (error) {
      results.push(fail(name, `the kit could not run this group: ${error instanceof Error ? error.message : String(error)}`));
    }
  }
  return { baseUrl: options.baseUrl, allowWrites: options.allowWrites, workspaceId: ctx.workspaceId, results, failed: results.filter((r) => r.result === 'fail').length };
}
