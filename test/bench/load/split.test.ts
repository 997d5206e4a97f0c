import { describe, expect, it } from 'vitest';
import { defaultWorkers, describeSplit, splitClients } from './split';

describe('splitting the clients of a room over load processes', () => {
  it('gives every client to exactly one process, in contiguous ranges whose sizes differ by at most one', () => {
    for (const [count, workers] of [[1000, 3], [500, 2], [7, 4], [100, 1], [601, 6]] as const) {
      const ranges = splitClients(count, workers, 1);
      expect(ranges).toHaveLength(Math.min(count, workers));
      expect(ranges[0]?.from).toBe(1);
      expect(ranges.at(-1)?.to).toBe(count + 1);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.from).toBe(ranges[i - 1]?.to);
      const sizes = ranges.map((r) => r.to - r.from);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(count);
    }
  });

  it('never starts more processes than there are clients, and refuses nonsense', () => {
    expect(splitClients(2, 8)).toEqual([{ from: 0, to: 1 }, { from: 1, to: 2 }]);
    expect(() => splitClients(10, 0)).toThrow(RangeError);
    expect(() => splitClients(-1, 2)).toThrow(RangeError);
  });

  it('uses one process per core beyond the server\'s, and at least two', () => {
    expect(defaultWorkers(2)).toBe(2);
    expect(defaultWorkers(1)).toBe(2);
    expect(defaultWorkers(8)).toBe(7);
  });

  it('describes the split for the output', () => {
    expect(describeSplit(splitClients(500, 2))).toBe('2 load processes × 250 clients');
    expect(describeSplit(splitClients(7, 2))).toBe('2 load processes × 4/3 clients');
    expect(describeSplit(splitClients(100, 1))).toBe('1 load process × 100 clients');
  });
});
