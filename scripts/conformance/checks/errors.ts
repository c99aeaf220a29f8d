/**
 * Errors in the documented shape (ApiError in lib/contract/common.ts, with its code):
 *
 *   errors.unauthorized       a made-up token, and no token → 401 `unauthorized` + WWW-Authenticate
 *   errors.not-found          a workspace the admin does not have → 404 `not-found` (plan, history)
 *   errors.bad-request        an invalid workspace id / history limit → 400 `bad-request`; a body
 *                             that is not a flow report → 400
 *   errors.payload-too-large  a 1 MiB body (no flow report can be that big) → 413
 *   errors.rate-limit         every 429 seen carries Retry-After; with --allow-writes a bounded
 *                             burst of status reads tries to provoke one
 *
 * Read-only stays read-only: the only POSTs without --allow-writes carry bodies that are not flow
 * reports at all, so even a backend that skipped a limit cannot store them.
 */
import { paths } from '../../../lib/contract';
import type { CheckGroup } from '../context';
import { describe, type Answer } from '../probe';
import { errorShapeProblem, fail, notChecked, pass, type CheckResult } from '../result';

const OVERSIZED_BYTES = 1024 * 1024;
const json = { 'Content-Type': 'application/json' };

function allClear(id: string, answers: [string, Answer][], status: number, code: Parameters<typeof errorShapeProblem>[2], passWhy: string): CheckResult {
  for (const [label, answer] of answers) {
    const problem = errorShapeProblem(answer, status, code);
    if (problem) return fail(id, `${label}: ${problem}`);
  }
  return pass(id, passWhy);
}

function retryAfterProblem(answer: Answer): string | null {
  const value = answer.headers.get('Retry-After');
  if (!value) return 'no Retry-After header';
  if (!/^\d+$/.test(value.trim()) && Number.isNaN(Date.parse(value))) return `Retry-After "${value.slice(0, 40)}" is neither seconds nor an HTTP date`;
  return errorShapeProblem(answer, 429, 'rate-limited');
}

export const errorChecks: CheckGroup = async (ctx) => {
  const results: CheckResult[] = [];
  const { prober } = ctx;

  const wrong = await prober.probe({ path: paths.status, auth: 'wrong' });
  const none = await prober.probe({ path: paths.status, auth: 'none' });
  const unauthorized = allClear('errors.unauthorized', [['a made-up token', wrong], ['no token', none]], 401, 'unauthorized', 'a made-up token and no token → 401 unauthorized (ApiError), with WWW-Authenticate');
  const challenge = [wrong, none].find((a) => a.status === 401 && !a.headers.get('WWW-Authenticate'));
  results.push(unauthorized.result === 'pass' && challenge ? fail('errors.unauthorized', '401 without a WWW-Authenticate challenge (RFC 9110 §11.6.1)') : unauthorized);

  const absent = `conformance-absent-${Math.random().toString(36).slice(2, 10)}`;
  const notFound: [string, Answer][] = [
    [`plan of unknown workspace`, await prober.probe({ path: paths.reconnectPlan(absent) })],
    [`history of unknown workspace`, await prober.probe({ path: paths.history(absent) })],
  ];
  if (ctx.options.foreignWorkspace) {
    notFound.push([`plan of another admin's workspace`, await prober.probe({ path: paths.reconnectPlan(ctx.options.foreignWorkspace) })]);
  }
  results.push(
    allClear('errors.not-found', notFound, 404, 'not-found', `a workspace this admin does not have → 404 not-found${ctx.options.foreignWorkspace ? " (an unknown id and another admin's workspace)" : ' (an unknown id; add --foreign-workspace ID to try another admin’s too)'}`),
  );

  const badInput: [string, Answer][] = [
    ['an invalid workspace id', await prober.probe({ path: paths.reconnectPlan('not a valid id!') })],
    ['history?limit=0', await prober.probe({ path: `${paths.history(ctx.workspaceId ?? absent)}?limit=0` })],
    ['a flow report body that is not a report', await prober.probe({ method: 'POST', path: paths.flowReports, headers: json, body: '{"conformance":"not a flow report"}' })],
  ];
  results.push(allClear('errors.bad-request', badInput, 400, 'bad-request', 'an invalid workspace id, limit=0 and a body that is not a flow report → 400 bad-request'));

  const oversized = await prober.probe({ method: 'POST', path: paths.flowReports, headers: json, body: `{"conformance":"${'x'.repeat(OVERSIZED_BYTES - 20)}"}` });
  results.push(allClear('errors.payload-too-large', [['a 1 MiB body', oversized]], 413, 'payload-too-large', 'a 1 MiB body → 413 payload-too-large'));
  return results;
};

/** Runs last: a burst must not make the other groups see 429s. */
export const rateLimitChecks: CheckGroup = async (ctx) => {
  const id = 'errors.rate-limit';
  const seen = () => ctx.prober.answers.filter((a) => a.status === 429);
  if (seen().length === 0 && ctx.options.allowWrites) {
    for (let i = 0; i < ctx.options.burst && seen().length === 0; i += 1) {
      await ctx.prober.probe({ path: paths.status });
    }
  }
  const limited = seen();
  if (limited.length === 0) {
    return [
      notChecked(
        id,
        ctx.options.allowWrites ? `no 429 within a burst of ${ctx.options.burst} status reads (the backend may limit later or not at all)` : 'no 429 seen; provoking one needs --allow-writes (a bounded burst)',
      ),
    ];
  }
  for (const answer of limited) {
    const problem = retryAfterProblem(answer);
    if (problem) return [fail(id, `${describe(answer)}: ${problem}`)];
  }
  return [pass(id, `${limited.length} answer(s) 429, each with Retry-After and the rate-limited error`)];
};
