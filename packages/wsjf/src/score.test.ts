import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COD_COMPONENTS, type Estimates } from './components';
import { costOfDelay, isScored, wsjfOf } from './score';
import { junkEstimate, usable } from './test-support';

const full: Estimates = { userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 4 };

describe('scoring', () => {
  it('[WSJF1] cost of delay is the sum of the three value components and WSJF divides it by job size', () => {
    expect(costOfDelay(full)).toBe(16);
    expect(wsjfOf(full)).toBe(4);
    expect(isScored(full)).toBe(true);
    expect(wsjfOf({ userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 3 })).toBe(1);
  });

  it.each([
    ['absent', undefined],
    ['null', null],
    ['a numeric string', '5'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['zero', 0],
    ['negative', -5],
    ['a boolean', true],
    ['an object', { valueOf: () => 5 }],
  ])('[WSJF2] a component that is %s counts as missing', (_label, bad) => {
    for (const component of ['userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize'] as const) {
      const f = { ...full, [component]: bad } as Estimates;
      expect(isScored(f)).toBe(false);
      expect(costOfDelay(f)).toBeNull();
      expect(wsjfOf(f)).toBeNull();
    }
  });

  it('[WSJF2] a cost of delay or WSJF too large for a finite number is unscored', () => {
    expect(wsjfOf({ userBusinessValue: 1e308, timeCriticality: 1e308, riskReduction: 1, jobSize: 1 })).toBeNull();
    expect(wsjfOf({ userBusinessValue: 1e300, timeCriticality: 1, riskReduction: 1, jobSize: 1e-10 })).toBeNull();
    expect(costOfDelay({ userBusinessValue: 1e300, timeCriticality: 1, riskReduction: 1, jobSize: 1e-10 })).toBeNull();
  });

  it('[WSJF2] costOfDelay, wsjfOf and isScored never yield NaN and agree on what is scored', () => {
    fc.assert(
      fc.property(junkEstimate, junkEstimate, junkEstimate, junkEstimate, (a, b, c, d) => {
        const f = { userBusinessValue: a, timeCriticality: b, riskReduction: c, jobSize: d } as Estimates;
        const cod = costOfDelay(f);
        const w = wsjfOf(f);
        expect(cod === null || Number.isFinite(cod)).toBe(true);
        expect(w === null || Number.isFinite(w)).toBe(true);
        expect(isScored(f)).toBe(w !== null);
        expect(cod === null).toBe(w === null);
      }),
    );
  });

  it('[WSJF9] raising any cost-of-delay component never lowers WSJF', () => {
    fc.assert(
      fc.property(usable, usable, usable, usable, fc.constantFrom(...COD_COMPONENTS), usable, (ubv, tc, rr, job, component, raise) => {
        const before: Estimates = { userBusinessValue: ubv, timeCriticality: tc, riskReduction: rr, jobSize: job };
        const after: Estimates = { ...before, [component]: (before[component] as number) + raise };
        expect(wsjfOf(after) as number).toBeGreaterThanOrEqual(wsjfOf(before) as number);
        expect(costOfDelay(after) as number).toBeGreaterThanOrEqual(costOfDelay(before) as number);
      }),
    );
  });

  it('[WSJF9] raising job size never raises WSJF', () => {
    fc.assert(
      fc.property(usable, usable, usable, usable, usable, (ubv, tc, rr, job, raise) => {
        const before: Estimates = { userBusinessValue: ubv, timeCriticality: tc, riskReduction: rr, jobSize: job };
        const after: Estimates = { ...before, jobSize: job + raise };
        expect(wsjfOf(after) as number).toBeLessThanOrEqual(wsjfOf(before) as number);
      }),
    );
  });
});
