import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createFeature, readFeatures } from './features';
import { initRoom } from './meta';
import { committedDrops } from './portfolio-stability';

const by = { participantId: 'p-alice', now: 1_000 };

/** A: WSJF 8 (2 points, committed) · B: WSJF 2 (5 points, committed) · C: WSJF 0.75 (8 points). */
function features() {
  const doc = new Y.Doc();
  initRoom(doc, { title: 'PI' });
  createFeature(doc, { id: 'A', title: 'Checkout', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2, committed: true }, by);
  createFeature(doc, { id: 'B', title: 'Search', userBusinessValue: 5, timeCriticality: 3, riskReduction: 2, jobSize: 5, committed: true }, { ...by, now: 2_000 });
  createFeature(doc, { id: 'C', title: 'Reports', userBusinessValue: 3, timeCriticality: 2, riskReduction: 1, jobSize: 8 }, { ...by, now: 3_000 });
  return readFeatures(doc).features;
}

describe('committed features and the cut line', () => {
  it('an edit of the committed feature itself that drops it below the line is reported with its ranks', () => {
    expect(committedDrops(features(), 7, { featureId: 'B', patch: { userBusinessValue: 1 } })).toEqual([]);
    // B's job size 5 → 8: it no longer fits next to A (2 + 8 > 7).
    expect(committedDrops(features(), 7, { featureId: 'B', patch: { jobSize: 8 } })).toEqual([{ featureId: 'B', title: 'Search', from: 2, to: 2 }]);
  });

  it("another feature's edit that pushes a committed one down is reported", () => {
    // Reports' job size 8 → 1 makes it WSJF 6: it takes the second place and Search (5 points) no longer fits.
    expect(committedDrops(features(), 7, { featureId: 'C', patch: { jobSize: 1 } })).toEqual([{ featureId: 'B', title: 'Search', from: 2, to: 3 }]);
  });

  it('a lower capacity drops committed features; a higher one, no capacity, or an uncommitted feature does not', () => {
    expect(committedDrops(features(), 7, { capacity: 4 })).toEqual([{ featureId: 'B', title: 'Search', from: 2, to: 2 }]);
    expect(committedDrops(features(), 7, { capacity: 1 }).map((d) => d.featureId)).toEqual(['A', 'B']);
    expect(committedDrops(features(), 7, { capacity: 20 })).toEqual([]);
    expect(committedDrops(features(), null, { capacity: 1 })).toEqual([]);
    expect(committedDrops(features(), 7, { capacity: null })).toEqual([]);
    // Un-committing Search while growing it is not a drop of a committed feature.
    expect(committedDrops(features(), 7, { featureId: 'B', patch: { jobSize: 8, committed: false } })).toEqual([]);
    // Clearing an estimate makes the feature unscored, which is below the line too.
    expect(committedDrops(features(), 7, { featureId: 'A', patch: { jobSize: null } })).toEqual([{ featureId: 'A', title: 'Checkout', from: 1, to: null }]);
  });
});
