import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRankings, rankByCd3 } from './cd3';
import type { RankedFeature, RankInput } from './components';
import { scaleHealth } from './health';
import { rankDiff } from './history';
import { cutLine } from './rank';

const junkList = fc.oneof(fc.array(fc.anything(), { maxLength: 8 }), fc.anything(), fc.array(fc.record({ id: fc.anything(), rank: fc.anything(), jobSize: fc.anything(), createdAt: fc.anything() }, { requiredKeys: [] }), { maxLength: 8 }));

/** True when a value holds no NaN or infinite number anywhere. */
function clean(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (value instanceof Map) return [...value.entries()].every(([k, v]) => clean(k) && clean(v));
  if (Array.isArray(value)) return value.every(clean);
  if (typeof value === 'object' && value !== null) return Object.values(value).every(clean);
  return true;
}

describe('hostile input', () => {
  it('[WSJF3] cutLine, rankDiff, compareRankings, rankByCd3 and scaleHealth take junk without throwing or NaN', () => {
    fc.assert(
      fc.property(junkList, junkList, fc.anything(), (a, b, capacity) => {
        const results = [
          cutLine(a as RankedFeature[], capacity as number),
          rankDiff(a as RankedFeature[], b as RankedFeature[]),
          compareRankings(a as RankedFeature[], b as RankedFeature[]),
          rankByCd3(a as RankInput[]),
          scaleHealth(a as RankInput[]),
        ];
        for (const result of results) expect(clean(result)).toBe(true);
        const { churn } = results[1] as ReturnType<typeof rankDiff>;
        expect(churn >= 0 && churn <= 1).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
