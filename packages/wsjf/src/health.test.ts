import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPONENTS, type RankInput } from './components';
import { scaleHealth } from './health';
import { rankFeatures } from './rank';
import { DEFAULT_SCALE } from './scale';
import { features, SAFE_EXAMPLE } from './test-support';

describe('scaleHealth', () => {
  it('[WSJF21] anchors: each column needs a scored feature at the smallest scale value', () => {
    // In the SAFe example only unscored F-7 has userBusinessValue 1, so that column lacks its anchor.
    expect(scaleHealth(SAFE_EXAMPLE).anchors).toEqual({ userBusinessValue: false, timeCriticality: true, riskReduction: true, jobSize: true });
    expect(scaleHealth([]).anchors).toEqual({ userBusinessValue: false, timeCriticality: false, riskReduction: false, jobSize: false });
    const scaled = [{ id: 'a', createdAt: 0, userBusinessValue: 2, timeCriticality: 4, riskReduction: 2, jobSize: 2 }];
    expect(scaleHealth(scaled, [2, 4, 8]).anchors).toEqual({ userBusinessValue: true, timeCriticality: false, riskReduction: true, jobSize: true });
  });

  it('[WSJF22] names the one-step moves that would swap an adjacent pair', () => {
    // A: CoD 16 / 2 = 8. B: CoD 15 / 2 = 7.5.
    const a = { id: 'A', createdAt: 0, userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2 };
    const b = { id: 'B', createdAt: 1, userBusinessValue: 5, timeCriticality: 5, riskReduction: 5, jobSize: 2 };
    const { fragile } = scaleHealth([b, a]);
    expect(fragile.map((p) => `${p.featureId} ${p.component} ${p.direction}`)).toEqual([
      'A userBusinessValue down', // (5+5+3)/2 = 6.5 < 7.5
      'A timeCriticality down', // (8+3+3)/2 = 7 < 7.5
      // A riskReduction down: (8+5+2)/2 = 7.5 ties B on WSJF, CoD and job; A was created first and stays on top.
      'A jobSize up', // 16/3 ≈ 5.3 < 7.5
      'B userBusinessValue up', // (8+5+5)/2 = 9 > 8
      'B timeCriticality up',
      'B riskReduction up',
      'B jobSize down', // 15/1 = 15 > 8
    ]);
    expect(fragile.every((p) => p.above === 'A' && p.below === 'B')).toBe(true);
  });

  it('[WSJF22] every reported move swaps its pair and every unreported one-step move does not', () => {
    fc.assert(
      fc.property(features(), (list) => {
        const ranked = rankFeatures(list).filter((r) => r.rank !== null);
        const byId = new Map(list.map((f) => [f.id, f]));
        const reported = new Set(scaleHealth(list).fragile.map((p) => `${p.above}|${p.below}|${p.featureId}|${p.component}|${p.direction}`));
        let expected = 0;
        for (let i = 0; i + 1 < ranked.length; i++) {
          const above = byId.get(ranked[i]!.id) as RankInput;
          const below = byId.get(ranked[i + 1]!.id) as RankInput;
          for (const subject of [above, below]) {
            for (const component of COMPONENTS) {
              const at = DEFAULT_SCALE.indexOf(subject[component] as number);
              for (const [direction, next] of [['up', DEFAULT_SCALE[at + 1]], ['down', DEFAULT_SCALE[at - 1]]] as const) {
                if (next === undefined) continue;
                const moved = { ...subject, [component]: next };
                const pair = subject === above ? [moved, below] : [above, moved];
                const swapped = rankFeatures(pair)[0]?.id === below.id;
                const key = `${above.id}|${below.id}|${subject.id}|${component}|${direction}`;
                expect(reported.has(key)).toBe(swapped);
                if (swapped) expected++;
              }
            }
          }
        }
        expect(reported.size).toBe(expected);
      }),
    );
  });
});
