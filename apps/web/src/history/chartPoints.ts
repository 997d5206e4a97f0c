import type { RankPoint } from './series';

/** One feature's marks in the rank chart: its line (SVG path) and a dot for each rank that no line reaches. */
export interface ChartLine {
  id: string;
  /** Segments of two or more ranks in a row; '' when there are none. */
  d: string;
  /** Ranks with no rank before or after them (one point in time, or a rank between unranked points): a line of one point draws nothing, so these are dots. */
  dots: Array<{ x: number; y: number }>;
}

export interface ChartBox { width: number; height: number; pad: number }

/**
 * The marks of the rank-over-time chart: one line per feature, x by point in time, y by rank (1 on top). A single
 * point in time sits in the middle of the chart. `empty` when no feature has a rank at any point: nothing to draw.
 */
export function chartLines(points: readonly RankPoint[], box: ChartBox): { lines: ChartLine[]; empty: boolean } {
  let maxRank = 1;
  let ranked = false;
  const byId = new Map<string, Array<[number, number | null]>>();
  points.forEach((p, i) => {
    for (const [id, rank] of p.ranks) {
      if (rank !== null) {
        maxRank = Math.max(maxRank, rank);
        ranked = true;
      }
      const line = byId.get(id) ?? [];
      line.push([i, rank]);
      byId.set(id, line);
    }
  });
  const { width, height, pad } = box;
  const x = (i: number) => (points.length < 2 ? width / 2 : pad + (i / (points.length - 1)) * (width - 2 * pad));
  const y = (rank: number) => pad + ((rank - 1) / Math.max(1, maxRank - 1)) * (height - 2 * pad);
  const lines = [...byId.entries()].map(([id, line]): ChartLine => {
    // Runs of consecutive ranks; a run of one is a dot.
    const runs: Array<Array<[number, number]>> = [];
    let run: Array<[number, number]> = [];
    for (const [i, rank] of line) {
      if (rank === null) {
        if (run.length > 0) runs.push(run);
        run = [];
      } else {
        run.push([x(i), y(rank)]);
      }
    }
    if (run.length > 0) runs.push(run);
    const d = runs.filter((r) => r.length > 1)
      .map((r) => r.map(([px, py], k) => `${k === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`).join(''))
      .join('');
    const dots = runs.filter((r) => r.length === 1).map((r) => {
      const [px, py] = r[0] as [number, number];
      return { x: px, y: py };
    });
    return { id, d, dots };
  });
  return { lines, empty: !ranked };
}

/**
 * The points narrowed to the top `top` of the ranking, so hundreds of features are not a smear: a feature is drawn while
 * it ranks within the top (its line breaks while it is below); the ones in `keep` (the features picked) are drawn whole.
 */
export function topPoints(points: readonly RankPoint[], top: number, keep: ReadonlySet<string>): RankPoint[] {
  if (!Number.isFinite(top)) return [...points];
  return points.map((p) => {
    const ranks = new Map<string, number | null>();
    for (const [id, rank] of p.ranks) {
      if (keep.has(id)) ranks.set(id, rank);
      else if (rank !== null && rank <= top) ranks.set(id, rank);
      else ranks.set(id, null);
    }
    return { ...p, ranks };
  });
}
