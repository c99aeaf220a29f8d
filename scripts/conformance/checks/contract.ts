/**
 * Every answer validates against its zod schema in lib/contract (path of the first violation):
 * the status, the reconnect plan and the history (reads), and with --allow-writes the fresh
 * check (`POST …/checks`) and a flow report. Also decides which workspace the other groups probe.
 */
import type { z } from 'zod';
import { CheckResponse, FlowReportAccepted, HistoryResponse, ReconnectPlan, StatusResponse, paths, type FlowReport } from '../../../lib/contract';
import type { CheckGroup, Context } from '../context';
import { deferOwnedFields } from '../owned-paths';
import { describe, type Answer } from '../probe';
import { fail, notChecked, pass, violations, type CheckResult } from '../result';

/** Judges one answer that should be `status` with a body matching `schema`. */
export function schemaCheck(id: string, answer: Answer, status: number, schema: z.ZodType, name: string): CheckResult {
  if (answer.error || answer.status !== status) return fail(id, `${describe(answer)}, expected HTTP ${status}${bodyHint(answer)}`);
  if (answer.json === undefined) return fail(id, `${describe(answer)}, but the body is not JSON`);
  const owned = deferOwnedFields(answer.json);
  const found = violations(schema, owned.value);
  if (found.first) return fail(id, `${describe(answer)}: does not match ${name}: ${found.first}${found.count > 1 ? ` (+${found.count - 1} more)` : ''}`);
  const deferred = owned.deferred.length ? `; ${owned.deferred.join(', ')} left to its own check` : '';
  return pass(id, `${describe(answer)} matches ${name}${deferred}`);
}

function bodyHint(answer: Answer): string {
  const code = (answer.json as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? ` (error code "${code}")` : '';
}

function chooseWorkspace(ctx: Context, status: Answer) {
  if (ctx.options.workspace) {
    ctx.workspaceId = ctx.options.workspace;
    return;
  }
  const workspaces = (status.json as { workspaces?: unknown } | undefined)?.workspaces;
  const first = Array.isArray(workspaces) ? (workspaces[0] as { id?: unknown } | undefined) : undefined;
  if (typeof first?.id === 'string' && first.id) ctx.workspaceId = first.id;
  else ctx.noWorkspaceWhy = status.status === 200 ? 'GET /v1/status lists no workspace for this admin (pass --workspace ID)' : 'GET /v1/status did not answer 200 (pass --workspace ID)';
}

/** A flow report that says nothing happened: the smallest true report a backend can store. */
function probeReport(workspaceId: string): FlowReport {
  const now = new Date().toISOString();
  return { workspaceId, startedAt: now, endedAt: now, source: 'oauth-dialog', outcome: 'unknown' };
}

export const contractChecks: CheckGroup = async (ctx) => {
  const results: CheckResult[] = [];
  const status = await ctx.prober.probe({ path: paths.status });
  if (status.status === 200) {
    ctx.firstStatus = status;
    ctx.statusBodies.push(status.json);
  }
  results.push(schemaCheck('contract.status', status, 200, StatusResponse, 'StatusResponse'));
  chooseWorkspace(ctx, status);

  const id = ctx.workspaceId;
  if (!id) {
    const why = ctx.noWorkspaceWhy ?? 'no workspace';
    results.push(notChecked('contract.reconnect-plan', why), notChecked('contract.history', why), notChecked('contract.checks', why), notChecked('contract.flow-report', why));
    return results;
  }
  results.push(schemaCheck('contract.reconnect-plan', await ctx.prober.probe({ path: paths.reconnectPlan(id) }), 200, ReconnectPlan, 'ReconnectPlan'));
  results.push(schemaCheck('contract.history', await ctx.prober.probe({ path: `${paths.history(id)}?limit=5` }), 200, HistoryResponse, 'HistoryResponse'));

  if (!ctx.options.allowWrites) {
    results.push(notChecked('contract.checks', 'POST …/checks runs a check on the backend: needs --allow-writes'));
    results.push(notChecked('contract.flow-report', 'POST /v1/flow-reports stores a report: needs --allow-writes'));
    return results;
  }
  results.push(schemaCheck('contract.checks', await ctx.prober.probe({ method: 'POST', path: paths.checks(id), headers: { 'Content-Type': 'application/json' }, body: '{}' }), 200, CheckResponse, 'CheckResponse'));
  const report = await ctx.prober.probe({ method: 'POST', path: paths.flowReports, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(probeReport(id)) });
  results.push(schemaCheck('contract.flow-report', report, 201, FlowReportAccepted, 'FlowReportAccepted'));
  return results;
};
