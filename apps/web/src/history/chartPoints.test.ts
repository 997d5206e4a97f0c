import { describe, expect, it } from 'vitest';
import { chartLines, topPoints } from './chartPoints';
import type { RankPoint } from './series';

const box = { width: 360, height: 200, pad: 14 };
const point = (seq: number, ranks: Record<string, number | null>): RankPoint => ({ seq, at: seq * 1000, ranks: new Map(Object.entries(ranks)) });

describe('chartLines: the marks of the rank-over-time chart', () => {
  it('one point in time (a board from one import) draws a dot per ranked feature, in the middle, not an empty move', () => {
    const { lines, empty } = chartLines([point(1, { 'F-1': 1, 'F-2': 2, 'F-3': null })], box);
    expect(empty).toBe(false);
    expect(lines).toEqual([
      { id: 'F-1', d: '', dots: [{ x: 180, y: 14 }] },
      { id: 'F-2', d: '', dots: [{ x: 180, y: 186 }] },
      { id: 'F-3', d: '', dots: [] },
    ]);
    // Never a bare move: an "M" with no line after it draws nothing.
    for (const line of lines) expect(line.d).not.toMatch(/^M[\d.,]+$/);
  });

  it('ranks over several points are lines; a rank between unranked points is a dot', () => {
    const { lines, empty } = chartLines([
      point(1, { 'F-1': 1, 'F-2': null }),
      point(2, { 'F-1': 2, 'F-2': 1 }),
      point(3, { 'F-1': 1, 'F-2': null }),
    ], box);
    expect(empty).toBe(false);
    expect(lines).toEqual([
      { id: 'F-1', d: 'M14.0,14.0L180.0,186.0L346.0,14.0', dots: [] },
      { id: 'F-2', d: '', dots: [{ x: 180, y: 14 }] },
    ]);
  });

  it('is empty when no feature has a rank at any point, or there are no points', () => {
    expect(chartLines([], box)).toEqual({ lines: [], empty: true });
    expect(chartLines([point(1, { 'F-1': null }), point(2, { 'F-1': null, 'F-2': null })], box).empty).toBe(true);
  });
});

describe('topPoints: the chart of a big backlog shows the top of the ranking and the features picked', () => {
  it('keeps a feature while it ranks within the top; a picked one whole; the scale fits the top', () => {
    const points = [point(1, { 'F-1': 1, 'F-2': 2, 'F-3': 3, 'F-4': 4 }), point(2, { 'F-1': 3, 'F-2': 1, 'F-3': 2, 'F-4': 4 })];
    const narrowed = topPoints(points, 2, new Set());
    expect(narrowed.map((p) => Object.fromEntries(p.ranks))).toEqual([
      { 'F-1': 1, 'F-2': 2, 'F-3': null, 'F-4': null },
      { 'F-1': null, 'F-2': 1, 'F-3': 2, 'F-4': null },
    ]);
    const { lines } = chartLines(narrowed, box);
    // Rank 2 sits at the bottom of the chart: the scale is the top two, not the four.
    expect(lines.find((l) => l.id === 'F-2')?.d).toContain(',186');
    expect(Object.fromEntries(topPoints(points, 2, new Set(['F-4']))[1]?.ranks ?? [])).toMatchObject({ 'F-4': 4 });
    expect(topPoints(points, Infinity, new Set())).toEqual(points);
  });
});
