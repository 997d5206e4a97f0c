import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPONENTS, type Estimates, type RankedFeature } from './components';
import { explainMove, rankDiff } from './history';
import { rankFeatures } from './rank';
import { wsjfOf } from './score';
import { features, SAFE_EXAMPLE, usable } from './test-support';

const ranking = (ids: string[]): RankedFeature[] => ids.map((id, i) => ({ id, rank: i + 1, wsjf: 1, costOfDelay: 1 }));

/** Brute-force normalised Kendall tau distance over the ids in both lists. */
function kendall(a: string[], b: string[]): number {
  const common = a.filter((id) => b.includes(id));
  let discordant = 0;
  let pairs = 0;
  for (let i = 0; i < common.length; i++) {
    for (let j = i + 1; j < common.length; j++) {
      pairs++;
      if (b.indexOf(common[i] as string) > b.indexOf(common[j] as string)) discordant++;
    }
  }
  return pairs === 0 ? 0 : discordant / pairs;
}

describe('rankDiff', () => {
  it('[WSJF18] lists the moves when an estimate changes in the SAFe example', () => {
    const before = rankFeatures(SAFE_EXAMPLE);
    // F-7 gets its job size: CoD 15 / 1 = 15 puts it on top; everyone scored moves down one.
    const after = rankFeatures(SAFE_EXAMPLE.map((f) => (f.id === 'F-7' ? { ...f, jobSize: 1 } : f)));
    expect(rankDiff(before, after).moves).toEqual([
      { id: 'F-7', from: null, to: 1 },
      { id: 'F-6', from: 1, to: 2 },
      { id: 'F-1', from: 2, to: 3 },
      { id: 'F-3', from: 3, to: 4 },
      { id: 'F-8', from: 4, to: 5 },
      { id: 'F-4', from: 5, to: 6 },
      { id: 'F-9', from: 6, to: 7 },
      { id: 'F-2', from: 7, to: 8 },
      { id: 'F-5', from: 8, to: 9 },
    ]);
  });

  it('[WSJF18] appearing, disappearing and unscoring are moves; staying put is not', () => {
    const before: RankedFeature[] = [...ranking(['a', 'b', 'c']), { id: 'u', rank: null, wsjf: null, costOfDelay: null }];
    const after: RankedFeature[] = [...ranking(['a', 'd']), { id: 'c', rank: null, wsjf: null, costOfDelay: null }, { id: 'u', rank: null, wsjf: null, costOfDelay: null }];
    expect(rankDiff(before, after).moves).toEqual([
      { id: 'd', from: null, to: 2 },
      { id: 'b', from: 2, to: null },
      { id: 'c', from: 3, to: null },
    ]);
  });

  it('[WSJF19] churn is 0 for the same order and 1 for the reverse order', () => {
    expect(rankDiff(ranking(['a', 'b', 'c', 'd']), ranking(['a', 'b', 'c', 'd'])).churn).toBe(0);
    expect(rankDiff(ranking(['a', 'b', 'c', 'd']), ranking(['d', 'c', 'b', 'a'])).churn).toBe(1);
    expect(rankDiff(ranking(['a', 'b', 'c']), ranking(['b', 'a', 'c'])).churn).toBeCloseTo(1 / 3, 12);
    expect(rankDiff(ranking(['a']), ranking(['a'])).churn).toBe(0);
    expect(rankDiff([], ranking(['a', 'b'])).churn).toBe(0);
  });

  it('[WSJF19] churn equals the brute-force normalised Kendall tau distance over shared ids', () => {
    const ids = fc.uniqueArray(fc.constantFrom(...'abcdefghijklmnop'.split('')), { maxLength: 16 });
    fc.assert(
      fc.property(ids, ids, (a, b) => {
        const { churn } = rankDiff(ranking(a), ranking(b));
        expect(churn).toBeGreaterThanOrEqual(0);
        expect(churn).toBeLessThanOrEqual(1);
        expect(churn).toBeCloseTo(kendall(a, b), 12);
      }),
    );
  });

  it('[WSJF18][WSJF19] rankings of the same features in any input order show no moves and no churn', () => {
    fc.assert(
      fc.property(features(), (list) => {
        const diff = rankDiff(rankFeatures(list), rankFeatures([...list].reverse()));
        expect(diff).toEqual({ moves: [], churn: 0 });
      }),
    );
  });
});

