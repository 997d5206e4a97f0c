import { describe, expect, test } from 'vitest';
import type { HistoryEvent } from './api';
import { explainChange } from './RankChart';
import type { RankChange } from './series';

// Each rank move is explained by the change that caused it: a restore as the restore, a participant revert as the
// revert, and an update that changed several features by the change of the feature that moved.

const event = (kind: HistoryEvent['kind'], featureId: string, field: string | null, from: unknown, to: unknown, name = 'Ada'): HistoryEvent =>
  ({ seq: 9, at: 1, participantId: 'p', name, kind, featureId, field, from, to });
const change = (featureId: string, causes: HistoryEvent[]): RankChange => ({ seq: 9, at: 1, featureId, from: 9, to: 2, causes, touched: null });
const titles = new Map([['F-1', 'Checkout'], ['F-2', 'Search']]);

describe('explainChange', () => {
  test('a move caused by a restore is explained as the restore, not as one of the fields it wrote', () => {
    const causes = [event('changed', 'F-2', 'committed', false, true), event('changed', 'F-1', 'jobSize', 13, 2), event('restored', '', null, { seq: 12 }, { seq: 4, at: 1 })];
    expect(explainChange(change('F-1', causes), titles)).toBe('#9 → #2: Ada restored the board to update 4');
  });

  test('a participant revert is named as the revert', () => {
    const causes = [event('changed', 'F-1', 'jobSize', 13, 2), event('reverted', '', null, { participantId: 'P-b', name: 'Ben', sinceSeq: 3 }, { changes: 2 })];
    expect(explainChange(change('F-1', causes), titles)).toBe("#9 → #2: Ada reverted Ben's changes since update 3 (2 changes)");
  });

  test('an update that changed several features is explained by the change of the feature that moved', () => {
    const causes = [event('changed', 'F-2', 'committed', false, true), event('changed', 'F-1', 'jobSize', 13, 2)];
    expect(explainChange(change('F-1', causes), titles)).toMatch(/^#9 → #2: Ada changed .* of Checkout 13 → 2$/);
  });
});
