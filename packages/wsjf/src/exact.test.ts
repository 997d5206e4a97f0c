import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareProducts, compareRatios, compareSums } from './exact';

/** Independent reference: a double's exact binary expansion (toString(2)) as numerator / 2^k. */
function fraction(x: number): { n: bigint; k: bigint } {
  const [whole = '0', frac = ''] = x.toString(2).split('.');
  return { n: BigInt(`0b${whole}${frac}`), k: BigInt(frac.length) };
}

function referenceSumCompare(a: number, b: number, c: number, d: number): number {
  const parts = [a, b, c, d].map((x) => ({ ...fraction(Math.abs(x)), sign: x < 0 ? -1n : 1n }));
  const k = parts.reduce((max, p) => (p.k > max ? p.k : max), 0n);
  const [pa, pb, pc, pd] = parts.map((p) => p.sign * (p.n << (k - p.k))) as [bigint, bigint, bigint, bigint];
  const diff = pa + pb - pc - pd;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

function referenceCompare(a: number, b: number, c: number, d: number): number {
  const [fa, fb, fc_, fd] = [a, b, c, d].map(fraction) as [ReturnType<typeof fraction>, ReturnType<typeof fraction>, ReturnType<typeof fraction>, ReturnType<typeof fraction>];
  // a·b = fa.n·fb.n / 2^(ka+kb); bring both sides over 2^max.
  const kl = fa.k + fb.k;
  const kr = fc_.k + fd.k;
  const k = kl > kr ? kl : kr;
  const left = (fa.n * fb.n) << (k - kl);
  const right = (fc_.n * fd.n) << (k - kr);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** x moved by n units in the last place (positive doubles are ordered like their bit patterns). */
function stepUlps(x: number, n: number): number {
  const bits = new BigInt64Array(new Float64Array([x]).buffer);
  bits[0] = (bits[0] as bigint) + BigInt(n);
  return new Float64Array(bits.buffer)[0] as number;
}

const positive = fc.oneof(
  fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }),
  fc.integer({ min: 1, max: 2 ** 30 }),
  fc.constantFrom(0.1, 0.2, 0.3, 3, 1 / 3, 2 ** 53, 2 ** 53 + 2, Number.MIN_VALUE, Number.MAX_VALUE),
);

describe('exact comparison', () => {
  it('[WSJF4] compares products of doubles exactly, agreeing with an exact binary-fraction reference', () => {
    fc.assert(
      fc.property(positive, positive, positive, positive, (a, b, c, d) => {
        expect(compareProducts(a, b, c, d)).toBe(referenceCompare(a, b, c, d));
      }),
      { numRuns: 2000 },
    );
  });

  it('[WSJF4] near-equal products are decided exactly, not by rounding', () => {
    fc.assert(
      fc.property(positive, positive, fc.integer({ min: -3, max: 3 }), (a, b, ulps) => {
        // c is a moved by a few units in the last place, so a·b and c·b round to nearly the same double.
        const c = stepUlps(a, ulps);
        fc.pre(Number.isFinite(c) && c > 0);
        expect(compareProducts(a, b, c, b)).toBe(referenceCompare(a, b, c, b));
        expect(compareRatios(a, b, c, b)).toBe(referenceCompare(a, b, b, c));
      }),
      { numRuns: 1000 },
    );
  });

  it('[WSJF11][WSJF13] compares sums of doubles exactly, agreeing with the reference', () => {
    const signed = fc.oneof(positive, positive.map((x) => -x), fc.constant(0));
    fc.assert(
      fc.property(signed, signed, signed, signed, (a, b, c, d) => {
        expect(compareSums(a, b, c, d)).toBe(referenceSumCompare(a, b, c, d));
        expect(compareSums(a, b, b, a)).toBe(0);
      }),
      { numRuns: 2000 },
    );
    expect(compareSums(0.001, 255.9990672582129, 0.001, 255.9990672582129)).toBe(0);
    expect(compareSums(0.1, 0.2, 0.3, 0)).toBe(1);
  });

  it('[WSJF4] equal ratios compare equal and zero numerators are handled', () => {
    expect(compareRatios(6, 4, 3, 2)).toBe(0);
    expect(compareRatios(0, 4, 0, 2)).toBe(0);
    expect(compareRatios(0, 4, 1, 2)).toBe(-1);
    expect(compareRatios(4503599627370496, 3, 6004799503160661, 4)).toBe(1);
    expect(compareProducts(1e300, 1e300, 1e300, 1e299)).toBe(1);
    expect(compareProducts(5e-324, 5e-324, 5e-324, 1e-323)).toBe(-1);
  });
});
