import type * as Y from 'yjs';
import {
  PLAN_LIMITS, removeIteration, removeMilestone, removeTeam, setIteration, setMilestone, setTeam, type Plan,
} from '@ladder/board-doc';

// The facilitator's plan settings as a form: iterations in board order, teams with a capacity per iteration, milestones.
// Read from the plan, checked as a whole (nothing is written while any of it is wrong), written in one transaction.

export interface IterationRow { id: string; name: string; start: string; end: string }
export interface TeamRow { name: string; existing: boolean; capacity: Record<string, string> }
export interface MilestoneRow { id: string; name: string; iteration: string; date: string }
export interface SettingsDraft { iterations: IterationRow[]; teams: TeamRow[]; milestones: MilestoneRow[] }

export function draftOf(plan: Plan): SettingsDraft {
  return {
    iterations: plan.iterations.map((i) => ({ id: i.id, name: i.name, start: i.start ?? '', end: i.end ?? '' })),
    teams: plan.teams.map((t) => ({ name: t.name, existing: true, capacity: Object.fromEntries(Object.entries(t.capacity).map(([k, v]) => [k, String(v)])) })),
    milestones: plan.milestones.map((m) => ({ id: m.id, name: m.name, iteration: m.iteration ?? '', date: m.date ?? '' })),
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with the draft, said so the facilitator can fix it, or null. */
export function draftProblem(draft: SettingsDraft): string | null {
  for (const [i, it] of draft.iterations.entries()) {
    const which = `Iteration ${i + 1}`;
    if (!it.name.trim() || it.name.length > PLAN_LIMITS.name) return `${which} needs a name of 1 to ${PLAN_LIMITS.name} characters.`;
    if ((it.start && !DATE.test(it.start)) || (it.end && !DATE.test(it.end))) return `${which}: dates are YYYY-MM-DD.`;
    if (it.start && it.end && it.end < it.start) return `${it.name} ends before it starts.`;
  }
  const names = new Set<string>();
  for (const team of draft.teams) {
    const name = team.name.trim();
    if (!name || name.length > PLAN_LIMITS.name) return `A team needs a name of 1 to ${PLAN_LIMITS.name} characters.`;
    if (names.has(name)) return `There are two teams named “${name}”.`;
    names.add(name);
    for (const it of draft.iterations) {
      const text = (team.capacity[it.id] ?? '').trim();
      const n = Number(text);
      if (text !== '' && !(Number.isFinite(n) && n >= 0 && n <= PLAN_LIMITS.capacity)) return `${name}'s capacity in ${it.name} is a number from 0 to ${PLAN_LIMITS.capacity}.`;
    }
  }
  for (const m of draft.milestones) {
    if (!m.name.trim() || m.name.length > PLAN_LIMITS.name) return `A milestone needs a name of 1 to ${PLAN_LIMITS.name} characters.`;
    const placed = m.iteration !== '' && draft.iterations.some((i) => i.id === m.iteration);
    if (!placed && !m.date) return `Milestone “${m.name}” needs an iteration or a date.`;
    if (m.date && !DATE.test(m.date)) return `Milestone “${m.name}”: its date is YYYY-MM-DD.`;
  }
  return null;
}

/** Writes the draft over `plan` in one transaction: what was taken off the lists goes, the rest is set in list order. */
export function applyDraft(doc: Y.Doc, plan: Plan, draft: SettingsDraft, origin: unknown): void {
  const keep = new Set(draft.iterations.map((i) => i.id));
  const teams = new Set(draft.teams.map((t) => t.name.trim()));
  const milestones = new Set(draft.milestones.map((m) => m.id));
  doc.transact(() => {
    for (const it of plan.iterations) if (!keep.has(it.id)) removeIteration(doc, it.id);
    draft.iterations.forEach((it, i) => setIteration(doc, { id: it.id, name: it.name, start: it.start || null, end: it.end || null, order: i + 1 }));
    for (const team of plan.teams) if (!teams.has(team.name)) removeTeam(doc, team.name);
    for (const team of draft.teams) {
      const before = plan.teams.find((t) => t.name === team.name.trim())?.capacity ?? {};
      const capacity: Record<string, number | null> = {};
      for (const it of draft.iterations) {
        const text = (team.capacity[it.id] ?? '').trim();
        if (text !== '') capacity[it.id] = Number(text);
        else if (before[it.id] !== undefined) capacity[it.id] = null;
      }
      setTeam(doc, team.name.trim(), capacity);
    }
    for (const m of plan.milestones) if (!milestones.has(m.id)) removeMilestone(doc, m.id);
    for (const m of draft.milestones) {
      const iteration = m.iteration && keep.has(m.iteration) ? m.iteration : null;
      setMilestone(doc, { id: m.id, name: m.name, iteration, date: iteration ? null : m.date || null });
    }
  }, origin);
}
