import { describe, expect, it } from 'vitest';
import { fig, percentile, seededRandom, summarise } from './stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles of sorted samples', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises unsorted samples numerically, not as strings', () => {
    const summary = summarise([100, 9, 20, 3]);
    expect(summary).toEqual({ p50: 9, p99: 100, max: 100, count: 4 });
  });

  it('rounds figures for display and keeps NaN', () => {
    expect(fig(3.14159)).toBe(3.1);
    expect(fig(1234.5)).toBe(1235);
    expect(fig(NaN)).toBeNaN();
  });

  it('draws the same sequence for the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const drawsA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(drawsA);
    expect(drawsA.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Array.from({ length: 5 }, seededRandom(43))).not.toEqual(drawsA);
  });
});
