import type * as Y from 'yjs';
import { cutLine, rankFeatures } from '@ladder/wsjf';
import { readFeatures } from './features';
import { readMeta } from './meta';
import type { Feature } from './types';

export interface RankingRow extends Feature {
  rank: number | null;
  wsjf: number | null;
  costOfDelay: number | null;
  /** Present when the room has a capacity: whether the feature is above the cut line. */
  inCapacity?: boolean;
}

/** Ranks a list of features (WSJF order, unscored last) and marks the cut line when a capacity is given. */
export function rankRows(features: readonly Feature[], capacity: number | null): RankingRow[] {
  const byId = new Map(features.map((f) => [f.id, f]));
  const rows: RankingRow[] = rankFeatures(features).map((r) => ({ ...(byId.get(r.id) as Feature), rank: r.rank, wsjf: r.wsjf, costOfDelay: r.costOfDelay }));
  if (capacity !== null) {
    const inside = cutLine(rows, capacity);
    for (const row of rows) row.inCapacity = inside.get(row.id) ?? false;
  }
  return rows;
}

/** The room's ranking, derived from the document on every call; never stored. */
export function rankingOf(doc: Y.Doc): RankingRow[] {
  return rankRows(readFeatures(doc).features, readMeta(doc).capacity);
}
