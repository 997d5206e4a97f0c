import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dependencyStatus, dependencyStatuses, orderIterations, overCapacity, planLoads, teamDependencyCounts, type PlanDependency, type PlanFeature } from './plan';

const iterations = [{ id: 'I1', order: 1 }, { id: 'I2', order: 2 }, { id: 'I3', order: 3 }, { id: 'IP', order: 4 }];

describe('the planning board', () => {
  it('[PLAN2] ok, risky, late and unplanned from the iterations of both features', () => {
    expect(dependencyStatus(1, 2)).toBe('ok');
    expect(dependencyStatus(2, 2)).toBe('risky');
    expect(dependencyStatus(3, 2)).toBe('late');
    expect(dependencyStatus(null, 2)).toBe('unplanned');
    expect(dependencyStatus(1, undefined)).toBe('unplanned');
    const features: PlanFeature[] = [
      { id: 'A', team: 'Payments', iteration: 'I1' }, { id: 'B', team: 'Platform', iteration: 'I2' },
      { id: 'C', team: 'Platform', iteration: 'I3' }, { id: 'D', team: 'Payments' }, { id: 'E', iteration: 'gone' },
    ];
    const deps: PlanDependency[] = [
      { id: 'd1', from: 'A', to: 'B' }, // I1 before I2
      { id: 'd2', from: 'B', to: 'B2' }, // B2 unknown
      { id: 'd3', from: 'C', to: 'B' }, // I3 after I2
      { id: 'd4', from: 'A', to: 'C', neededBy: 'I1' }, // needed in I1, delivered in I1
      { id: 'd5', from: 'D', to: 'A' }, // D not planned
      { id: 'd6', from: 'A', to: 'E' }, // E in an unknown iteration
      { id: 'd7', from: 'A', to: 'B', neededBy: 'nowhere' },
      { id: 'd8', from: 'B', to: 'A', neededBy: 'IP' }, // needed by the IP iteration, delivered in I2
    ];
    expect(Object.fromEntries(dependencyStatuses(iterations, features, deps))).toEqual({
      d1: 'ok', d2: 'unplanned', d3: 'late', d4: 'risky', d5: 'unplanned', d6: 'unplanned', d7: 'unplanned', d8: 'ok',
    });
  });

  it('[PLAN2] moving a feature changes only the statuses of its own dependencies', () => {
    const ids = ['A', 'B', 'C', 'D', 'E', 'F'];
    const slot = fc.option(fc.constantFrom('I1', 'I2', 'I3', 'IP', 'unknown'), { nil: undefined });
    fc.assert(fc.property(
      fc.array(slot, { minLength: ids.length, maxLength: ids.length }),
      fc.array(fc.record({ from: fc.constantFrom(...ids), to: fc.constantFrom(...ids), neededBy: slot }), { maxLength: 20 }),
      fc.constantFrom(...ids), slot,
      (slots, raw, moved, to) => {
        const features = ids.map((id, i) => ({ id, iteration: slots[i] }));
        const deps = raw.map((d, i) => ({ id: `d${i}`, ...d }));
        const before = dependencyStatuses(iterations, features, deps);
        const after = dependencyStatuses(iterations, features.map((f) => (f.id === moved ? { ...f, iteration: to } : f)), deps);
        for (const d of deps) if (d.from !== moved && d.to !== moved) expect(after.get(d.id)).toBe(before.get(d.id));
      },
    ));
  });

  it('[PLAN3] load sums the job sizes per team and iteration; missing sizes add 0', () => {
    const loads = planLoads(iterations, [
      { id: 'A', team: 'Payments', iteration: 'I1', jobSize: 5 },
      { id: 'B', team: 'Payments', iteration: 'I1', jobSize: 8 },
      { id: 'C', team: 'Payments', iteration: 'I2', jobSize: null },
      { id: 'D', team: 'Platform', iteration: 'I1', jobSize: 3 },
      { id: 'E', team: '', iteration: 'I1', jobSize: 3 },
      { id: 'F', team: 'Platform', iteration: 'unknown', jobSize: 3 },
      { id: 'G', team: 'Platform', jobSize: 3 },
      { id: 'H', team: 'Platform', iteration: 'I1', jobSize: Number.NaN },
    ]);
    expect(Object.fromEntries([...loads].map(([t, m]) => [t, Object.fromEntries(m)]))).toEqual({ Payments: { I1: 13, I2: 0 }, Platform: { I1: 3 } });
  });

  it('[PLAN3] load sums do not depend on the order of the features', () => {
    const feature = fc.record({
      id: fc.string(), team: fc.constantFrom('Payments', 'Platform', '', null), iteration: fc.constantFrom('I1', 'I2', 'x', null),
      jobSize: fc.oneof(fc.constantFrom(1, 2, 3, 5, 8, 13, 20, null, -1, Number.NaN)),
    });
    fc.assert(fc.property(fc.array(feature, { maxLength: 40 }).chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }))), ([list, shuffled]) => {
      const flat = (m: Map<string, Map<string, number>>) => JSON.stringify([...m].map(([t, c]) => [t, [...c].sort()]).sort());
      expect(flat(planLoads(iterations, shuffled))).toBe(flat(planLoads(iterations, list)));
    }));
  });

  it('[PLAN4] over capacity by the difference; never without a capacity', () => {
    expect(overCapacity(13, 10)).toBe(3);
    expect(overCapacity(10, 10)).toBe(0);
    expect(overCapacity(4, 10)).toBe(0);
    expect(overCapacity(40, null)).toBe(0);
    expect(overCapacity(40, Number.NaN)).toBe(0);
  });

  it('[PLAN5] counts late and risky strings per team, once for a string inside one team', () => {
    const features = [{ id: 'A', team: 'Payments' }, { id: 'B', team: 'Platform' }, { id: 'C', team: 'Platform' }];
    const deps = [{ id: 'd1', from: 'A', to: 'B' }, { id: 'd2', from: 'B', to: 'C' }, { id: 'd3', from: 'C', to: 'A' }, { id: 'd4', from: 'A', to: 'C' }];
    const statuses = new Map([['d1', 'late'], ['d2', 'risky'], ['d3', 'ok'], ['d4', 'unplanned']] as const);
    expect(Object.fromEntries(teamDependencyCounts(features, deps, statuses))).toEqual({ Payments: { late: 1, risky: 0 }, Platform: { late: 1, risky: 1 } });
  });

  it('[PLAN6] iterations in board order', () => {
    expect(orderIterations([{ id: 'b', order: 2 }, { id: 'z', order: Number.NaN }, { id: 'a', order: 2 }, { id: 'c', order: 1 }]).map((i) => i.id)).toEqual(['c', 'a', 'b', 'z']);
  });
});
