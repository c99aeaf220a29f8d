/**
 * A queue that runs async tasks one at a time, in the order they were queued: read-modify-write
 * of one stored record never interleaves with another. A failed task does not stop the queue.
 */
export interface Queue {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Resolves once every task queued so far has finished. */
  idle(): Promise<void>;
}

export function serialQueue(): Queue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const run = tail.then(task, task);
      tail = run.catch(() => undefined);
      return run;
    },
    idle: () => tail.then(() => undefined),
  };
}