/** The largest WSJF any mix of the two sides' estimates can reach: the scale of rounding errors. */
function mixScale(a: Estimates, b: Estimates): number {
  const hi = (c: 'userBusinessValue' | 'timeCriticality' | 'riskReduction'): number => Math.max(a[c] as number, b[c] as number);
  return Math.max(1, (hi('userBusinessValue') + hi('timeCriticality') + hi('riskReduction')) / Math.min(a.jobSize as number, b.jobSize as number));
}

const f = (userBusinessValue: number, timeCriticality: number, riskReduction: number, jobSize: number): Estimates => ({ userBusinessValue, timeCriticality, riskReduction, jobSize });

describe('explainMove', () => {
  it('[WSJF20] a cost-of-delay change alone moves WSJF by the change over job size', () => {
    const e = explainMove(f(8, 5, 3, 4), f(8, 13, 3, 4));
    expect(e).toMatchObject({ wsjfBefore: 4, wsjfAfter: 6, delta: 2 });
    expect(e.contributions.map((c) => [c.component, c.from, c.to, c.effect])).toEqual([
      ['userBusinessValue', 8, 8, 0],
      ['timeCriticality', 5, 13, 2],
      ['riskReduction', 3, 3, 0],
      ['jobSize', 4, 4, 0],
    ]);
  });

  it('[WSJF20] two changes share the delta fairly (Shapley), whatever their order', () => {
    // CoD 16 → 24 (timeCriticality 5 → 13) and job 2 → 4: WSJF 8 → 6.
    // Orders: tc first: +4 then job −6; job first: job −4 then tc +2. Shapley: tc (4+2)/2 = 3, job (−6−4)/2 = −5.
    const e = explainMove(f(8, 5, 3, 2), f(8, 13, 3, 4));
    expect(e.delta).toBe(-2);
    const effects = Object.fromEntries(e.contributions.map((c) => [c.component, c.effect]));
    expect(effects.timeCriticality).toBeCloseTo(3, 12);
    expect(effects.jobSize).toBeCloseTo(-5, 12);
    expect(effects.userBusinessValue).toBe(0);
  });

  it('[WSJF20] effects sum to the delta and unchanged components have no effect', () => {
    const estimates = fc.tuple(usable, usable, usable, usable).map(([a, b, c, d]) => f(a, b, c, d));
    fc.assert(
      fc.property(estimates, estimates, fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), (before, changed, keep) => {
        const after = { ...before };
        COMPONENTS.forEach((c, i) => {
          if (!keep[i]) after[c] = changed[c];
        });
        const e = explainMove(before, after);
        expect(e.wsjfBefore).toBe(wsjfOf(before));
        expect(e.wsjfAfter).toBe(wsjfOf(after));
        const sum = e.contributions.reduce((s, c) => s + (c.effect as number), 0);
        expect(Math.abs(sum - (e.delta as number))).toBeLessThanOrEqual(1e-12 * mixScale(before, after));
        e.contributions.forEach((c) => {
          if (c.from === c.to) expect(c.effect).toBe(0);
        });
      }),
    );
  });

  it('[WSJF20] explaining the way back reverses every effect', () => {
    const estimates = fc.tuple(usable, usable, usable, usable).map(([a, b, c, d]) => f(a, b, c, d));
    fc.assert(
      fc.property(estimates, estimates, (a, b) => {
        const forward = explainMove(a, b).contributions;
        const back = explainMove(b, a).contributions;
        const scale = mixScale(a, b);
        forward.forEach((c, i) => expect(Math.abs((c.effect as number) + (back[i]?.effect as number))).toBeLessThanOrEqual(1e-12 * scale));
      }),
    );
  });

  it('[WSJF20] when either side is unscored, delta and effects are null', () => {
    const e = explainMove({ userBusinessValue: 8, timeCriticality: 5, riskReduction: 3 }, f(8, 5, 3, 4));
    expect(e).toMatchObject({ wsjfBefore: null, wsjfAfter: 4, delta: null });
    expect(e.contributions.every((c) => c.effect === null)).toBe(true);
    expect(e.contributions[3]).toEqual({ component: 'jobSize', from: null, to: 4, effect: null });
    expect(explainMove(f(1, 1, 1, 1), { ...f(1, 1, 1, 1), riskReduction: Number.NaN }).delta).toBeNull();
  });
});
