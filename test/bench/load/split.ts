import { availableParallelism } from 'node:os';

/** One load process per core beyond the one the server uses, and at least two, so no single event loop holds every client. */
export function defaultWorkers(cores = availableParallelism()): number {
  return Math.max(2, cores - 1);
}

/** A contiguous range of client indices `[from, to)` held by one load process. */
export interface ClientRange { from: number; to: number }

/**
 * Splits client indices `first .. first + count - 1` over at most `workers` processes as evenly as possible
 * (sizes differ by at most one); never more processes than clients.
 */
export function splitClients(count: number, workers: number, first = 0): ClientRange[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`client count must be a whole number ≥ 0, got ${count}`);
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a whole number ≥ 1, got ${workers}`);
  const k = Math.max(1, Math.min(workers, count));
  const ranges: ClientRange[] = [];
  let from = first;
  for (let w = 0; w < k; w++) {
    const size = Math.floor(count / k) + (w < count % k ? 1 : 0);
    ranges.push({ from, to: from + size });
    from += size;
  }
  return ranges;
}

/** "2 load processes × 250, 250 clients", for the output. */
export function describeSplit(ranges: readonly ClientRange[]): string {
  const sizes = ranges.map((r) => r.to - r.from);
  const same = sizes.every((s) => s === sizes[0]);
  return `${ranges.length} load process${ranges.length === 1 ? '' : 'es'} × ${same ? sizes[0] : sizes.join('/')} clients`;
}
