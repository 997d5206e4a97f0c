import { describe, expect, it } from 'vitest';
import { clockBase, monotonicMs, sharedClock } from './clock';

describe('the shared clock of the load processes', () => {
  it('reads epoch milliseconds on the base the coordinator fixed', () => {
    const base = clockBase();
    const clock = sharedClock(base);
    const t = clock();
    expect(Math.abs(t - Date.now())).toBeLessThan(50);
    // Another process with the same base reads the same monotonic clock: the same formula, the same value.
    expect(Math.abs(base + monotonicMs() - t)).toBeLessThan(50);
  });

  it('never gives the same stamp twice in one process', () => {
    const clock = sharedClock(clockBase());
    const stamps = Array.from({ length: 10_000 }, clock);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1] as number);
  });
});
