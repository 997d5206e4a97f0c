import type { RankedFeature, RankInput } from './components';
import { compareCreated, createdAtKey, idKey, objectsOf } from './order';
import { compareScores, scoreOf, type Score } from './score';

interface Entry {
  id: string;
  createdAt: number;
  score: Score | null;
}

function compareEntries(a: Entry & { score: Score }, b: Entry & { score: Score }): number {
  return compareScores(a.score, b.score) || compareCreated(a, b);
}

/** [WSJF4][WSJF5] Total order of scored features, negative when `a` ranks first. */
export function compareRanked(a: RankInput, b: RankInput): number {
  const sa = scoreOf(a);
  const sb = scoreOf(b);
  if (sa === null || sb === null) {
    if (sa !== sb) return sa === null ? 1 : -1;
    return compareCreated({ createdAt: createdAtKey(a.createdAt), id: idKey(a.id) }, { createdAt: createdAtKey(b.createdAt), id: idKey(b.id) });
  }
  return compareEntries(
    { id: idKey(a.id), createdAt: createdAtKey(a.createdAt), score: sa },
    { id: idKey(b.id), createdAt: createdAtKey(b.createdAt), score: sb },
  );
}

/**
 * [WSJF4][WSJF5][WSJF6][WSJF7] The WSJF ranking: scored features first, highest WSJF on top, ranks
 * 1..n; then unscored features with null rank, WSJF and cost of delay, in createdAt order.
 */
export function rankFeatures(features: readonly RankInput[]): RankedFeature[] {
  const scored: (Entry & { score: Score })[] = [];
  const unscored: Entry[] = [];
  for (const f of objectsOf(features)) {
    const entry: Entry = { id: idKey(f.id), createdAt: createdAtKey(f.createdAt), score: scoreOf(f) };
    if (entry.score === null) unscored.push(entry);
    else scored.push(entry as Entry & { score: Score });
  }
  scored.sort(compareEntries);
  unscored.sort(compareCreated);
  const out: RankedFeature[] = scored.map((e, i) => ({ id: e.id, rank: i + 1, wsjf: e.score.wsjf, costOfDelay: e.score.costOfDelay }));
  for (const e of unscored) out.push({ id: e.id, rank: null, wsjf: null, costOfDelay: null });
  return out;
}

/**
 * [WSJF8] Capacity cut line (CONTRACT.md "Capacity"): walking the ranking from the top, a scored
 * feature is in while the running sum of job sizes, itself included, stays within the capacity; the
 * first one that does not fit and everything after it are out. Unscored features are out.
 */
export function cutLine(ranked: readonly { id: string; rank: number | null; jobSize?: number | null }[], capacity: number): Map<string, boolean> {
  const rows = objectsOf(ranked).map((r, index) => ({
    id: idKey(r.id),
    rank: typeof r.rank === 'number' && Number.isFinite(r.rank) ? r.rank : null,
    jobSize: r.jobSize,
    index,
  }));
  const inOrder = rows.filter((r) => r.rank !== null);
  // A ranking usually arrives in rank order already; sort only when it does not.
  if (inOrder.some((r, i) => i > 0 && (r.rank as number) < ((inOrder[i - 1] as { rank: number }).rank))) {
    inOrder.sort((a, b) => (a.rank as number) - (b.rank as number) || a.index - b.index);
  }
  const result = new Map<string, boolean>();
  for (const r of rows) result.set(r.id, false);
  // A capacity that is not a number (a hostile '10') fits nothing, like NaN.
  const limit = typeof capacity === 'number' ? capacity : Number.NaN;
  let used = 0;
  for (const r of inOrder) {
    const size = r.jobSize;
    if (typeof size !== 'number' || !Number.isFinite(size) || size <= 0) break;
    used += size;
    if (!(used <= limit)) break;
    result.set(r.id, true);
  }
  return result;
}
