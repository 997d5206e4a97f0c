import { spawnLadder } from '../../support/server';
import { confine, type Confinement } from '../confine';
import { serverCpus } from '../sync/targets';
import { fig } from '../stats';
import { cpuSeconds, rssMiB } from '../sync/proc';
import { ladderRoom, loadRow, runLoad } from './load';

export const SOAK_CLIENTS = 300;

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

/** 300 clients with edits and presence for `seconds`, while `rooms` other rooms are opened and closed. */
export async function soakRun(seconds: number, rooms: number, workers: number): Promise<Record<string, string | number>> {
  const server = await spawnLadder({ env: { LOG_LEVEL: 'warn' } });
  let allowance: Confinement | null = null;
  try {
    const { roomId, tokens } = await ladderRoom(server, SOAK_CLIENTS);
    const pid = server.child.pid as number;
    allowance = confine(pid, { cpus: serverCpus(), name: 'soak' });
    const cpu = cpuSeconds(pid);
    const samples: RssSample[] = [];
    let sampler: NodeJS.Timeout | undefined;
    const startSampling = () => {
      const start = performance.now();
      sampler = setInterval(() => samples.push({ at: (performance.now() - start) / 1000, rss: rssMiB(pid) }), 1000);
    };
    const run = await runLoad({ wsUrl: `${server.wsUrl}/sync`, roomId, editsPerSecond: 20, editors: 20, moving: 0.2, seconds, churnRooms: { httpUrl: server.url, count: rooms } }, tokens, workers, startSampling);
    clearInterval(sampler);
    samples.push({ at: seconds, rss: rssMiB(pid) });
    const growth = soakGrowth(samples, seconds);
    const row = loadRow('Ladder soak', SOAK_CLIENTS, seconds, 0.2, pid, cpu, run, allowance.label);
    return {
      ...row,
      'rooms opened and closed': rooms,
      [`RSS at ${growth.baselineAt} s MiB`]: fig(growth.baseline),
      'RSS at end MiB': fig(growth.end),
      'RSS growth %': fig(growth.growthPercent),
    };
  } finally {
    await server.stop();
    allowance?.release();
    server.cleanup();
  }
}
