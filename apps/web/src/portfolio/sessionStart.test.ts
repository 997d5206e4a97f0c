import { describe, expect, it } from 'vitest';
import { firstRankedSeq, startOfDay } from './sessionStart';

const created = (seq: number, featureId: string, to: Record<string, unknown>) => ({ seq, kind: 'created', featureId, field: null, to: { id: featureId, title: featureId, ...to } });
const changed = (seq: number, featureId: string, field: string, to: unknown) => ({ seq, kind: 'changed', featureId, field, to });

describe('where the session started', () => {
  it('finds the first update after which a feature had all four estimates', () => {
    expect(firstRankedSeq([])).toBeNull();
    const events = [
      created(2, 'F-1', { userBusinessValue: 8, timeCriticality: null, riskReduction: 3, jobSize: null }),
      created(3, 'F-2', { userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: null }),
      changed(4, 'F-1', 'timeCriticality', 5),
      changed(5, 'F-1', 'title', 'Checkout'),
      // A job size of 0 does not rank.
      changed(6, 'F-2', 'jobSize', 0),
      { seq: 7, kind: 'note', featureId: 'F-2', field: null, to: 'jobSize 5 after all' },
      changed(8, 'F-1', 'jobSize', 2),
      changed(9, 'F-2', 'jobSize', 5),
    ];
    expect(firstRankedSeq(events)).toBe(8);
    expect(firstRankedSeq(events.slice(0, 6))).toBeNull();
    // A feature scored at creation (an import) ranks at once; one deleted before it was scored never did.
    expect(firstRankedSeq([created(3, 'F-9', { userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 1 })])).toBe(3);
    expect(firstRankedSeq([
      created(2, 'F-1', { userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: null }),
      { seq: 3, kind: 'deleted', featureId: 'F-1', field: null, to: null },
      changed(4, 'F-1', 'jobSize', 3),
    ])).toBeNull();
  });

  it('the day starts at local midnight', () => {
    const noon = new Date(2026, 10, 23, 12, 30, 5).getTime();
    expect(startOfDay(noon)).toBe(new Date(2026, 10, 23, 0, 0, 0).getTime());
  });
});
