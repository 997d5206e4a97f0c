import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnLadder } from '../../support/server';
import { confine, type Confinement } from '../confine';
import { serverCpus } from '../sync/targets';
import { fig } from '../stats';
import { cpuSeconds, rssMiB } from '../sync/proc';
import { ladderRoom, loadRow, runLoad } from './load';

export const SOAK_CLIENTS = 300;
const SOAK_EDITS_PER_SECOND = 20;

/** The heap a room's document alone keeps per edit of the soak's kind (`doc-growth.ts`, its own process), in bytes. */
export function documentBytesPerEdit(edits: number): number {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'doc-growth.ts');
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, String(edits)], { encoding: 'utf8' });
  return (JSON.parse(out.trim().split('\n').at(-1) as string) as { bytesPerEdit: number }).bytesPerEdit;
}

/** One RSS reading, `at` seconds after the soak's clients started measuring. */
export interface RssSample { at: number; rss: number }

export interface SoakGrowth {
  /** When the baseline was read: 60 s (after the first minute), or a quarter of runs shorter than two minutes. */
  baselineAt: number;
  baseline: number;
  end: number;
  growthPercent: number;
}

/** RSS after the first minute against RSS at the end, growth in per cent of the first. */
export function soakGrowth(samples: readonly RssSample[], seconds: number): SoakGrowth {
  const baselineAt = seconds >= 120 ? 60 : Math.round(seconds / 4);
  const first = samples.find((s) => s.at >= baselineAt);
  const last = samples.at(-1);
  if (!first || !last) return { baselineAt, baseline: NaN, end: NaN, growthPercent: NaN };
  return { baselineAt, baseline: first.rss, end: last.rss, growthPercent: ((last.rss - first.rss) / first.rss) * 100 };
}

/** The server's heap after a forced full GC (`heap-probe.mjs`, loaded with `--expose-gc` in the soak only). */
export interface HeapProbe {
  env: Record<string, string>;
  /** Forces a GC in the server and resolves to the heap still in use (MiB), or NaN when the probe does not answer. */
  sample(pid: number, timeoutMs?: number): Promise<number>;
  release(): void;
}

const heapProbeScript = join(dirname(fileURLToPath(import.meta.url)), 'heap-probe.mjs');

export function heapProbe(): HeapProbe {
  const dir = mkdtempSync(join(tmpdir(), 'ladder-bench-heap-'));
  const file = join(dir, 'heap.json');
  const read = (): { heapUsed: number; at: number } | null => {
    try { return JSON.parse(readFileSync(file, 'utf8')) as { heapUsed: number; at: number }; } catch { return null; }
  };
  return {
    env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc --import ${heapProbeScript}`.trim(), LADDER_BENCH_HEAP_FILE: file },
    async sample(pid, timeoutMs = 10_000) {
      const before = read()?.at ?? 0;
      process.kill(pid, 'SIGUSR2');
      for (let waited = 0; waited < timeoutMs; waited += 50) {
        const now = read();
        if (now && now.at > before) return now.heapUsed / 1024 / 1024;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return Number.NaN;
    },
    release() { rmSync(dir, { recursive: true, force: true }); },
  };
}

/** 300 clients with edits and presence for `seconds`, while `rooms` other rooms are opened and closed. */
export async function soakRun(seconds: number, rooms: number, workers: number): Promise<Record<string, string | number>> {
  const heap = heapProbe();
  const server = await spawnLadder({ env: { LOG_LEVEL: 'warn', ...heap.env } });
  let allowance: Confinement | null = null;
  try {
    const { roomId, tokens } = await ladderRoom(server, SOAK_CLIENTS);
    const pid = server.child.pid as number;
    allowance = confine(pid, { cpus: serverCpus(), name: 'soak' });
    const cpu = cpuSeconds(pid);
    const samples: RssSample[] = [];
    let sampler: NodeJS.Timeout | undefined;
    // Heap after a forced GC at the baseline and just before the clients stop (two GCs only: each pauses the server).
    const heapAt: Promise<number>[] = [];
    const heapTimers: NodeJS.Timeout[] = [];
    const baselineAt = soakGrowth([], seconds).baselineAt;
    const heapSpan = Math.max(1, seconds - 3 - baselineAt);
    const startSampling = () => {
      const start = performance.now();
      sampler = setInterval(() => samples.push({ at: (performance.now() - start) / 1000, rss: rssMiB(pid) }), 1000);
      heapTimers.push(setTimeout(() => heapAt.push(heap.sample(pid)), baselineAt * 1000));
      heapTimers.push(setTimeout(() => heapAt.push(heap.sample(pid)), (baselineAt + heapSpan) * 1000));
    };
    const run = await runLoad({ wsUrl: `${server.wsUrl}/sync`, roomId, editsPerSecond: SOAK_EDITS_PER_SECOND, editors: 20, moving: 0.2, seconds, churnRooms: { httpUrl: server.url, count: rooms } }, tokens, workers, startSampling);
    clearInterval(sampler);
    for (const timer of heapTimers) clearTimeout(timer);
    const [heapBaseline = Number.NaN, heapEnd = Number.NaN] = await Promise.all(heapAt);
    samples.push({ at: seconds, rss: rssMiB(pid) });
    const growth = soakGrowth(samples, seconds);
    const row = loadRow('Ladder soak', SOAK_CLIENTS, seconds, 0.2, pid, cpu, run, allowance.label);
    return {
      ...row,
      'rooms opened and closed': rooms,
      [`RSS at ${growth.baselineAt} s MiB`]: fig(growth.baseline),
      'RSS at end MiB': fig(growth.end),
      'RSS growth %': fig(growth.growthPercent),
      [`heap after GC at ${growth.baselineAt} s MiB`]: fig(heapBaseline),
      'heap after GC at end MiB': fig(heapEnd),
      'heap after GC growth %': fig(((heapEnd - heapBaseline) / heapBaseline) * 100),
      // Between the two samples the edits ran at their fixed rate: the heap kept per edit, beside what the document
      // alone keeps for the same edits.
      'heap growth per edit B': fig(((heapEnd - heapBaseline) * 1024 * 1024) / (SOAK_EDITS_PER_SECOND * heapSpan)),
      'of which the document must keep, per edit B': fig(documentBytesPerEdit(Math.max(1000, Math.round(SOAK_EDITS_PER_SECOND * heapSpan)))),
    };
  } finally {
    await server.stop();
    allowance?.release();
    server.cleanup();
    heap.release();
  }
}
