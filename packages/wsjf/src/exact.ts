/**
 * Exact comparison of ratios of finite doubles. Every finite double is m·2^e with integer m, so
 * n1/d1 vs n2/d2 is decided exactly by comparing n1·d2 with n2·d1 as big integers. A float fast path
 * answers first whenever rounding cannot change the answer.
 */

const view = new DataView(new ArrayBuffer(8));

/** x = m · 2^e exactly, for finite x ≥ 0. */
function dyadic(x: number): { m: bigint; e: number } {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  const mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp === 0) return { m: mantissa, e: -1074 };
  return { m: mantissa | (1n << 52n), e: exp - 1075 };
}

function exactProductCompare(a: number, b: number, c: number, d: number): number {
  const x = dyadic(a);
  const y = dyadic(b);
  const z = dyadic(c);
  const w = dyadic(d);
  let left = x.m * y.m;
  let right = z.m * w.m;
  const el = x.e + y.e;
  const er = z.e + w.e;
  if (el > er) left <<= BigInt(el - er);
  else if (er > el) right <<= BigInt(er - el);
  return left < right ? -1 : left > right ? 1 : 0;
}

const SMALLEST_SAFE_PRODUCT = 1e-290;
const RELATIVE_MARGIN = 1e-14;

/** Sign of a·b − c·d, exactly, for finite a, b, c, d ≥ 0. */
export function compareProducts(a: number, b: number, c: number, d: number): number {
  const left = a * b;
  const right = c * d;
  if (Number.isFinite(left) && Number.isFinite(right)) {
    if (left === right) {
      // Products of integers below 2^53 are exact: equal means equal.
      if (left <= Number.MAX_SAFE_INTEGER && Number.isInteger(a) && Number.isInteger(b) && Number.isInteger(c) && Number.isInteger(d)) {
        return 0;
      }
    } else if (left > SMALLEST_SAFE_PRODUCT && right > SMALLEST_SAFE_PRODUCT && Math.abs(left - right) > RELATIVE_MARGIN * Math.max(left, right)) {
      return left < right ? -1 : 1;
    }
  }
  return exactProductCompare(a, b, c, d);
}

/** Sign of n1/d1 − n2/d2, exactly, for finite n ≥ 0 and finite d > 0. */
export function compareRatios(n1: number, d1: number, n2: number, d2: number): number {
  return compareProducts(n1, d2, n2, d1);
}

/** Sign of (a + b) − (c + d), exactly, for finite a, b, c, d. */
export function compareSums(a: number, b: number, c: number, d: number): number {
  const left = a + b;
  const right = c + d;
  if (Number.isFinite(left) && Number.isFinite(right) && left !== right) {
    const magnitude = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d));
    // Each float sum is off by at most half an ulp of the magnitude.
    if (Math.abs(left - right) > RELATIVE_MARGIN * magnitude && magnitude > SMALLEST_SAFE_PRODUCT) return left < right ? -1 : 1;
  }
  const terms = [a, b, c, d].map((x) => ({ ...dyadic(Math.abs(x)), negative: x < 0 }));
  const e = Math.min(...terms.map((t) => t.e));
  const value = (t: { m: bigint; e: number; negative: boolean }): bigint => (t.negative ? -1n : 1n) * (t.m << BigInt(t.e - e));
  const [ta, tb, tc, td] = terms as [(typeof terms)[number], (typeof terms)[number], (typeof terms)[number], (typeof terms)[number]];
  const diff = value(ta) + value(tb) - value(tc) - value(td);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}
