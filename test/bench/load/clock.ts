// One clock for every load process. `process.hrtime` reads CLOCK_MONOTONIC, which all processes of a machine
// share; the coordinator fixes one epoch base and hands it to every worker, so a stamp taken in one process and
// a time read in another differ by exactly the time that passed between them.

/** CLOCK_MONOTONIC in milliseconds (fractional). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** The base that turns monotonic milliseconds into ms since the epoch; computed once by the coordinator. */
export function clockBase(): number {
  return Date.now() - monotonicMs();
}

/**
 * A clock on the shared base: epoch milliseconds with sub-millisecond resolution, strictly increasing within
 * one process (so two stamps taken in the same process never collide).
 */
export function sharedClock(base: number): () => number {
  let last = -Infinity;
  return () => {
    let t = base + monotonicMs();
    if (t <= last) t = last + 0.001;
    last = t;
    return t;
  };
}
