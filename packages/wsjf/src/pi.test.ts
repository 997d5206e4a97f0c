import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confidenceOutcome, inTargetBand, predictability } from './pi';

describe('PI objectives and confidence', () => {
  it('[PI1] planned counts committed objectives, actual every one; a team can pass 100 %', () => {
    const out = predictability([
      { team: 'Payments', committed: true, plannedValue: 8, actualValue: 6 },
      { team: 'Payments', committed: true, plannedValue: 10, actualValue: 10 },
      { team: 'Payments', committed: false, plannedValue: 5, actualValue: 4 },
      { team: 'Platform', committed: true, plannedValue: 5, actualValue: 7 },
      { team: 'Platform', committed: false, plannedValue: 3, actualValue: 3 },
      { team: 'Search', committed: false, plannedValue: 4, actualValue: 4 },
    ]);
    expect(out.teams).toEqual([
      { team: 'Payments', planned: 18, actual: 20, percent: (100 * 20) / 18 },
      { team: 'Platform', planned: 5, actual: 10, percent: 200 },
      { team: 'Search', planned: 0, actual: 4, percent: null },
    ]);
    expect(out.art).toEqual({ planned: 23, actual: 34, percent: (100 * 34) / 23 });
  });

  it('[PI1] nothing valued, off-range or fractional values: no division by zero, nothing counted', () => {
    expect(predictability([]).art).toEqual({ planned: 0, actual: 0, percent: null });
    expect(predictability([{ team: 'A', committed: true, plannedValue: 11, actualValue: 0 }, { team: 'A', committed: true, plannedValue: 2.5, actualValue: null }]).art)
      .toEqual({ planned: 0, actual: 0, percent: null });
  });

  it('[PI1] the ART is the sum of its teams, in any order', () => {
    const objective = fc.record({ team: fc.constantFrom('A', 'B', 'C'), committed: fc.boolean(), plannedValue: fc.option(fc.integer({ min: -2, max: 12 })), actualValue: fc.option(fc.integer({ min: -2, max: 12 })) });
    fc.assert(fc.property(fc.array(objective, { maxLength: 30 }), (list) => {
      const out = predictability(list);
      expect(out.teams.reduce((s, t) => s + t.planned, 0)).toBe(out.art.planned);
      expect(out.teams.reduce((s, t) => s + t.actual, 0)).toBe(out.art.actual);
      expect(predictability([...list].reverse())).toEqual(out);
    }));
  });

  it('[PI2] the target band is 80–100 % inclusive', () => {
    expect([79.9, 80, 100, 100.1, null].map(inTargetBand)).toEqual([false, true, true, false, false]);
  });

  it('[PI3] average, distribution and acceptance at 3', () => {
    expect(confidenceOutcome([5, 4, 3, 2, 1, 3])).toEqual({ voters: 6, average: 3, distribution: { 1: 1, 2: 1, 3: 2, 4: 1, 5: 1 }, accepted: true });
    expect(confidenceOutcome([2, 3, 3, 2]).accepted).toBe(false);
    expect(confidenceOutcome([])).toEqual({ voters: 0, average: null, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, accepted: false });
    expect(confidenceOutcome([0, 6, 2.5, Number.NaN, 4]).voters).toBe(1);
  });

  it('[PI3] the distribution counts every vote once and the average lies within it', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 200 }), (votes) => {
      const out = confidenceOutcome(votes);
      expect(Object.values(out.distribution).reduce((a, b) => a + b, 0)).toBe(votes.length);
      expect(out.voters).toBe(votes.length);
      if (votes.length > 0) {
        expect(out.average as number).toBeGreaterThanOrEqual(Math.min(...votes));
        expect(out.average as number).toBeLessThanOrEqual(Math.max(...votes));
        expect(out.accepted).toBe((out.average as number) >= 3);
      }
    }));
  });
});
