import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPONENTS } from './components';
import { WsjfError } from './errors';
import { checkEstimate, validateEstimate } from './estimate';
import { DEFAULT_SCALE } from './scale';

describe('estimates at the boundary', () => {
  it('[WSJF12] accepts a value on the scale', () => {
    for (const component of COMPONENTS) {
      for (const v of DEFAULT_SCALE) {
        expect(checkEstimate(component, v)).toEqual({ ok: true, value: v });
        expect(validateEstimate(component, v)).toBe(v);
      }
    }
    expect(checkEstimate('jobSize', 40, [10, 20, 40])).toEqual({ ok: true, value: 40 });
  });

  it.each([
    ['a string', '5', 'not_a_number'],
    ['null', null, 'not_a_number'],
    ['undefined', undefined, 'not_a_number'],
    ['NaN', Number.NaN, 'not_a_number'],
    ['an object', {}, 'not_a_number'],
    ['Infinity', Number.POSITIVE_INFINITY, 'not_finite'],
    ['-Infinity', Number.NEGATIVE_INFINITY, 'not_finite'],
    ['zero', 0, 'not_positive'],
    ['negative', -3, 'not_positive'],
    ['off the scale', 4, 'off_scale'],
    ['above the scale', 21, 'off_scale'],
  ])('[WSJF12] refuses %s with a stable code and a message that says what to do', (_label, value, code) => {
    const check = checkEstimate('timeCriticality', value);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.code).toBe(code);
    expect(check.message).toContain('timeCriticality');
    expect(check.message).toContain('1, 2, 3, 5, 8, 13, 20');
    let thrown: unknown;
    try {
      validateEstimate('timeCriticality', value);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(WsjfError);
    expect((thrown as WsjfError).code).toBe(code);
    expect((thrown as WsjfError).message).toBe(check.message);
  });

  it('[WSJF12] an off-scale message names the nearest scale value', () => {
    const check = checkEstimate('jobSize', 4);
    expect(!check.ok && check.message).toContain('nearest scale value is 5');
  });

  it('[WSJF12] checkEstimate never throws, whatever the value or scale', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMPONENTS), fc.anything(), fc.oneof(fc.constant(undefined), fc.anything()), (component, value, scale) => {
        const check = checkEstimate(component, value, scale as number[]);
        expect(typeof check.ok).toBe('boolean');
        if (check.ok) expect(Number.isFinite(check.value) && check.value > 0).toBe(true);
      }),
    );
  });
});
