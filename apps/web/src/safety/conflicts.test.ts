import { describe, expect, test } from 'vitest';
import { conflictKey, conflictText, shownConflicts, type Conflict } from './conflicts';

const conflict = (over: Partial<Conflict>): Conflict => ({
  seq: 4, at: 1, participantId: 'p-ann', name: 'Ann', featureId: 'F-1', field: 'userBusinessValue',
  kept: 3, keptBy: { participantId: 'p-ben', name: 'Ben' }, arriving: 13, open: true, whole: true, ...over,
});

describe('conflicts shown on a screen', () => {
  test('the author sees their open conflicts; the facilitator everyone\'s; nobody a closed or dismissed one', () => {
    const list = [conflict({}), conflict({ seq: 5, participantId: 'p-cy', name: 'Cy', featureId: 'F-2' }), conflict({ seq: 6, featureId: 'F-3', open: false })];
    expect(shownConflicts(list, 'p-ann', false, new Set()).map((c) => c.seq)).toEqual([4]);
    expect(shownConflicts(list, 'p-fac', true, new Set()).map((c) => c.seq)).toEqual([4, 5]);
    expect(shownConflicts(list, 'p-ann', false, new Set([conflictKey(list[0] as Conflict)]))).toEqual([]);
  });

  test('the same field kept aside twice shows only the newest', () => {
    const list = [conflict({ seq: 4, arriving: 13 }), conflict({ seq: 9, arriving: 20 })];
    expect(shownConflicts(list, 'p-ann', false, new Set()).map((c) => c.arriving)).toEqual([20]);
  });

  test('the line names both people and both values', () => {
    const names = { person: (id: string | null) => (id === 'p-ben' ? 'Ben B.' : null), feature: () => '“Checkout”' };
    expect(conflictText(conflict({}), true, names)).toBe('Your 13 for Business value of “Checkout” was kept aside: Ben set 3 after you last saw it.');
    expect(conflictText(conflict({ keptBy: { participantId: 'p-ben', name: '' } }), false, names))
      .toBe('Ann\'s 13 for Business value of “Checkout” was kept aside: the board has 3 (set by Ben B.).');
  });
});
