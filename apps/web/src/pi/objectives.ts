import type { Objective, RankingRow } from '@ladder/board-doc';
import { inTargetBand, predictability, type Predictability } from '@ladder/wsjf';

// The objectives tab's figures: which teams have a section, each team's objectives, and predictability per team and
// for the ART (SPEC [PI1], [PI2] of @ladder/wsjf), as the screen and the summary show them.

/** The teams of the PI: the plan's (in its order), then those features or objectives name (by name). */
export function teamsOf(planTeams: readonly string[], ranking: readonly Pick<RankingRow, 'team'>[], objectives: readonly Pick<Objective, 'team'>[] = []): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const team of planTeams) {
    if (team.trim() === '' || seen.has(team)) continue;
    seen.add(team);
    out.push(team);
  }
  const more = new Set<string>();
  for (const { team } of [...ranking, ...objectives]) if (team && team.trim() !== '' && !seen.has(team)) more.add(team);
  return [...out, ...[...more].sort((a, b) => a.localeCompare(b))];
}

/** Each team's objectives, committed ones first, in a stable order; a team without any has an empty list. */
export function objectivesByTeam(teams: readonly string[], objectives: readonly Objective[]): Map<string, Objective[]> {
  const out = new Map<string, Objective[]>(teams.map((t) => [t, []]));
  for (const o of objectives) {
    const list = out.get(o.team) ?? [];
    list.push(o);
    out.set(o.team, list);
  }
  for (const list of out.values()) list.sort((a, b) => Number(b.committed) - Number(a.committed) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

export interface PredictabilityFigure extends Predictability {
  /** Within the 80–100 % target band. */
  inBand: boolean;
}

/** Predictability of every team that has objectives, and of the ART. */
export function predictabilityFigures(objectives: readonly Objective[]): { teams: Map<string, PredictabilityFigure>; art: PredictabilityFigure } {
  const { teams, art } = predictability(objectives);
  return {
    teams: new Map(teams.map((t) => [t.team, { planned: t.planned, actual: t.actual, percent: t.percent, inBand: inTargetBand(t.percent) }])),
    art: { ...art, inBand: inTargetBand(art.percent) },
  };
}

/** A percentage as shown: whole where whole, else one decimal (79.6 % is not shown as a rounded 80 %); – without a planned value. */
export function percentText(percent: number | null): string {
  if (percent === null) return '–';
  const shown = Math.round(percent * 10) / 10;
  return `${Number.isInteger(shown) ? shown : shown.toFixed(1)} %`;
}
