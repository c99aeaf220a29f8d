/** What every group of checks gets: the options, the prober, and what earlier groups learned. */
import type { Answer, Prober } from './probe';
import type { CheckResult } from './result';

export interface ConformanceOptions {
  baseUrl: string;
  token: string;
  /** The workspace to probe; default: the first one GET /v1/status lists. */
  workspace: string | null;
  /** A workspace id that exists but belongs to another admin (optional, sharpens the 404 check). */
  foreignWorkspace: string | null;
  allowWrites: boolean;
  /** Extension origins for the CORS checks; default: made-up Chrome and Firefox ones. */
  origins: string[];
  /** Status reads for the answer-time figures. */
  timingReads: number;
  /** Requests in the bounded burst that tries to provoke a 429 (only with allowWrites). */
  burst: number;
}

export interface Context {
  options: ConformanceOptions;
  prober: Prober;
  /** The first 200 answer of GET /v1/status, if any. */
  firstStatus: Answer | null;
  /** Every 200 status body read so far, in order (raw JSON, before any schema strips fields). */
  statusBodies: unknown[];
  /** The workspace probed (from the options or the first status). */
  workspaceId: string | null;
  /** Why there is no workspace to probe, when there is none. */
  noWorkspaceWhy: string | null;
}

export type CheckGroup = (ctx: Context) => Promise<CheckResult[]>;
