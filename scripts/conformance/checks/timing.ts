/** Answer times of GET /v1/status over a few reads: reported, never judged (no pass or fail). */
import { paths } from '../../../lib/contract';
import type { CheckGroup } from '../context';
import { notChecked, type CheckResult } from '../result';

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export const timingChecks: CheckGroup = async (ctx) => {
  const times: number[] = [];
  for (let i = 0; i < ctx.options.timingReads; i += 1) {
    const answer = await ctx.prober.probe({ path: paths.status });
    if (answer.status !== 200) continue;
    times.push(answer.ms);
    ctx.statusBodies.push(answer.json);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const why =
    times.length === 0
      ? `none of ${ctx.options.timingReads} status reads answered 200`
      : `reported, not judged: p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms over ${times.length} status reads`;
  const result: CheckResult = notChecked('timing.status', why);
  return [result];
};
