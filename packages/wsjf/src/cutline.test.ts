import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutLine, rankFeatures } from './rank';
import { features, SAFE_EXAMPLE } from './test-support';

function rankedWithSizes(list = SAFE_EXAMPLE) {
  const byId = new Map(list.map((f) => [f.id, f]));
  return rankFeatures(list).map((r) => ({ ...r, jobSize: byId.get(r.id)?.jobSize ?? null }));
}

describe('cutLine', () => {
  // Ranked job sizes of the SAFe example: F-6 1, F-1 5, F-3 8, F-8 4, F-4 2, F-9 2, F-2 13, F-5 20; F-7 unscored.
  it('[WSJF8] walks the ranking from the top while the running sum stays within capacity', () => {
    const inCapacity = cutLine(rankedWithSizes(), 20);
    expect([...inCapacity.entries()].filter(([, v]) => v).map(([id]) => id)).toEqual(['F-6', 'F-1', 'F-3', 'F-8', 'F-4']);
    expect(inCapacity.get('F-9')).toBe(false);
    expect(inCapacity.get('F-7')).toBe(false);
    expect(inCapacity.size).toBe(SAFE_EXAMPLE.length);
  });

  it('[WSJF8] is a cut line, not a knapsack: a smaller later feature that would fit stays out', () => {
    const inCapacity = cutLine(rankedWithSizes(), 15);
    // 1 + 5 + 8 = 14 fits; F-8 (4) would make 18: the cut. F-4 (2) would still fit, but comes after it.
    expect(inCapacity.get('F-3')).toBe(true);
    expect(inCapacity.get('F-8')).toBe(false);
    expect(inCapacity.get('F-4')).toBe(false);
    expect(inCapacity.get('F-9')).toBe(false);
  });

  it('[WSJF8] a feature that exactly fills the capacity is in', () => {
    expect(cutLine(rankedWithSizes(), 14).get('F-3')).toBe(true);
    expect(cutLine(rankedWithSizes(), 13.999).get('F-3')).toBe(false);
  });

  it('[WSJF8] walks by rank, not by list order, and unscored rows are out', () => {
    const rows = [
      { id: 'b', rank: 2, jobSize: 3 },
      { id: 'u', rank: null, jobSize: 1 },
      { id: 'a', rank: 1, jobSize: 3 },
    ];
    expect(Object.fromEntries(cutLine(rows, 4))).toEqual({ a: true, b: false, u: false });
  });

  it('[WSJF8] odd capacities: NaN, text or too small puts everything out, Infinity every scored feature in', () => {
    const rows = rankedWithSizes();
    expect([...cutLine(rows, Number.NaN).values()].some(Boolean)).toBe(false);
    expect([...cutLine(rows, 0.5).values()].some(Boolean)).toBe(false);
    expect([...cutLine(rows, -1).values()].some(Boolean)).toBe(false);
    expect([...cutLine(rows, '100' as unknown as number).values()].some(Boolean)).toBe(false);
    const all = cutLine(rows, Number.POSITIVE_INFINITY);
    expect(rows.every((r) => all.get(r.id) === (r.rank !== null))).toBe(true);
  });

  it('[WSJF8] the features in capacity are always a prefix of the ranking within capacity', () => {
    fc.assert(
      fc.property(features(), fc.integer({ min: 0, max: 60 }), (list, capacity) => {
        const rows = rankedWithSizes(list);
        const inCapacity = cutLine(rows, capacity);
        const flags = rows.map((r) => inCapacity.get(r.id));
        const firstOut = flags.indexOf(false);
        if (firstOut >= 0) expect(flags.slice(firstOut).every((f) => f === false)).toBe(true);
        const used = rows.filter((r) => inCapacity.get(r.id)).reduce((sum, r) => sum + (r.jobSize as number), 0);
        expect(used).toBeLessThanOrEqual(capacity);
        const next = rows[firstOut];
        if (next && next.rank !== null) expect(used + (next.jobSize as number)).toBeGreaterThan(capacity);
      }),
    );
  });
});
