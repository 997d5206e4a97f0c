import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RankInput } from './components';
import { compareRanked, rankFeatures } from './rank';
import { features, junkEstimate, SAFE_EXAMPLE } from './test-support';


const base = { createdAt: 0, userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 1 };

describe('rankFeatures', () => {
  it('[WSJF4][WSJF6] ranks the SAFe worked example highest WSJF first, the unscored feature last', () => {
    expect(rankFeatures(SAFE_EXAMPLE)).toEqual([
      { id: 'F-6', rank: 1, wsjf: 13, costOfDelay: 13 },
      { id: 'F-1', rank: 2, wsjf: 4.8, costOfDelay: 24 },
      { id: 'F-3', rank: 3, wsjf: 4.5, costOfDelay: 36 },
      { id: 'F-8', rank: 4, wsjf: 3.5, costOfDelay: 14 },
      { id: 'F-4', rank: 5, wsjf: 3.5, costOfDelay: 7 },
      { id: 'F-9', rank: 6, wsjf: 3.5, costOfDelay: 7 },
      { id: 'F-2', rank: 7, wsjf: 29 / 13, costOfDelay: 29 },
      { id: 'F-5', rank: 8, wsjf: 1.9, costOfDelay: 38 },
      { id: 'F-7', rank: null, wsjf: null, costOfDelay: null },
    ]);
  });

  it('[WSJF4] ties break by higher cost of delay', () => {
    const ranked = rankFeatures([
      { ...base, id: 'small', userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 1 },
      { ...base, id: 'big', userBusinessValue: 2, timeCriticality: 2, riskReduction: 2, jobSize: 2 },
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['big', 'small']);
  });

  it('[WSJF4] compares WSJF exactly: equal ratios tie, ratios that round alike are still ordered', () => {
    // 6/4 and 3/2 tie on WSJF, so the higher cost of delay wins.
    expect(rankFeatures([
      { ...base, id: 'a', userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 2 },
      { ...base, id: 'b', userBusinessValue: 2, timeCriticality: 2, riskReduction: 2, jobSize: 4 },
    ]).map((r) => r.id)).toEqual(['b', 'a']);
    // Both quotients round to the same double, yet 4503599627370496/3 > 6004799503160661/4 exactly;
    // comparing rounded quotients would rank the second first for its higher cost of delay.
    const x = { ...base, id: 'x', userBusinessValue: 4503599627370494, jobSize: 3 };
    const y = { ...base, id: 'y', userBusinessValue: 6004799503160659, jobSize: 4 };
    const ranked = rankFeatures([y, x]);
    expect(ranked[0]?.wsjf).toBe(ranked[1]?.wsjf);
    expect(ranked.map((r) => r.id)).toEqual(['x', 'y']);
  });

  it('[WSJF4] equal WSJF and cost of delay: the smaller job size first', () => {
    // Same WSJF and CoD imply the same job size for exact values; a smaller job with a larger WSJF
    // still comes first by WSJF, so this checks the whole chain agrees.
    const ranked = rankFeatures([
      { ...base, id: 'a', userBusinessValue: 3, jobSize: 5 },
      { ...base, id: 'b', userBusinessValue: 3, jobSize: 3 },
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('[WSJF5] full ties break by earlier createdAt, then id in code-unit order', () => {
    const ranked = rankFeatures([
      { ...base, id: 'F-9', createdAt: 5 },
      { ...base, id: 'F-10', createdAt: 5 },
      { ...base, id: 'a', createdAt: 5 },
      { ...base, id: 'B', createdAt: 5 },
      { ...base, id: 'late', createdAt: 9 },
      { ...base, id: 'early', createdAt: 1 },
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['early', 'B', 'F-10', 'F-9', 'a', 'late']);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('[WSJF6] unscored features follow in createdAt order, then id, with null rank, WSJF and cost of delay', () => {
    const ranked = rankFeatures([
      { ...base, id: 'u2', createdAt: 2, jobSize: 0 },
      { ...base, id: 'u1b', createdAt: 1, riskReduction: null },
      { ...base, id: 'u1a', createdAt: 1, timeCriticality: -1 },
      { ...base, id: 's', createdAt: 9 },
    ]);
    expect(ranked).toEqual([
      { id: 's', rank: 1, wsjf: 3, costOfDelay: 3 },
      { id: 'u1a', rank: null, wsjf: null, costOfDelay: null },
      { id: 'u1b', rank: null, wsjf: null, costOfDelay: null },
      { id: 'u2', rank: null, wsjf: null, costOfDelay: null },
    ]);
  });

  it('[WSJF6] ranks are 1..n, distinct, for the scored features; unscored ranks are null', () => {
    fc.assert(
      fc.property(features(), (list) => {
        const ranked = rankFeatures(list);
        expect(ranked).toHaveLength(list.length);
        const ranks = ranked.filter((r) => r.rank !== null).map((r) => r.rank);
        expect(ranks).toEqual(ranks.map((_, i) => i + 1));
        const firstUnscored = ranked.findIndex((r) => r.rank === null);
        if (firstUnscored >= 0) expect(ranked.slice(firstUnscored).every((r) => r.rank === null && r.wsjf === null)).toBe(true);
      }),
    );
  });

  it('[WSJF7] the ranking does not depend on input order', () => {
    fc.assert(
      fc.property(
        features().chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }))),
        ([list, shuffled]) => {
          expect(rankFeatures(shuffled)).toEqual(rankFeatures(list));
        },
      ),
    );
  });

  it('[WSJF7] the order is total and consistent: antisymmetric, transitive, and only identical features tie', () => {
    fc.assert(
      fc.property(features(), (list) => {
        for (const a of list) {
          expect(compareRanked(a, a)).toBe(0);
          for (const b of list) {
            const ab = Math.sign(compareRanked(a, b));
            expect(ab + Math.sign(compareRanked(b, a))).toBe(0);
            if (a.id !== b.id) expect(ab).not.toBe(0);
            for (const c of list) {
              if (ab < 0 && compareRanked(b, c) < 0) expect(compareRanked(a, c)).toBeLessThan(0);
            }
          }
        }
        const ranked = rankFeatures(list);
        const byId = new Map(list.map((f) => [f.id, f]));
        for (let i = 0; i + 1 < ranked.length; i++) {
          expect(compareRanked(byId.get(ranked[i]!.id)!, byId.get(ranked[i + 1]!.id)!)).toBeLessThan(0);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('[WSJF3] never yields NaN for arbitrary junk input', () => {
    const junkFeature = fc.oneof(
      fc.record({ id: fc.anything(), createdAt: fc.anything(), userBusinessValue: junkEstimate, timeCriticality: junkEstimate, riskReduction: junkEstimate, jobSize: junkEstimate }, { requiredKeys: [] }),
      fc.anything(),
    );
    fc.assert(
      fc.property(fc.oneof(fc.array(junkFeature), fc.anything()), (junk) => {
        const ranked = rankFeatures(junk as RankInput[]);
        for (const row of ranked) {
          expect(typeof row.id).toBe('string');
          for (const value of [row.rank, row.wsjf, row.costOfDelay]) {
            expect(value === null || Number.isFinite(value)).toBe(true);
          }
        }
        // NaN or Infinity would not survive a JSON round trip.
        expect(JSON.parse(JSON.stringify(ranked))).toEqual(ranked);
      }),
      { numRuns: 1000 },
    );
  });

  it('[WSJF3] reads a non-string id as its string form and a bad createdAt as latest', () => {
    const ranked = rankFeatures([
      { ...base, id: 7 as unknown as string, createdAt: Number.NaN },
      { ...base, id: 'x', createdAt: 'yesterday' as unknown as number },
      { ...base, id: 'y', createdAt: 100 },
      null as unknown as RankInput,
      42 as unknown as RankInput,
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['y', '7', 'x']);
    expect(rankFeatures('junk' as unknown as RankInput[])).toEqual([]);
  });
});
