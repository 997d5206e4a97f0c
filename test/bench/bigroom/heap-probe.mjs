// Loaded into a server under test with `--expose-gc --import` (the soak only, never the product): on SIGUSR2 it forces
// a full garbage collection and writes the heap still in use to LADDER_BENCH_HEAP_FILE, so the soak can read the
// heap that survives a GC at the first minute and at the end.
import { writeFileSync } from 'node:fs';

const file = process.env.LADDER_BENCH_HEAP_FILE;
process.on('SIGUSR2', () => {
  try {
    if (typeof globalThis.gc !== 'function' || !file) return;
    globalThis.gc();
    const { heapUsed } = process.memoryUsage();
    writeFileSync(file, JSON.stringify({ heapUsed, at: Date.now() }));
  } catch {
    // A probe that cannot write leaves the soak without the figure; the server goes on.
  }
});
