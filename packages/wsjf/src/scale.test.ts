import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WsjfError } from './errors';
import { DEFAULT_SCALE, isOnScale, scaleSteps, snapToScale, validateScale } from './scale';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(WsjfError);
    expect((err as Error).message.length).toBeGreaterThan(10);
    return (err as WsjfError).code;
  }
}

describe('scales', () => {
  it('[WSJF10] the default scale is the modified Fibonacci and cannot be changed', () => {
    expect(DEFAULT_SCALE).toEqual([1, 2, 3, 5, 8, 13, 20]);
    expect(Object.isFrozen(DEFAULT_SCALE)).toBe(true);
  });

  it('[WSJF10] validateScale returns a copy of a valid scale', () => {
    const scale = [0.5, 1, 2, 4, 100];
    const valid = validateScale(scale);
    expect(valid).toEqual(scale);
    expect(valid).not.toBe(scale);
    expect(validateScale(DEFAULT_SCALE)).toEqual([1, 2, 3, 5, 8, 13, 20]);
  });

  it.each([
    ['not a list', 'scale', 'scale_not_array'],
    ['null', null, 'scale_not_array'],
    ['empty', [], 'scale_empty'],
    ['with a string', [1, '2', 3], 'scale_not_finite'],
    ['with NaN', [1, Number.NaN], 'scale_not_finite'],
    ['with Infinity', [1, Number.POSITIVE_INFINITY], 'scale_not_finite'],
    ['with zero', [0, 1, 2], 'scale_not_positive'],
    ['with a negative value', [-1, 1], 'scale_not_positive'],
    ['with a duplicate', [1, 2, 2, 3], 'scale_duplicate'],
    ['unsorted', [1, 3, 2], 'scale_unsorted'],
  ])('[WSJF10] validateScale refuses a scale %s', (_label, scale, code) => {
    expect(codeOf(() => validateScale(scale))).toBe(code);
  });

  it('[WSJF11] isOnScale accepts exactly the scale values', () => {
    expect(DEFAULT_SCALE.every((v) => isOnScale(v))).toBe(true);
    for (const v of [0, 4, 21, -1, Number.NaN, '5', null, undefined, 5.0000001]) expect(isOnScale(v)).toBe(false);
    expect(isOnScale(4, [2, 4, 6])).toBe(true);
    expect(isOnScale(5, [2, 4, 6])).toBe(false);
  });

  it('[WSJF11] snapToScale picks the nearest value, rounds a halfway value up, and clamps at the ends', () => {
    expect(snapToScale(4)).toBe(5); // halfway between 3 and 5
    expect(snapToScale(6.5)).toBe(8); // halfway between 5 and 8
    expect(snapToScale(6.4)).toBe(5);
    expect(snapToScale(10.5)).toBe(13); // halfway between 8 and 13
    expect(snapToScale(10.4)).toBe(8);
    expect(snapToScale(16)).toBe(13);
    expect(snapToScale(17)).toBe(20);
    expect(snapToScale(0.2)).toBe(1);
    expect(snapToScale(-5)).toBe(1);
    expect(snapToScale(1000)).toBe(20);
    expect(snapToScale(Number.POSITIVE_INFINITY)).toBe(20);
    expect(snapToScale(7, [10, 20])).toBe(10);
    expect(snapToScale(0.2, [0.1, 0.3])).toBe(0.3); // the double 0.2 lies just above the exact midpoint of the doubles 0.1 and 0.3
    expect(snapToScale(0.2, [0.1, 0.30000000000000004])).toBe(0.1); // … and just below this one
    expect(snapToScale(Number.NEGATIVE_INFINITY)).toBe(1);
    expect(codeOf(() => snapToScale(Number.NaN))).toBe('not_a_number');
  });

  it('[WSJF11] snapToScale always returns a scale value no farther than any other', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (v) => {
        const snapped = snapToScale(v);
        expect(DEFAULT_SCALE).toContain(snapped);
        if (Number.isFinite(v)) for (const s of DEFAULT_SCALE) expect(Math.abs(snapped - v)).toBeLessThanOrEqual(Math.abs(s - v));
      }),
    );
  });

  it('[WSJF11] scaleSteps counts index distance after snapping', () => {
    expect(scaleSteps(1, 20)).toBe(6);
    expect(scaleSteps(20, 1)).toBe(6);
    expect(scaleSteps(3, 5)).toBe(1);
    expect(scaleSteps(5, 5)).toBe(0);
    expect(scaleSteps(4, 8)).toBe(1); // 4 snaps to 5
    expect(scaleSteps(2, 13, [2, 13])).toBe(1);
  });
});
