import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPONENTS, type Component } from './components';
import { consensusOf, type Vote, type VoterRole } from './consensus';
import { WsjfError } from './errors';
import { DEFAULT_SCALE } from './scale';

const vote = (participantId: string, role: VoterRole, values: Partial<Record<Component, number>>): Vote => ({ participantId, role, values });

describe('consensusOf', () => {
  it('[WSJF13] an odd number of votes takes the middle vote', () => {
    const c = consensusOf([vote('a', 'product', { jobSize: 2 }), vote('b', 'product', { jobSize: 13 }), vote('c', 'portfolio', { jobSize: 3 })]);
    expect(c.consensus).toEqual({ jobSize: 3 });
  });

  it('[WSJF13] an even number of votes takes the mean of the two middle votes, snapped', () => {
    // 2 and 8 → 5, on the scale.
    expect(consensusOf([vote('a', 'product', { riskReduction: 2 }), vote('b', 'product', { riskReduction: 8 })]).consensus.riskReduction).toBe(5);
    // 8 and 20 → 14, nearest 13.
    expect(consensusOf([vote('a', 'product', { riskReduction: 8 }), vote('b', 'product', { riskReduction: 20 })]).consensus.riskReduction).toBe(13);
  });

  it('[WSJF13] a median halfway between two scale neighbours rounds up, for every component', () => {
    for (const component of COMPONENTS) {
      const c = consensusOf([vote('a', 'product', { [component]: 3 }), vote('b', 'portfolio', { [component]: 5 })]);
      expect(c.consensus[component]).toBe(5);
    }
    // 1,3,5,8 → middle 3 and 5 → 4 → 5.
    const c = consensusOf(['1', '3', '5', '8'].map((v, i) => vote(`p${i}`, 'product', { userBusinessValue: Number(v) })));
    expect(c.consensus.userBusinessValue).toBe(5);
  });

  it('[WSJF14][WSJF15] spread counts scale steps; above 2 steps asks to discuss and names the extremes', () => {
    const c = consensusOf([
      vote('alice', 'product', { timeCriticality: 2, jobSize: 5 }),
      vote('bob', 'portfolio', { timeCriticality: 13, jobSize: 8 }),
      vote('carol', 'facilitator', { timeCriticality: 2, jobSize: 3 }),
      vote('dave', 'portfolio', { timeCriticality: 5 }),
    ]);
    // Votes 2, 2, 5, 13: the two middle votes 2 and 5 average 3.5, nearest scale value 3.
    expect(c.components.timeCriticality).toEqual({ value: 3, spread: 4, discuss: true, lowest: ['alice', 'carol'], highest: ['bob'], count: 4 });
    expect(c.components.jobSize).toEqual({ value: 5, spread: 2, discuss: false, lowest: ['carol'], highest: ['bob'], count: 3 });
    expect(c.spread).toEqual({ timeCriticality: 4, jobSize: 2 });
  });

  it('[WSJF15] a spread of exactly 3 steps is discussed, 2 is not', () => {
    expect(consensusOf([vote('a', 'product', { jobSize: 1 }), vote('b', 'product', { jobSize: 5 })]).components.jobSize?.discuss).toBe(true);
    expect(consensusOf([vote('a', 'product', { jobSize: 1 }), vote('b', 'product', { jobSize: 3 })]).components.jobSize?.discuss).toBe(false);
  });

  it('[WSJF16] byRole holds the unsnapped mean per role; facilitator votes count only in the consensus', () => {
    const c = consensusOf([
      vote('p1', 'product', { userBusinessValue: 3 }),
      vote('p2', 'product', { userBusinessValue: 8 }),
      vote('l1', 'portfolio', { userBusinessValue: 13, riskReduction: 1 }),
      vote('f', 'facilitator', { userBusinessValue: 20, jobSize: 2 }),
    ]);
    expect(c.byRole).toEqual({ product: { userBusinessValue: 5.5 }, portfolio: { userBusinessValue: 13, riskReduction: 1 } });
    // The facilitator's 20 is in the consensus: median of 3, 8, 13, 20 = 10.5 → halfway 8..13 → 13.
    expect(c.consensus).toEqual({ userBusinessValue: 13, riskReduction: 1, jobSize: 2 });
    expect(c.components.jobSize?.count).toBe(1);
  });

  it('[WSJF17] components nobody voted on are absent; no votes give an empty result', () => {
    expect(consensusOf([])).toEqual({ components: {}, consensus: {}, spread: {}, byRole: { product: {}, portfolio: {} } });
    const c = consensusOf([vote('a', 'product', { jobSize: 3 })]);
    expect(Object.keys(c.components)).toEqual(['jobSize']);
    expect(c.components.jobSize).toEqual({ value: 3, spread: 0, discuss: false, lowest: ['a'], highest: ['a'], count: 1 });
  });

  it('[WSJF17] a later vote of the same participant replaces the earlier one; unusable values are not votes', () => {
    const c = consensusOf([
      vote('a', 'product', { jobSize: 1 }),
      vote('b', 'product', { jobSize: 8, riskReduction: Number.NaN }),
      vote('a', 'product', { jobSize: 8 }),
      { participantId: 'c', role: 'portfolio', values: { jobSize: '1' as unknown as number, riskReduction: -2 } },
    ]);
    expect(c.components.jobSize).toMatchObject({ value: 8, count: 2, spread: 0 });
    expect(c.components.riskReduction).toBeUndefined();
  });

  it('[WSJF17] consensusOf uses the given scale and refuses an invalid one', () => {
    const scale = [1, 10, 100];
    const c = consensusOf([vote('a', 'product', { jobSize: 1 }), vote('b', 'product', { jobSize: 100 })], scale);
    // The mean 50.5 is 40.5 from 10 and 49.5 from 100: nearest is 10.
    expect(c.components.jobSize).toMatchObject({ value: 10, spread: 2 });
    expect(() => consensusOf([], [3, 2, 1])).toThrow(WsjfError);
  });

  it('[WSJF13] the midpoint of two neighbouring votes rounds up exactly, on any scale', () => {
    // Computing the mean first and snapping it would round 0.001 and 255.999… the wrong way.
    const pair = (low: number, high: number, scale: number[]) =>
      consensusOf([vote('a', 'product', { jobSize: low }), vote('b', 'portfolio', { jobSize: high })], scale).consensus.jobSize;
    expect(pair(0.001, 255.9990672582129, [0.001, 255.9990672582129])).toBe(255.9990672582129);
    fc.assert(
      fc.property(fc.uniqueArray(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 6 }), fc.nat(), (values, k) => {
        const scale = [...values].sort((a, b) => a - b);
        const i = k % (scale.length - 1);
        expect(pair(scale[i] as number, scale[i + 1] as number, scale)).toBe(scale[i + 1]);
      }),
      { numRuns: 2000 },
    );
  });

  it('[WSJF17] consensus values are on any valid scale', () => {
    const scaleArb = fc
      .uniqueArray(fc.double({ min: 0.01, max: 1000, noNaN: true }), { minLength: 1, maxLength: 8 })
      .map((values) => [...values].sort((a, b) => a - b));
    const votesArb = fc.array(
      fc.record({ participantId: fc.string({ maxLength: 3 }), role: fc.constantFrom<VoterRole>('facilitator', 'product', 'portfolio'), values: fc.record({ jobSize: fc.double({ min: 0.01, max: 2000, noNaN: true }) }) }),
      { minLength: 1, maxLength: 9 },
    );
    fc.assert(
      fc.property(scaleArb, votesArb, (scale, votes) => {
        const c = consensusOf(votes, scale);
        expect(scale).toContain(c.consensus.jobSize);
        expect(c.spread.jobSize).toBeLessThan(scale.length);
      }),
    );
  });

  it('[WSJF17] consensus values are always on the scale and spreads are step counts', () => {
    const voteArb = fc.record({
      participantId: fc.string({ maxLength: 3 }),
      role: fc.constantFrom<VoterRole>('facilitator', 'product', 'portfolio'),
      values: fc.record(
        Object.fromEntries(COMPONENTS.map((c) => [c, fc.oneof(fc.constantFrom(...DEFAULT_SCALE), fc.double({ min: 0.01, max: 100, noNaN: true }))])) as Record<Component, fc.Arbitrary<number>>,
        { requiredKeys: [] },
      ),
    });
    fc.assert(
      fc.property(fc.array(voteArb, { maxLength: 12 }), (votes) => {
        const c = consensusOf(votes);
        for (const [component, info] of Object.entries(c.components)) {
          expect(DEFAULT_SCALE).toContain(info.value);
          expect(c.consensus[component as Component]).toBe(info.value);
          expect(Number.isInteger(info.spread) && info.spread >= 0 && info.spread < DEFAULT_SCALE.length).toBe(true);
          expect(info.discuss).toBe(info.spread > 2);
          expect(info.lowest.length).toBeGreaterThan(0);
          expect(info.highest.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});
