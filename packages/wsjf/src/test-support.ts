import fc from 'fast-check';
import type { RankInput } from './components';
import { DEFAULT_SCALE } from './scale';

/** A value on the default scale. */
export const onScale = fc.constantFrom(...DEFAULT_SCALE);

/** A usable estimate anywhere in a wide range (not only scale values). */
export const usable = fc.oneof(onScale, fc.double({ min: 1e-6, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((x) => x > 0));

/** Anything a hostile client could put in an estimate field. */
export const junkEstimate = fc.oneof(
  usable,
  fc.constantFrom(null, undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, -3, '5', true),
  fc.anything(),
);

/** Features with unique ids, a mix of scored and unscored, with frequent ties. */
export const features = (estimate: fc.Arbitrary<unknown> = fc.oneof(onScale, onScale, onScale, fc.constant(null))): fc.Arbitrary<RankInput[]> =>
  fc.uniqueArray(
    fc.record({
      id: fc.string({ maxLength: 4 }),
      createdAt: fc.integer({ min: 0, max: 5 }),
      userBusinessValue: estimate,
      timeCriticality: estimate,
      riskReduction: estimate,
      jobSize: estimate,
    }) as fc.Arbitrary<RankInput>,
    { selector: (f) => f.id, maxLength: 30 },
  );

/**
 * The SAFe procedure: estimate each column relative to the others (the smallest item in a column
 * gets the lowest value), add the three value columns to get the cost of delay, divide by job size,
 * and do the highest WSJF first.
 *
 * | feature | UBV | TC | RR | CoD | job | WSJF  |
 * |---------|-----|----|----|-----|-----|-------|
 * | F-1     |  8  | 13 |  3 |  24 |  5  | 4.8   |
 * | F-2     | 13  |  8 |  8 |  29 | 13  | 2.23  |
 * | F-3     |  3  | 20 | 13 |  36 |  8  | 4.5   |
 * | F-4     |  5  |  1 |  1 |   7 |  2  | 3.5   |
 * | F-5     | 20  | 13 |  5 |  38 | 20  | 1.9   |
 * | F-6     |  2  |  3 |  8 |  13 |  1  | 13    |
 * | F-7     |  1  |  1 | 13 |  15 |  –  | –     |
 * | F-8     |  8  |  3 |  3 |  14 |  4  | 3.5   |  ties F-4 on WSJF, higher CoD
 * | F-9     |  5  |  1 |  1 |   7 |  2  | 3.5   |  ties F-4 on everything, created later
 */
export const SAFE_EXAMPLE: RankInput[] = [
  { id: 'F-1', createdAt: 1, userBusinessValue: 8, timeCriticality: 13, riskReduction: 3, jobSize: 5 },
  { id: 'F-2', createdAt: 2, userBusinessValue: 13, timeCriticality: 8, riskReduction: 8, jobSize: 13 },
  { id: 'F-3', createdAt: 3, userBusinessValue: 3, timeCriticality: 20, riskReduction: 13, jobSize: 8 },
  { id: 'F-4', createdAt: 4, userBusinessValue: 5, timeCriticality: 1, riskReduction: 1, jobSize: 2 },
  { id: 'F-5', createdAt: 5, userBusinessValue: 20, timeCriticality: 13, riskReduction: 5, jobSize: 20 },
  { id: 'F-6', createdAt: 6, userBusinessValue: 2, timeCriticality: 3, riskReduction: 8, jobSize: 1 },
  { id: 'F-7', createdAt: 7, userBusinessValue: 1, timeCriticality: 1, riskReduction: 13, jobSize: null },
  { id: 'F-8', createdAt: 8, userBusinessValue: 8, timeCriticality: 3, riskReduction: 3, jobSize: 4 },
  { id: 'F-9', createdAt: 9, userBusinessValue: 5, timeCriticality: 1, riskReduction: 1, jobSize: 2 },
];
