import { PI_LIMITS, type Objective, type PiState, type RankingRow } from '@ladder/board-doc';
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

// Across PIs (api.md, "Across PIs"): a room continued into the next PI keeps the earlier PIs' objectives, stamped with
// their PI's name; the current PI's are those without a PI (or, should one carry it, the current PI's name).

/** Whether an objective belongs to the current PI. */
export function isCurrent(objective: Pick<Objective, 'pi'>, names: PiState | null): boolean {
  return objective.pi === null || (names !== null && objective.pi === names.current);
}

/** The current PI's objectives. */
export function currentObjectives(objectives: readonly Objective[], names: PiState | null): Objective[] {
  return objectives.filter((o) => isCurrent(o, names));
}

/** The earlier PIs with their objectives, oldest first: the room's past PIs in order, then any other name an objective carries. */
export function earlierPis(objectives: readonly Objective[], names: PiState | null): { pi: string; objectives: Objective[] }[] {
  const out = new Map<string, Objective[]>((names?.past ?? []).map((pi) => [pi, []]));
  const strays = new Map<string, Objective[]>();
  for (const o of objectives) {
    if (isCurrent(o, names) || o.pi === null) continue;
    const list = out.get(o.pi) ?? strays.get(o.pi) ?? [];
    if (!out.has(o.pi)) strays.set(o.pi, list);
    list.push(o);
  }
  const more = [...strays].sort(([a], [b]) => a.localeCompare(b));
  return [...out, ...more].map(([pi, list]) => ({ pi, objectives: list }));
}

export interface PiRow {
  /** The PI's name; null for a current PI not named yet. */
  pi: string | null;
  current: boolean;
  art: PredictabilityFigure;
  teams: Map<string, PredictabilityFigure>;
  count: number;
}

/** Predictability across PIs: one row per PI, the earlier ones oldest first, then the current one. */
export function acrossPis(objectives: readonly Objective[], names: PiState | null): PiRow[] {
  const row = (pi: string | null, current: boolean, list: readonly Objective[]): PiRow => {
    const { art, teams } = predictabilityFigures(list);
    return { pi, current, art, teams, count: list.length };
  };
  return [
    ...earlierPis(objectives, names).map((e) => row(e.pi, false, e.objectives)),
    row(names?.current ?? null, true, currentObjectives(objectives, names)),
  ];
}

/** The name a PI's next one most likely has: its last number one up ("PI 27.1" → "PI 27.2", "PI 4" → "PI 5"); '' without a number or when taken. */
export function suggestNextPi(names: PiState | null, fallback = 'PI 1'): string {
  const current = names?.current ?? fallback;
  const match = /(\d+)(\D*)$/.exec(current);
  if (!match) return '';
  const next = `${current.slice(0, match.index)}${Number(match[1]) + 1}${match[2]}`;
  return next === current || (names?.past ?? []).includes(next) ? '' : next;
}

/** Why the room cannot be continued into `next` (with the current PI named `current`), or null when it can. */
export function continueProblem(names: PiState | null, current: string, next: string): string | null {
  const a = current.trim();
  const b = next.trim();
  if (a === '') return 'Name this PI first: its objectives keep that name.';
  if (b === '') return 'Name the next PI.';
  if (a.length > PI_LIMITS.name || b.length > PI_LIMITS.name) return `A PI's name has at most ${PI_LIMITS.name} characters.`;
  if (a === b) return 'The next PI needs a name of its own.';
  const past = names?.past ?? [];
  if (past.includes(a)) return `${a} is an earlier PI of this room: give this PI another name.`;
  if (past.includes(b)) return `${b} is an earlier PI of this room: give the next PI another name.`;
  return null;
}

/** A first name for a PI not named yet: the PI the room's title names ("ART Orion PI 27.1" → "PI 27.1"), else "PI 1". */
export function suggestPiName(title: string): string {
  const match = /\bPI[\s-]*(\d+(?:\.\d+)*)\b/i.exec(title);
  return match ? `PI ${match[1]}` : 'PI 1';
}
