import { WsjfError } from './errors';
import { compareSums } from './exact';

export type Scale = readonly number[];

/** [WSJF10] The modified Fibonacci scale SAFe uses for every component. */
export const DEFAULT_SCALE: readonly number[] = Object.freeze([1, 2, 3, 5, 8, 13, 20]);

/** [WSJF10] A copy of a valid scale: a non-empty, strictly ascending list of finite positive numbers. */
export function validateScale(scale: unknown): number[] {
  if (!Array.isArray(scale)) throw new WsjfError('scale_not_array', 'A scale must be a list of numbers, e.g. [1, 2, 3, 5, 8, 13, 20].');
  if (scale.length === 0) throw new WsjfError('scale_empty', 'A scale needs at least one value, e.g. [1, 2, 3, 5, 8, 13, 20].');
  const out: number[] = [];
  for (const [i, value] of scale.entries()) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new WsjfError('scale_not_finite', `Scale value #${i + 1} (${typeof value === 'number' ? value : typeof value}) is not a finite number; use numbers only.`);
    }
    if (value <= 0) throw new WsjfError('scale_not_positive', `Scale value #${i + 1} (${value}) must be above zero.`);
    const previous = out[out.length - 1];
    if (previous !== undefined && value === previous) {
      throw new WsjfError('scale_duplicate', `Scale value ${value} appears twice; list each value once.`);
    }
    if (previous !== undefined && value < previous) {
      throw new WsjfError('scale_unsorted', `Scale value ${value} comes after ${previous}; list the values from smallest to largest.`);
    }
    out.push(value);
  }
  return out;
}

/** [WSJF11] True when `value` is one of the scale's values. */
export function isOnScale(value: unknown, scale: Scale = DEFAULT_SCALE): value is number {
  return typeof value === 'number' && Array.isArray(scale) && scale.includes(value);
}

/**
 * Index of the scale value nearest to the midpoint (a + b) / 2, decided exactly (no rounding of the
 * midpoint); exactly halfway between two neighbours goes to the larger. The scale must be valid.
 */
export function snapMidpointIndex(a: number, b: number, scale: Scale): number {
  if (Number.isNaN(a) || Number.isNaN(b)) throw new WsjfError('not_a_number', 'Only a number can be snapped to the scale: use a number, not NaN.');
  if (scale.length === 0) throw new WsjfError('scale_empty', 'A scale needs at least one value, e.g. [1, 2, 3, 5, 8, 13, 20].');
  let lo = 0;
  let hi = scale.length - 1;
  const vsTwice = (s: number): number => {
    // Infinite inputs: the midpoint is beyond every scale value, or before it.
    if (!Number.isFinite(a) || !Number.isFinite(b)) return Math.sign(a + b) || 1;
    return compareSums(a, b, s, s);
  };
  if (vsTwice(scale[lo] as number) <= 0) return lo;
  if (vsTwice(scale[hi] as number) >= 0) return hi;
  // Invariant: scale[lo] < midpoint < scale[hi].
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const c = vsTwice(scale[mid] as number);
    if (c === 0) return mid;
    if (c > 0) lo = mid;
    else hi = mid;
  }
  // Nearer to scale[lo] exactly when a + b < scale[lo] + scale[hi].
  return compareSums(a, b, scale[lo] as number, scale[hi] as number) < 0 ? lo : hi;
}

/** Index of the scale value nearest to `value`; halfway between two neighbours goes to the larger. */
export function snapIndex(value: number, scale: Scale): number {
  return snapMidpointIndex(value, value, scale);
}

/**
 * [WSJF11] The scale value nearest to `value`; a value exactly halfway between two neighbours snaps
 * up; below the scale snaps to its smallest value, above it to its largest.
 */
export function snapToScale(value: number, scale: Scale = DEFAULT_SCALE): number {
  return scale[snapIndex(value, scale)] as number;
}

/** [WSJF11] Distance in scale steps between two values, each snapped to the scale first. */
export function scaleSteps(a: number, b: number, scale: Scale = DEFAULT_SCALE): number {
  return Math.abs(snapIndex(a, scale) - snapIndex(b, scale));
}

/** The next scale value above (`up`) or below (`down`) `value`, or null past the end of the scale. */
export function stepFrom(value: number, direction: 'up' | 'down', scale: Scale): number | null {
  if (direction === 'up') {
    for (const s of scale) if (s > value) return s;
    return null;
  }
  for (let i = scale.length - 1; i >= 0; i--) {
    const s = scale[i] as number;
    if (s < value) return s;
  }
  return null;
}
