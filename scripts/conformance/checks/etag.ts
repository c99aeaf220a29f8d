/**
 * Conditional status reads, which the extension's poller relies on (lib/background/poller.ts):
 * a 200 carries an ETag; sending it back as If-None-Match answers 304 with no body while nothing
 * changed; and a changed status gets another ETag (otherwise the extension would keep a stale
 * status forever). A change is provoked only with --allow-writes (`POST …/checks`).
 */
import { paths } from '../../../lib/contract';
import type { CheckGroup } from '../context';
import { describe, type Answer } from '../probe';
import { fail, notChecked, pass, type CheckResult } from '../result';

/** The status content that an ETag stands for: everything but the time it was generated. */
const content = (answer: Answer) => JSON.stringify((answer.json as { workspaces?: unknown } | undefined)?.workspaces ?? null);
const bare = (tag: string) => tag.trim().replace(/^W\//, '');

export const etagChecks: CheckGroup = async (ctx) => {
  const results: CheckResult[] = [];
  // A fresh read: an earlier one may predate a check (POST …/checks) that changed the status.
  const first = await ctx.prober.probe({ path: paths.status });
  if (first.status === 200) ctx.statusBodies.push(first.json);
  if (first.status !== 200) {
    const why = `${describe(first)}: no status to compare`;
    return [notChecked('etag.present', why), notChecked('etag.not-modified', why), notChecked('etag.changes', why)];
  }
  const etag = first.headers.get('ETag');
  if (!etag) {
    return [
      fail('etag.present', `${describe(first)} without an ETag header: the extension re-downloads the whole status on every poll`),
      notChecked('etag.not-modified', 'no ETag to send as If-None-Match'),
      notChecked('etag.changes', 'no ETag to compare'),
    ];
  }
  results.push(pass('etag.present', `${describe(first)} with ETag ${etag.length > 80 ? `${etag.slice(0, 80)}…` : etag}`));

  const conditional = await ctx.prober.probe({ path: paths.status, headers: { 'If-None-Match': etag } });
  if (conditional.status === 304) {
    results.push(conditional.text === '' ? pass('etag.not-modified', 'If-None-Match with the ETag → 304 with no body') : fail('etag.not-modified', `304 with a body of ${conditional.text.length} characters (a 304 has none)`));
  } else if (conditional.status === 200) {
    ctx.statusBodies.push(conditional.json);
    const changed = content(conditional) !== content(first);
    results.push(
      changed
        ? notChecked('etag.not-modified', 'the status changed between the two reads (a check ran meanwhile); run again when it is quiet')
        : fail('etag.not-modified', 'If-None-Match with the current ETag → 200 with the same status, expected 304'),
    );
  } else {
    results.push(fail('etag.not-modified', `${describe(conditional)} to If-None-Match, expected 304`));
  }

  if (!ctx.options.allowWrites || !ctx.workspaceId) {
    results.push(notChecked('etag.changes', ctx.workspaceId ? 'provoking a status change needs --allow-writes (POST …/checks)' : (ctx.noWorkspaceWhy ?? 'no workspace')));
    return results;
  }
  const before = await ctx.prober.probe({ path: paths.status });
  await ctx.prober.probe({ method: 'POST', path: paths.checks(ctx.workspaceId), headers: { 'Content-Type': 'application/json' }, body: '{}' });
  const after = await ctx.prober.probe({ path: paths.status });
  for (const answer of [before, after]) if (answer.status === 200) ctx.statusBodies.push(answer.json);
  if (before.status !== 200 || after.status !== 200) {
    results.push(notChecked('etag.changes', `${describe(before.status !== 200 ? before : after)}: no two statuses to compare`));
  } else if (content(before) === content(after)) {
    results.push(notChecked('etag.changes', 'the status did not change after POST …/checks (nothing to compare)'));
  } else {
    const a = before.headers.get('ETag');
    const b = after.headers.get('ETag');
    if (!a || !b) results.push(fail('etag.changes', 'a status read came without an ETag'));
    else if (bare(a) === bare(b)) results.push(fail('etag.changes', `the status changed after POST …/checks but the ETag stayed ${a}: the extension would keep the old status`));
    else results.push(pass('etag.changes', 'the status changed after POST …/checks and so did the ETag'));
  }
  return results;
};
