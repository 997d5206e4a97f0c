// The ART planning board's rules (SPEC.md [PLAN1]–[PLAN6]): where a dependency stands given where its features are
// planned, the load of each team in each iteration against its capacity, and the late and risky strings per team.
// Pure: the board's document is read elsewhere and handed in as plain lists.

export type DependencyStatus = 'ok' | 'risky' | 'late' | 'unplanned';
export const DEPENDENCY_STATUSES: readonly DependencyStatus[] = ['ok', 'risky', 'late', 'unplanned'];

export interface PlanIteration { id: string; order: number }
export interface PlanFeature { id: string; team?: string | null; iteration?: string | null; jobSize?: number | null }
export interface PlanDependency { id: string; from: string; to: string; neededBy?: string | null }

/** [PLAN1] An iteration's place on the board: its `order` when finite; an unknown id has none. */
function positions(iterations: readonly PlanIteration[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const it of iterations) if (typeof it.id === 'string' && Number.isFinite(it.order)) out.set(it.id, it.order);
  return out;
}

/**
 * [PLAN2] A dependency's status from the board's placements: `unplanned` when either feature is not placed in a known
 * iteration (or the needed-by iteration is unknown); otherwise `late` when the delivering feature's iteration comes
 * after the needed-by one (by default the needing feature's), `risky` when it is the same, `ok` when earlier.
 */
export function dependencyStatus(deliveredAt: number | null | undefined, neededAt: number | null | undefined): DependencyStatus {
  if (deliveredAt === null || deliveredAt === undefined || neededAt === null || neededAt === undefined) return 'unplanned';
  if (deliveredAt > neededAt) return 'late';
  return deliveredAt === neededAt ? 'risky' : 'ok';
}

/** [PLAN2] Every dependency's status, by dependency id. */
export function dependencyStatuses(iterations: readonly PlanIteration[], features: readonly PlanFeature[], dependencies: readonly PlanDependency[]): Map<string, DependencyStatus> {
  const at = positions(iterations);
  const placed = new Map<string, number>();
  for (const f of features) {
    const order = typeof f.iteration === 'string' ? at.get(f.iteration) : undefined;
    if (order !== undefined) placed.set(f.id, order);
  }
  const out = new Map<string, DependencyStatus>();
  for (const d of dependencies) {
    const from = placed.get(d.from);
    const to = placed.get(d.to);
    if (from === undefined || to === undefined) {
      out.set(d.id, 'unplanned');
      continue;
    }
    const needed = typeof d.neededBy === 'string' ? at.get(d.neededBy) : to;
    out.set(d.id, dependencyStatus(from, needed));
  }
  return out;
}

/**
 * [PLAN3] Load: per team, per iteration, the sum of the job sizes of the team's features placed there (a feature
 * without a usable job size adds 0; a feature without a team or in an unknown iteration adds nothing).
 */
export function planLoads(iterations: readonly PlanIteration[], features: readonly PlanFeature[]): Map<string, Map<string, number>> {
  const at = positions(iterations);
  const out = new Map<string, Map<string, number>>();
  for (const f of features) {
    if (typeof f.team !== 'string' || f.team === '' || typeof f.iteration !== 'string' || !at.has(f.iteration)) continue;
    const size = typeof f.jobSize === 'number' && Number.isFinite(f.jobSize) && f.jobSize > 0 ? f.jobSize : 0;
    const team = out.get(f.team) ?? new Map<string, number>();
    team.set(f.iteration, (team.get(f.iteration) ?? 0) + size);
    out.set(f.team, team);
  }
  return out;
}

/** [PLAN4] How far a cell is over its capacity: `load - capacity` when positive, else 0 (no capacity set: 0). */
export function overCapacity(load: number, capacity: number | null | undefined): number {
  if (capacity === null || capacity === undefined || !Number.isFinite(capacity)) return 0;
  return Math.max(0, load - capacity);
}

/**
 * [PLAN5] Per team: how many `late` and `risky` dependencies touch it (either feature belongs to the team; a string
 * between two features of one team counts once for it).
 */
export function teamDependencyCounts(features: readonly PlanFeature[], dependencies: readonly PlanDependency[], statuses: ReadonlyMap<string, DependencyStatus>): Map<string, { late: number; risky: number }> {
  const teamOf = new Map<string, string>();
  for (const f of features) if (typeof f.team === 'string' && f.team !== '') teamOf.set(f.id, f.team);
  const out = new Map<string, { late: number; risky: number }>();
  for (const d of dependencies) {
    const status = statuses.get(d.id);
    if (status !== 'late' && status !== 'risky') continue;
    for (const team of new Set([teamOf.get(d.from), teamOf.get(d.to)])) {
      if (team === undefined) continue;
      const counts = out.get(team) ?? { late: 0, risky: 0 };
      counts[status]++;
      out.set(team, counts);
    }
  }
  return out;
}

/** [PLAN6] The iterations in board order: by `order`, then id; entries without a finite order last, by id. */
export function orderIterations<T extends PlanIteration>(iterations: readonly T[]): T[] {
  return [...iterations].sort((a, b) => {
    const fa = Number.isFinite(a.order);
    const fb = Number.isFinite(b.order);
    if (fa !== fb) return fa ? -1 : 1;
    if (fa && a.order !== b.order) return a.order - b.order;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}
