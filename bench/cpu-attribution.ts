/**
 * Attributes a V8 CPU profile (CDP `Profiler.stop`) to "the extension" versus "the page".
 *
 * A sample belongs to the extension when ANY frame on its stack (the sampled node and its ancestors in
 * the profile's call tree) has a URL that `isOurs` accepts (chrome-extension://<id>/…): work the
 * extension's code causes inside DOM calls (a querySelectorAll, a style recalculation forced by
 * checkVisibility) is sampled under the extension's frame and counts as the extension's.
 *
 * Denominator, "the page's JavaScript time": every sample except those whose own node is one of V8's
 * pseudo-frames `(idle)` (nothing to do), `(program)` (native browser work outside any JavaScript:
 * layout, paint, parsing, task scheduling), `(garbage collector)` and `(root)`. Time is weighted by
 * each sample's interval (the delta to the next sample), not by sample count.
 */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; scriptId?: string };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface Attribution {
  /** Microseconds. */
  totalUs: number;
  idleUs: number;
  programUs: number;
  gcUs: number;
  /** The page's JavaScript time (the denominator). */
  jsUs: number;
  /** Of which on a stack with one of the extension's frames. */
  extensionUs: number;
  samples: number;
  extensionSamples: number;
  /** extensionUs / jsUs (0 when jsUs is 0). */
  share: number;
}

const EXCLUDED = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

export function attribute(profile: CpuProfile, isOurs: (url: string) => boolean): Attribution {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // Memoised "is any frame from here to the root ours?".
  const ours = new Map<number, boolean>();
  const isOurStack = (id: number): boolean => {
    const path: number[] = [];
    let current: number | undefined = id;
    let result = false;
    while (current !== undefined) {
      const known = ours.get(current);
      if (known !== undefined) {
        result = known;
        break;
      }
      path.push(current);
      if (isOurs(byId.get(current)?.callFrame.url ?? '')) {
        result = true;
        break;
      }
      current = parent.get(current);
    }
    for (const p of path) ours.set(p, result);
    return result;
  };

  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const out: Attribution = { totalUs: 0, idleUs: 0, programUs: 0, gcUs: 0, jsUs: 0, extensionUs: 0, samples: samples.length, extensionSamples: 0, share: 0 };
  for (let i = 0; i < samples.length; i++) {
    // A sample stands for the interval until the next one; the last gets the mean interval.
    const next = deltas[i + 1];
    const us = next !== undefined ? Math.max(0, next) : samples.length > 1 ? (profile.endTime - profile.startTime) / samples.length : 0;
    const node = byId.get(samples[i] as number);
    const name = node?.callFrame.functionName ?? '(root)';
    out.totalUs += us;
    if (name === '(idle)') out.idleUs += us;
    else if (name === '(program)') out.programUs += us;
    else if (name === '(garbage collector)') out.gcUs += us;
    if (EXCLUDED.has(name) || !node) continue;
    out.jsUs += us;
    if (isOurStack(node.id)) {
      out.extensionUs += us;
      out.extensionSamples++;
    }
  }
  out.share = out.jsUs > 0 ? out.extensionUs / out.jsUs : 0;
  return out;
}
