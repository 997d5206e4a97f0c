// Loaded into a server under test with `--expose-gc --import` (the soak only, never the product): on SIGUSR2 it forces
// a full garbage collection and writes the heap still in use to LADDER_BENCH_HEAP_FILE, so the soak can read the
// heap that survives a GC at the first minute and at the end. With LADDER_BENCH_HEAP_SNAPSHOTS=<dir> it also writes a
// heap snapshot there each time (open two in Chrome's DevTools, Memory, Comparison, to see what the heap gained).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

const file = process.env.LADDER_BENCH_HEAP_FILE;
process.on('SIGUSR2', () => {
  try {
    if (typeof globalThis.gc !== 'function' || !file) return;
    globalThis.gc();
    const { heapUsed } = process.memoryUsage();
    const snapshots = process.env.LADDER_BENCH_HEAP_SNAPSHOTS;
    if (snapshots) writeHeapSnapshot(join(snapshots, `soak-${Date.now()}.heapsnapshot`));
    writeFileSync(file, JSON.stringify({ heapUsed, at: Date.now() }));
  } catch {
    // A probe that cannot write leaves the soak without the figure; the server goes on.
  }
});
