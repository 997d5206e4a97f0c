import { COMPONENTS, componentOf, type Component, type Estimates, type RankedFeature } from './components';
import { compareIds, idKey, objectsOf } from './order';
import { scoreOf } from './score';

export interface Move {
  id: string;
  from: number | null;
  to: number | null;
}

export interface MoveExplanation {
  wsjfBefore: number | null;
  wsjfAfter: number | null;
  delta: number | null;
  contributions: { component: Component; from: number | null; to: number | null; effect: number | null }[];
}

interface Placed {
  rank: number | null;
  position: number;
}

/** First occurrence of each id in a ranking, with its rank and its position in the list. */
function placesOf(ranking: readonly RankedFeature[]): Map<string, Placed> {
  const places = new Map<string, Placed>();
  objectsOf(ranking).forEach((r, position) => {
    const id = idKey(r.id);
    if (places.has(id)) return;
    const rank = typeof r.rank === 'number' && Number.isFinite(r.rank) ? r.rank : null;
    places.set(id, { rank, position });
  });
  return places;
}

/** Number of pairs i < j with values[i] > values[j], by merge sort in O(n log n). */
function inversions(values: number[]): number {
  if (values.length < 2) return 0;
  const mid = values.length >> 1;
  const left = values.slice(0, mid);
  const right = values.slice(mid);
  let count = inversions(left) + inversions(right);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) {
    if ((left[i] as number) <= (right[j] as number)) values[k++] = left[i++] as number;
    else {
      values[k++] = right[j++] as number;
      count += left.length - i;
    }
  }
  while (i < left.length) values[k++] = left[i++] as number;
  while (j < right.length) values[k++] = right[j++] as number;
  return count;
}

/**
 * [WSJF18][WSJF19] What changed between two rankings: every id whose rank differs (appearing,
 * disappearing, becoming scored or unscored included), and the churn — the normalised Kendall tau
 * distance between the two orders of the ids present in both, in [0, 1].
 */
export function rankDiff(before: readonly RankedFeature[], after: readonly RankedFeature[]): { moves: Move[]; churn: number } {
  const a = placesOf(before);
  const b = placesOf(after);
  const moves: Move[] = [];
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    const from = a.get(id)?.rank ?? null;
    const to = b.get(id)?.rank ?? null;
    if (from !== to) moves.push({ id, from, to });
  }
  moves.sort((x, y) => {
    if (x.to !== y.to) {
      if (x.to === null) return 1;
      if (y.to === null) return -1;
      return x.to - y.to;
    }
    return compareIds(x.id, y.id);
  });
  const common = [...a.entries()].filter(([id]) => b.has(id)).sort((x, y) => x[1].position - y[1].position);
  const n = common.length;
  if (n < 2) return { moves, churn: 0 };
  const afterPositions = common.map(([id]) => (b.get(id) as Placed).position);
  return { moves, churn: inversions(afterPositions) / ((n * (n - 1)) / 2) };
}

/**
 * [WSJF20] Why a feature's WSJF moved: the change of each component valued by its Shapley value —
 * its marginal effect on WSJF averaged over every order in which the changed components could have
 * been applied. Fair (no component order favoured), zero for an unchanged component, and the effects
 * sum to the delta (up to floating-point rounding). When either side is unscored, delta and every
 * effect are null.
 */
export function explainMove(before: Estimates, after: Estimates): MoveExplanation {
  const wsjfBefore = scoreOf(before)?.wsjf ?? null;
  const wsjfAfter = scoreOf(after)?.wsjf ?? null;
  const from = COMPONENTS.map((c) => componentOf(before, c));
  const to = COMPONENTS.map((c) => componentOf(after, c));
  if (wsjfBefore === null || wsjfAfter === null) {
    return {
      wsjfBefore,
      wsjfAfter,
      delta: null,
      contributions: COMPONENTS.map((component, i) => ({ component, from: from[i] ?? null, to: to[i] ?? null, effect: null })),
    };
  }
  const n = COMPONENTS.length;
  // WSJF of the mixture that takes the components in `mask` from `after`, the others from `before`.
  const wsjfOfMask = (mask: number): number => {
    const mixed: Record<string, number> = {};
    COMPONENTS.forEach((c, i) => {
      mixed[c] = (mask & (1 << i) ? to[i] : from[i]) as number;
    });
    const cod = (mixed.userBusinessValue as number) + (mixed.timeCriticality as number) + (mixed.riskReduction as number);
    return cod / (mixed.jobSize as number);
  };
  const values = Array.from({ length: 1 << n }, (_, mask) => wsjfOfMask(mask));
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const contributions = COMPONENTS.map((component, i) => {
    let effect = 0;
    if (from[i] !== to[i]) {
      for (let mask = 0; mask < 1 << n; mask++) {
        if (mask & (1 << i)) continue;
        let size = 0;
        for (let m = mask; m; m &= m - 1) size++;
        const weight = (factorial(size) * factorial(n - size - 1)) / factorial(n);
        effect += weight * ((values[mask | (1 << i)] as number) - (values[mask] as number));
      }
    }
    return { component, from: from[i] ?? null, to: to[i] ?? null, effect: Number.isFinite(effect) ? effect : null };
  });
  return { wsjfBefore, wsjfAfter, delta: wsjfAfter - wsjfBefore, contributions };
}
