import { describe, expect, it } from 'vitest';
import { mergeReports } from './report';
import { soakGrowth } from '../bigroom/soak';
import { mergeLoadReports, type WorkerReport } from '../bigroom/plan';

describe('merging the reports of several load processes', () => {
  it('adds deliveries, bytes and CPU, keeps every sample sorted, and names the busiest process and the worst loop delay', () => {
    const merged = mergeReports([
      { clients: 2, samples: Float64Array.from([30, 1]), deliveries: 2, wireBytes: 100, cpuSeconds: 1.5, loopDelayP99: 12 },
      { clients: 3, samples: Float64Array.from([4, 200, 2]), deliveries: 3, wireBytes: 50, cpuSeconds: 0.5, loopDelayP99: 40 },
    ]);
    expect(Array.from(merged.samples)).toEqual([1, 2, 4, 30, 200]);
    expect(merged).toMatchObject({ deliveries: 5, wireBytes: 150, cpuSeconds: 2, busiestCpuSeconds: 1.5, loopDelayP99: 40 });
  });

  it('concatenates the big room\'s per-client presence counts in client order', () => {
    const report = (first: number, cpu: number): WorkerReport => ({ latencies: [first], edits: first, presenceFrames: [first, first + 1], presenceEntries: [1, 1], connected: 2, closed: 0, cpu, busiestCpu: cpu });
    const merged = mergeLoadReports([report(10, 2), report(20, 3)]);
    expect(merged.presenceFrames).toEqual([10, 11, 20, 21]);
    expect(merged.latencies).toEqual([10, 20]);
    expect(merged).toMatchObject({ connected: 4, cpu: 5, busiestCpu: 3, edits: 30 });
  });
});

describe('soak memory growth', () => {
  const samples = Array.from({ length: 601 }, (_, at) => ({ at, rss: at < 60 ? 100 + at : 160 + (at - 60) / 60 }));

  it('compares RSS after the first minute with RSS at the end', () => {
    const growth = soakGrowth(samples, 600);
    expect(growth.baselineAt).toBe(60);
    expect(growth.baseline).toBe(160);
    expect(growth.end).toBe(169);
    expect(growth.growthPercent).toBeCloseTo(5.625, 6);
  });

  it('takes the baseline after a quarter of runs shorter than two minutes, and gives NaN without samples', () => {
    expect(soakGrowth(samples.slice(0, 16), 15).baselineAt).toBe(4);
    expect(soakGrowth([], 600).growthPercent).toBeNaN();
  });
});
