import { planFigures, type Dependency, type Iteration, type Milestone, type Plan, type RankingRow } from '@ladder/board-doc';
import { overCapacity, teamDependencyCounts, type DependencyStatus } from '@ladder/wsjf';

// The planning board as it is drawn: one row per team, one column per iteration, the features placed in each cell with
// the cell's load against its capacity, each team's totals and its late and risky strings, the milestones' places.
// Plain data from the plan and the ranking, worked out once per change of either (the view only draws it).

export interface PlanCard {
  id: string;
  title: string;
  rank: number | null;
  jobSize: number | null;
}

export interface PlanCell {
  team: string;
  iteration: string;
  cards: PlanCard[];
  load: number;
  /** The team's capacity in this iteration, or null when none is set. */
  capacity: number | null;
  /** How far the load is over the capacity (0 when within it or when there is none). */
  over: number;
}

export interface PlanRow {
  /** The team's name ('' for features placed without a team). */
  team: string;
  /** Set up in the plan's teams (false: only named by a placed feature). */
  known: boolean;
  cells: PlanCell[];
  load: number;
  /** The sum of the capacities set for the team, or null when none is. */
  capacity: number | null;
  late: number;
  risky: number;
}

/** Where a milestone stands: its column and how far across it (0 its start, 1 its end). */
export interface MilestonePlace { milestone: Milestone; column: number; at: number }

export interface PlanGrid {
  iterations: Iteration[];
  rows: PlanRow[];
  statuses: ReadonlyMap<string, DependencyStatus>;
  dependencies: Dependency[];
  /** Features not on the board, in rank order. */
  backlog: PlanCard[];
  /** Each placed feature's team and iteration. */
  placedAt: ReadonlyMap<string, { team: string; iteration: string }>;
  milestones: MilestonePlace[];
  /** Milestones the board cannot place (a date outside every dated iteration). */
  unplaced: Milestone[];
}

/** The IP iteration: the last one, when its name says so (IP, Innovation and Planning). */
export function isIpIteration(iterations: readonly Iteration[], index: number): boolean {
  return index === iterations.length - 1 && /\bIP\b|innovation/i.test(iterations[index]?.name ?? '');
}

const byRank = (a: PlanCard, b: PlanCard) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function dayOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

/** [milestones] An iteration's milestone at its end; a dated one at its day within the iteration holding it. */
export function milestonePlace(milestone: Milestone, iterations: readonly Iteration[]): { column: number; at: number } | null {
  if (milestone.iteration !== null) {
    const column = iterations.findIndex((i) => i.id === milestone.iteration);
    if (column >= 0) return { column, at: 1 };
  }
  if (milestone.date === null) return null;
  const day = dayOf(milestone.date);
  for (let column = 0; column < iterations.length; column++) {
    const it = iterations[column] as Iteration;
    if (it.start === null || it.end === null) continue;
    const start = dayOf(it.start);
    const end = dayOf(it.end) + 1;
    if (day >= start && day < end) return { column, at: (day + 0.5 - start) / (end - start) };
  }
  return null;
}

/** The board: teams of the plan, then teams only named by placed features (and a row for features without a team). */
export function planGrid(plan: Plan, ranking: readonly RankingRow[]): PlanGrid {
  const byId = new Map(ranking.map((r) => [r.id, r]));
  const card = (id: string): PlanCard => {
    const row = byId.get(id);
    return { id, title: row?.title ?? id, rank: row?.rank ?? null, jobSize: row?.jobSize ?? null };
  };
  const jobSizes = new Map(ranking.map((r) => [r.id, r.jobSize]));
  const { statuses, loads } = planFigures(plan, jobSizes);
  const counts = teamDependencyCounts(plan.placements, plan.dependencies, statuses);
  const known = new Set(plan.teams.map((t) => t.name));
  const extra = [...new Set(plan.placements.map((p) => p.team).filter((t) => !known.has(t)))].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : 1));
  const capacities = new Map(plan.teams.map((t) => [t.name, t.capacity]));
  const cards = new Map<string, PlanCard[]>();
  const placedAt = new Map<string, { team: string; iteration: string }>();
  for (const p of plan.placements) {
    const key = `${p.team}\u0000${p.iteration}`;
    const list = cards.get(key) ?? [];
    list.push(card(p.id));
    cards.set(key, list);
    placedAt.set(p.id, { team: p.team, iteration: p.iteration });
  }
  const rows = [...plan.teams.map((t) => t.name), ...extra].map((team): PlanRow => {
    const capacity = capacities.get(team) ?? {};
    const cells = plan.iterations.map((it): PlanCell => {
      const load = loads.get(team)?.get(it.id) ?? 0;
      const cap = typeof capacity[it.id] === 'number' ? (capacity[it.id] as number) : null;
      return { team, iteration: it.id, cards: (cards.get(`${team}\u0000${it.id}`) ?? []).sort(byRank), load, capacity: cap, over: overCapacity(load, cap) };
    });
    const set = cells.filter((c) => c.capacity !== null);
    const { late = 0, risky = 0 } = counts.get(team) ?? {};
    return {
      team, known: known.has(team), cells, late, risky,
      load: cells.reduce((s, c) => s + c.load, 0),
      capacity: set.length === 0 ? null : set.reduce((s, c) => s + (c.capacity as number), 0),
    };
  });
  const backlog = ranking.filter((r) => !placedAt.has(r.id)).map((r) => card(r.id));
  const milestones: MilestonePlace[] = [];
  const unplaced: Milestone[] = [];
  for (const m of plan.milestones) {
    const place = milestonePlace(m, plan.iterations);
    if (place) milestones.push({ milestone: m, ...place });
    else unplaced.push(m);
  }
  return { iterations: plan.iterations, rows, statuses, dependencies: plan.dependencies, backlog, placedAt, milestones, unplaced };
}

/** The dependencies a focus shows: those of one feature, those touching a team's features, or all. */
export function focusedDependencies(grid: PlanGrid, focus: PlanFocus | null): Dependency[] {
  if (focus === null) return grid.dependencies;
  if (focus.kind === 'feature') return grid.dependencies.filter((d) => d.from === focus.id || d.to === focus.id);
  const inTeam = (id: string) => grid.placedAt.get(id)?.team === focus.id;
  return grid.dependencies.filter((d) => inTeam(d.from) || inTeam(d.to));
}

/** What focus mode shows: one feature's strings, or one team's. */
export type PlanFocus = { kind: 'feature' | 'team'; id: string };

/** A focus as one select value, and back. */
export const focusValue = (focus: PlanFocus | null): string => (focus === null ? '' : `${focus.kind}:${focus.id}`);
export function focusOf(value: string): PlanFocus | null {
  const at = value.indexOf(':');
  const kind = value.slice(0, at);
  return kind === 'feature' || kind === 'team' ? { kind, id: value.slice(at + 1) } : null;
}
