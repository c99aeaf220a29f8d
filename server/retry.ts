/**
 * Retrying a step that waits on something outside the process (the database at start-up): capped
 * exponential back-off with jitter, stoppable. Each failure is reported (for logs and /healthz)
 * before the wait; an error `shouldRetry` rejects ends the loop at once.
 *
 *   attempt 0 fails ─► wait firstMs·(0.5…1) ─► attempt 1 fails ─► wait 2·firstMs·(0.5…1) … ≤ maxMs
 */
export interface Backoff {
  firstMs: number;
  maxMs: number;
}

export const DATABASE_BACKOFF: Backoff = { firstMs: 500, maxMs: 30_000 };

/** The wait before attempt `attempt + 1`: doubling from firstMs, capped at maxMs, 50–100 % of that. */
export function backoffDelayMs(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const full = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.min(attempt, 30));
  return Math.round(full * (0.5 + random() / 2));
}

export class RetryStopped extends Error {
  constructor() {
    super('stopped while waiting to retry');
    this.name = 'RetryStopped';
  }
}

export async function retryWithBackoff<T>(
  step: (attempt: number) => Promise<T>,
  options: {
    backoff: Backoff;
    shouldRetry(error: unknown): boolean;
    onFailure(error: unknown, attempt: number, delayMs: number): void;
    signal?: AbortSignal;
    random?: () => number;
  },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new RetryStopped();
    try {
      return await step(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw new RetryStopped();
      if (!options.shouldRetry(error)) throw error;
      const delayMs = backoffDelayMs(attempt, options.backoff, options.random);
      options.onFailure(error, attempt, delayMs);
      await sleep(delayMs, options.signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RetryStopped());
    };
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
