import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from './api';
import { rankSeries } from './series';

const feature = (id: string, title: string, bv: number) => ({
  id, title, description: '', team: '', theme: '', userBusinessValue: bv, timeCriticality: 1, riskReduction: 1, jobSize: 1, createdAt: 0, createdBy: 'p1',
});
const event = (seq: number, kind: HistoryEvent['kind'], featureId: string, field: string | null, from: unknown, to: unknown): HistoryEvent =>
  ({ seq, at: seq * 1000, participantId: 'p1', name: 'Ada', kind, featureId, field, from, to });

describe('rankSeries: rank over time from the history events', () => {
  const events = [
    event(2, 'created', 'F-1', null, null, feature('F-1', 'Checkout', 8)),
    event(3, 'created', 'F-2', null, null, feature('F-2', 'Search', 3)),
    event(4, 'changed', 'F-2', 'userBusinessValue', 3, 13),
    event(5, 'changed', 'F-2', 'title', 'Search', 'Find'),
    event(6, 'deleted', 'F-1', null, feature('F-1', 'Checkout', 8), null),
  ];

  it('samples the ranks after each update and explains every change of rank by its update', () => {
    const { points, changes, titles } = rankSeries(events);
    expect(points.map((p) => [p.seq, Object.fromEntries(p.ranks)])).toEqual([
      [2, { 'F-1': 1 }],
      [3, { 'F-1': 1, 'F-2': 2 }],
      [4, { 'F-1': 2, 'F-2': 1 }],
      [5, { 'F-1': 2, 'F-2': 1 }],
      [6, { 'F-2': 1 }],
    ]);
    expect(changes.map(({ seq, featureId, from, to }) => ({ seq, featureId, from, to }))).toEqual([
      { seq: 2, featureId: 'F-1', from: null, to: 1 },
      { seq: 3, featureId: 'F-2', from: null, to: 2 },
      { seq: 4, featureId: 'F-1', from: 1, to: 2 },
      { seq: 4, featureId: 'F-2', from: 2, to: 1 },
      { seq: 6, featureId: 'F-1', from: 2, to: null },
    ]);
    const cause = changes.find((c) => c.seq === 4 && c.featureId === 'F-1');
    expect(cause?.touched).toMatchObject({ featureId: 'F-2', before: { userBusinessValue: 3 }, after: { userBusinessValue: 13 } });
    expect(titles.get('F-2')).toBe('Find');
  });

  it('samples every ceil(updates / maxPoints)th update, and always the last', () => {
    const { points } = rankSeries(events, 2);
    expect(points.map((p) => p.seq)).toEqual([2, 5, 6]);
  });
});
