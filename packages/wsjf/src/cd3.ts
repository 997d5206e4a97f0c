import type { RankedFeature } from './components';
import { compareRatios } from './exact';
import { compareCreated, compareIds, createdAtKey, idKey, objectsOf } from './order';

export interface Cd3Input {
  id: string;
  createdAt: number;
  costPerWeek?: number | null;
  durationWeeks?: number | null;
}

interface Cd3Score {
  cost: number;
  duration: number;
  cd3: number;
}

/** [WSJF23] CD3 inputs: a cost per week ≥ 0 and a duration > 0, both finite; else unscored. */
function cd3Score(f: unknown): Cd3Score | null {
  if (typeof f !== 'object' || f === null) return null;
  const { costPerWeek: raw, durationWeeks: duration } = f as Record<string, unknown>;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0) return null;
  if (typeof duration !== 'number' || !Number.isFinite(duration) || duration <= 0) return null;
  // -0 is a cost of 0: its CD3 is 0 too, not -0 (which JSON writes as 0, so a ranking would not survive a round trip).
  const cost = raw === 0 ? 0 : raw;
  const cd3 = cost / duration;
  if (!Number.isFinite(cd3)) return null;
  return { cost, duration, cd3 };
}

/** [WSJF23] Cost of delay divided by duration (CD3); null when unscored. */
export function cd3Of(f: { costPerWeek?: number | null; durationWeeks?: number | null }): number | null {
  return cd3Score(f)?.cd3 ?? null;
}

/**
 * [WSJF24] Ranking by CD3, highest first; ties by higher cost per week, shorter duration, earlier
 * createdAt, then id. `wsjf` holds the CD3 score and `costOfDelay` the cost per week.
 */
export function rankByCd3(features: readonly Cd3Input[]): RankedFeature[] {
  type Entry = { id: string; createdAt: number; score: Cd3Score | null };
  const entries: Entry[] = objectsOf(features).map((f) => ({ id: idKey(f.id), createdAt: createdAtKey(f.createdAt), score: cd3Score(f) }));
  const scored = entries.filter((e): e is Entry & { score: Cd3Score } => e.score !== null);
  const unscored = entries.filter((e) => e.score === null);
  scored.sort((a, b) => {
    const x = a.score;
    const y = b.score;
    const byCd3 = compareRatios(y.cost, y.duration, x.cost, x.duration);
    if (byCd3 !== 0) return byCd3;
    if (x.cost !== y.cost) return x.cost > y.cost ? -1 : 1;
    if (x.duration !== y.duration) return x.duration < y.duration ? -1 : 1;
    return compareCreated(a, b);
  });
  unscored.sort(compareCreated);
  return [
    ...scored.map((e, i) => ({ id: e.id, rank: i + 1, wsjf: e.score.cd3, costOfDelay: e.score.cost })),
    ...unscored.map((e) => ({ id: e.id, rank: null, wsjf: null, costOfDelay: null })),
  ];
}

/**
 * [WSJF25] The features whose rank differs between two rankings (e.g. WSJF vs CD3): an id missing
 * from one side has rank null there. Ordered by rank in `a` (unranked last), then id.
 */
export function compareRankings(a: readonly RankedFeature[], b: readonly RankedFeature[]): { id: string; rankA: number | null; rankB: number | null }[] {
  const rankIn = (list: readonly RankedFeature[]): Map<string, number | null> => {
    const ranks = new Map<string, number | null>();
    for (const r of objectsOf(list)) {
      const id = idKey(r.id);
      if (!ranks.has(id)) ranks.set(id, typeof r.rank === 'number' && Number.isFinite(r.rank) ? r.rank : null);
    }
    return ranks;
  };
  const ra = rankIn(a);
  const rb = rankIn(b);
  const out: { id: string; rankA: number | null; rankB: number | null }[] = [];
  for (const id of new Set([...ra.keys(), ...rb.keys()])) {
    const rankA = ra.get(id) ?? null;
    const rankB = rb.get(id) ?? null;
    if (rankA !== rankB) out.push({ id, rankA, rankB });
  }
  return out.sort((x, y) => {
    if (x.rankA !== y.rankA) {
      if (x.rankA === null) return 1;
      if (y.rankA === null) return -1;
      return x.rankA - y.rankA;
    }
    return compareIds(x.id, y.id);
  });
}
