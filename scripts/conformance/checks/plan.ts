/**
 * What the reconnect goes through, field by field:
 *
 *   plan.reconnect-url        the plan's and every workspace's reconnectUrl is https (or http on
 *                             loopback), absolute — the extension opens it in a tab
 *   plan.app-id               the plan's appId (and any appId on the status) is a Meta id: the
 *                             flow assistant compares it with the dialog's client_id
 *   status.token-updated-at   per connection, when offered: a timestamp that never moves backwards
 *                             between two reads
 *   reconnect-link            POST …/reconnect-link, when offered (only with --allow-writes: it
 *                             mints a single-use link): a https/loopback URL
 */
import { MetaId, paths } from '../../../lib/contract';
import type { CheckGroup, Context } from '../context';
import { isHttpsOrLoopbackUrl } from '../owned-paths';
import { reconnectLinkSchema, reconnectLinkUrl, TokenUpdatedAt } from '../local-schemas';
import { describe } from '../probe';
import { fail, notChecked, pass, violations, type CheckResult } from '../result';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const show = (value: unknown) => JSON.stringify(value)?.slice(0, 80) ?? String(value);

function workspacesOf(status: unknown): Json[] {
  return asArray(asRecord(status)?.workspaces).map(asRecord).filter((w): w is Json => w !== null);
}

function reconnectUrlCheck(plan: Json | null, status: unknown): CheckResult {
  const id = 'plan.reconnect-url';
  const urls: [string, unknown][] = [];
  if (plan) urls.push(['plan.reconnectUrl', plan.reconnectUrl]);
  workspacesOf(status).forEach((workspace, i) => urls.push([`status.workspaces.${i}.reconnectUrl`, workspace.reconnectUrl]));
  if (urls.length === 0) return notChecked(id, 'neither a plan nor a workspace in the status to read');
  for (const [where, url] of urls) {
    if (!isHttpsOrLoopbackUrl(url)) return fail(id, `${where} is ${show(url)}: must be an absolute https URL (or http on localhost)`);
  }
  return pass(id, `${urls.length} reconnect URL(s), each absolute https or loopback`);
}

function appIdCheck(plan: Json | null, status: unknown): CheckResult {
  const id = 'plan.app-id';
  const ids: [string, unknown][] = [];
  if (plan) ids.push(['plan.appId', plan.appId]);
  const top = asRecord(status);
  if (top && 'appId' in top) ids.push(['status.appId', top.appId]);
  workspacesOf(status).forEach((workspace, i) => {
    if ('appId' in workspace) ids.push([`status.workspaces.${i}.appId`, workspace.appId]);
    asArray(workspace.connections).forEach((c, j) => {
      const conn = asRecord(c);
      if (conn && 'appId' in conn) ids.push([`status.workspaces.${i}.connections.${j}.appId`, conn.appId]);
    });
  });
  if (!plan) return notChecked(id, 'no reconnect plan was read');
  for (const [where, value] of ids) {
    if (!MetaId.safeParse(value).success) return fail(id, `${where} is ${show(value)}: a Meta app id is a string of digits`);
  }
  return pass(id, `${ids.map(([where]) => where).join(', ')}: Meta id(s)`);
}

/** connection id → tokenUpdatedAt, for every connection that has the field. */
function tokenTimes(status: unknown): Map<string, unknown> {
  const times = new Map<string, unknown>();
  for (const workspace of workspacesOf(status)) {
    for (const c of asArray(workspace.connections)) {
      const conn = asRecord(c);
      if (conn && 'tokenUpdatedAt' in conn) times.set(`${String(workspace.id)}/${String(conn.id)}`, conn.tokenUpdatedAt);
    }
  }
  return times;
}

export function tokenUpdatedAtCheck(bodies: unknown[]): CheckResult {
  const id = 'status.token-updated-at';
  if (bodies.length < 2) return notChecked(id, `${bodies.length} status read(s), two are needed`);
  const reads = bodies.map(tokenTimes);
  if (reads.every((read) => read.size === 0)) return notChecked(id, 'not offered: no connection carries tokenUpdatedAt');
  for (const [r, read] of reads.entries()) {
    for (const [conn, value] of read) {
      const found = violations(TokenUpdatedAt, value);
      if (found.first) return fail(id, `read ${r + 1}, connection ${conn}: tokenUpdatedAt ${show(value)} is not a timestamp or null`);
    }
  }
  const first = reads[0] ?? new Map<string, unknown>();
  const last = reads[reads.length - 1] ?? new Map<string, unknown>();
  let compared = 0;
  for (const [conn, before] of first) {
    const after = last.get(conn);
    if (typeof before !== 'string' || typeof after !== 'string') continue;
    compared += 1;
    if (Date.parse(after) < Date.parse(before)) return fail(id, `connection ${conn}: tokenUpdatedAt went back from ${before} to ${after}`);
  }
  if (compared === 0) return notChecked(id, 'offered, but no connection has a tokenUpdatedAt in both the first and the last read');
  return pass(id, `${compared} connection(s): tokenUpdatedAt never moved backwards over ${bodies.length} reads`);
}

async function reconnectLinkCheck(ctx: Context): Promise<CheckResult> {
  const id = 'reconnect-link';
  if (!ctx.workspaceId) return notChecked(id, ctx.noWorkspaceWhy ?? 'no workspace');
  if (!ctx.options.allowWrites) return notChecked(id, 'POST …/reconnect-link mints a single-use link: needs --allow-writes');
  const answer = await ctx.prober.probe({ method: 'POST', path: `/v1/workspaces/${encodeURIComponent(ctx.workspaceId)}/reconnect-link`, headers: { 'Content-Type': 'application/json' }, body: '{}' });
  if (answer.status === 404 || answer.status === 405) return notChecked(id, `not offered (${describe(answer)})`);
  if (answer.error || answer.status < 200 || answer.status > 299) return fail(id, `${describe(answer)}, expected 2xx (or 404/405 when not offered)`);
  const { schema, source } = reconnectLinkSchema();
  const url = reconnectLinkUrl(answer.json);
  if (!isHttpsOrLoopbackUrl(url)) return fail(id, `the link is ${show(url)}: must be an absolute https URL (or http on localhost)`);
  const found = violations(schema, answer.json);
  if (found.first) return fail(id, `${describe(answer)}: does not match the reconnect-link schema (${source}): ${found.first}`);
  return pass(id, `${describe(answer)}: a https/loopback link, matching the ${source === 'contract' ? 'contract' : 'mirrored'} schema`);
}

export const planChecks: CheckGroup = async (ctx) => {
  const status = ctx.firstStatus?.json;
  let plan: Json | null = null;
  if (ctx.workspaceId) {
    const answer = await ctx.prober.probe({ path: paths.reconnectPlan(ctx.workspaceId) });
    if (answer.status === 200) plan = asRecord(answer.json);
  }
  return [reconnectUrlCheck(plan, status), appIdCheck(plan, status), await reconnectLinkCheck(ctx)];
};

export const tokenUpdatedAtChecks: CheckGroup = async (ctx) => [tokenUpdatedAtCheck(ctx.statusBodies)];
