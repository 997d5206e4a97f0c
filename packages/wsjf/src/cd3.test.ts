import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cd3Of, compareRankings, rankByCd3, type Cd3Input } from './cd3';
import type { RankedFeature } from './components';
import { rankFeatures } from './rank';

const item = (id: string, costPerWeek: unknown, durationWeeks: unknown, createdAt = 0): Cd3Input =>
  ({ id, createdAt, costPerWeek, durationWeeks }) as Cd3Input;

describe('CD3', () => {
  it('[WSJF23] CD3 is cost per week over duration; bad inputs are unscored', () => {
    expect(cd3Of({ costPerWeek: 10_000, durationWeeks: 4 })).toBe(2500);
    expect(cd3Of({ costPerWeek: 0, durationWeeks: 4 })).toBe(0);
    for (const [cost, duration] of [[null, 4], [10, null], [10, 0], [-1, 4], [10, -2], [Number.NaN, 1], [1, Number.POSITIVE_INFINITY], ['10', 2]] as const) {
      expect(cd3Of({ costPerWeek: cost as number, durationWeeks: duration as number })).toBeNull();
    }
  });

  it('[WSJF24] ranks by CD3, highest first; ties by higher cost, shorter duration, createdAt, id', () => {
    const ranked = rankByCd3([
      item('low', 1000, 10), // 100
      item('tie-small', 200, 1), // 200, lower cost
      item('tie-big', 400, 2), // 200, higher cost
      item('top', 3000, 2), // 1500
      item('same-b', 100, 1, 5), // 100, same cost and duration as same-a, later... equal createdAt → id
      item('same-a', 100, 1, 5),
      item('free', 0, 3), // 0
      item('unknown', null, 3, 1),
      item('broken', 10, 0, 0),
    ]);
    expect(ranked).toEqual([
      { id: 'top', rank: 1, wsjf: 1500, costOfDelay: 3000 },
      { id: 'tie-big', rank: 2, wsjf: 200, costOfDelay: 400 },
      { id: 'tie-small', rank: 3, wsjf: 200, costOfDelay: 200 },
      { id: 'low', rank: 4, wsjf: 100, costOfDelay: 1000 },
      { id: 'same-a', rank: 5, wsjf: 100, costOfDelay: 100 },
      { id: 'same-b', rank: 6, wsjf: 100, costOfDelay: 100 },
      { id: 'free', rank: 7, wsjf: 0, costOfDelay: 0 },
      { id: 'broken', rank: null, wsjf: null, costOfDelay: null },
      { id: 'unknown', rank: null, wsjf: null, costOfDelay: null },
    ]);
  });

  it('[WSJF23] a cost of -0 scores 0, not -0 (found by the property below: JSON would turn it into 0)', () => {
    expect(Object.is(cd3Of({ costPerWeek: -0, durationWeeks: 1 }), 0)).toBe(true);
    expect(Object.is(rankByCd3([{ id: 'z', createdAt: 0, costPerWeek: -0, durationWeeks: 1 }])[0]?.wsjf, 0)).toBe(true);
  });

  it('[WSJF24] the CD3 ranking does not depend on input order and never yields NaN', () => {
    const input = fc.uniqueArray(
      fc.record({ id: fc.string({ maxLength: 3 }), createdAt: fc.integer({ min: 0, max: 3 }), costPerWeek: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.anything()), durationWeeks: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.anything()) }),
      { selector: (f) => f.id, maxLength: 20 },
    );
    fc.assert(
      fc.property(input, (list) => {
        const ranked = rankByCd3(list as Cd3Input[]);
        expect(rankByCd3([...list].reverse() as Cd3Input[])).toEqual(ranked);
        expect(JSON.parse(JSON.stringify(ranked))).toEqual(ranked);
      }),
    );
  });

  it('[WSJF25] compareRankings lists the features ranked differently by WSJF and CD3', () => {
    const features = [
      { id: 'A', createdAt: 0, userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2, costPerWeek: 500, durationWeeks: 5 },
      { id: 'B', createdAt: 1, userBusinessValue: 3, timeCriticality: 2, riskReduction: 1, jobSize: 3, costPerWeek: 900, durationWeeks: 3 },
      { id: 'C', createdAt: 2, userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 3, costPerWeek: 10, durationWeeks: 10 },
      { id: 'D', createdAt: 3, userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: null, costPerWeek: 50, durationWeeks: 1 },
    ];
    // WSJF: A 8, B 2, C 1, D unscored. CD3: B 300, A 100, D 50, C 1.
    expect(compareRankings(rankFeatures(features), rankByCd3(features))).toEqual([
      { id: 'A', rankA: 1, rankB: 2 },
      { id: 'B', rankA: 2, rankB: 1 },
      { id: 'C', rankA: 3, rankB: 4 },
      { id: 'D', rankA: null, rankB: 3 },
    ]);
    const same: RankedFeature[] = rankFeatures(features);
    expect(compareRankings(same, same)).toEqual([]);
    expect(compareRankings([{ id: 'x', rank: 1, wsjf: 1, costOfDelay: 1 }], [])).toEqual([{ id: 'x', rankA: 1, rankB: null }]);
  });
});
