import type { RankingRow } from '@ladder/board-doc';

// Lanes: the features grouped by theme or team, named and ordered the same on the canvas and on the card board.

export type LaneKey = 'theme' | 'team' | 'none';

/** The lane of a feature: its theme (or team), or `No theme` (`No team`) without one. */
export function laneName(row: RankingRow | undefined, by: Exclude<LaneKey, 'none'>): string {
  return row?.[by]?.trim() || `No ${by}`;
}

/** Lanes in alphabetical order, the one of features without a theme (team) last. */
export function compareLanes(a: string, b: string): number {
  return a.startsWith('No ') ? 1 : b.startsWith('No ') ? -1 : a.localeCompare(b);
}

/** The rows in lanes (each in the rows' order), or one unnamed group of them all for `none`. */
export function laneGroups(rows: readonly RankingRow[], by: LaneKey): { name: string | null; rows: RankingRow[] }[] {
  if (by === 'none') return [{ name: null, rows: [...rows] }];
  const groups = new Map<string, RankingRow[]>();
  for (const row of rows) {
    const name = laneName(row, by);
    const lane = groups.get(name);
    if (lane) lane.push(row);
    else groups.set(name, [row]);
  }
  return [...groups.keys()].sort(compareLanes).map((name) => ({ name, rows: groups.get(name) ?? [] }));
}
