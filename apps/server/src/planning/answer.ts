import type * as Y from 'yjs';
import { planFigures, rankingOf, readPlan } from '@ladder/board-doc';
import type { PlanAnswer } from '@ladder/wire';

/** `GET /api/rooms/:roomId/plan`: the plan as the board shows it, with each team's load and each dependency's status. */
export function planAnswer(doc: Y.Doc): PlanAnswer {
  const plan = readPlan(doc);
  const jobSizes = new Map(rankingOf(doc).map((r) => [r.id, r.jobSize]));
  const { statuses, loads } = planFigures(plan, jobSizes);
  // Teams set up by the facilitator, and any team a placed feature names.
  const names = [...new Set([...plan.teams.map((t) => t.name), ...plan.placements.map((p) => p.team).filter((t) => t !== '')])];
  const capacities = new Map(plan.teams.map((t) => [t.name, t.capacity]));
  return {
    iterations: plan.iterations,
    teams: names.map((name) => ({ name, capacity: capacities.get(name) ?? {}, load: Object.fromEntries(plan.iterations.map((i) => [i.id, loads.get(name)?.get(i.id) ?? 0])) })),
    features: plan.placements,
    dependencies: plan.dependencies.map((d) => ({ id: d.id, from: d.from, to: d.to, neededBy: d.neededBy, status: statuses.get(d.id) ?? 'unplanned', note: d.note })),
    milestones: plan.milestones,
  };
}
