/** The shape every bench/*.bench.ts exports (run by bench/run.ts). */
export interface BenchResult {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** Method, caveats and the target, printed under the table. */
  notes: string[];
  /** False when a measured figure misses its target (the run exits non-zero). */
  passed?: boolean;
  /** Everything else worth keeping in bench/results/<name>.json. */
  data: unknown;
}

export interface Bench {
  description: string;
  run(): Promise<BenchResult>;
}
