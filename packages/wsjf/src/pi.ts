// The end of a PI planning, as rules (SPEC.md [PI1]–[PI3]): predictability from the Business Owners' values of the
// teams' objectives, and the outcome of a fist-of-five confidence vote. Pure: values are handed in.

export interface ObjectiveValues {
  team: string;
  committed: boolean;
  plannedValue?: number | null;
  actualValue?: number | null;
}

export interface Predictability {
  /** Sum of the planned values of the committed objectives. */
  planned: number;
  /** Sum of the actual values of every objective (committed or not). */
  actual: number;
  /** 100 × actual / planned, or null when nothing committed was valued. */
  percent: number | null;
}

/** A business value 1–10 that counts (whole numbers only); anything else counts as absent. */
const valueOf = (v: number | null | undefined): number => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 10 ? v : 0);

function measure(objectives: readonly ObjectiveValues[]): Predictability {
  let planned = 0;
  let actual = 0;
  for (const o of objectives) {
    if (o.committed) planned += valueOf(o.plannedValue);
    actual += valueOf(o.actualValue);
  }
  return { planned, actual, percent: planned === 0 ? null : (100 * actual) / planned };
}

/**
 * [PI1] Predictability per team and for the ART: planned is the sum of `plannedValue` of the committed objectives,
 * actual the sum of `actualValue` of all of them (so uncommitted ones can lift a team past 100 %), percent
 * 100 × actual / planned, null when planned is 0. Teams in name order.
 */
export function predictability(objectives: readonly ObjectiveValues[]): { teams: (Predictability & { team: string })[]; art: Predictability } {
  const byTeam = new Map<string, ObjectiveValues[]>();
  for (const o of objectives) {
    const list = byTeam.get(o.team) ?? [];
    list.push(o);
    byTeam.set(o.team, list);
  }
  const teams = [...byTeam.keys()].sort().map((team) => ({ team, ...measure(byTeam.get(team) as ObjectiveValues[]) }));
  return { teams, art: measure(objectives) };
}

/** [PI2] The target band of predictability: 80–100 % inclusive. */
export function inTargetBand(percent: number | null): boolean {
  return percent !== null && percent >= 80 && percent <= 100;
}

export interface ConfidenceOutcome {
  voters: number;
  /** Mean of the votes, or null with none. */
  average: number | null;
  /** How many voted each value 1–5 (every key present). */
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  /** The plan is accepted when the average is 3 or more. */
  accepted: boolean;
}

/** [PI3] A fist-of-five vote's outcome: values outside 1–5 (or not whole) are not counted. */
export function confidenceOutcome(values: readonly number[]): ConfidenceOutcome {
  const distribution = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } as Record<'1' | '2' | '3' | '4' | '5', number>;
  let sum = 0;
  let voters = 0;
  for (const v of values) {
    if (!Number.isInteger(v) || v < 1 || v > 5) continue;
    distribution[String(v) as '1'] += 1;
    sum += v;
    voters++;
  }
  const average = voters === 0 ? null : sum / voters;
  return { voters, average, distribution, accepted: average !== null && average >= 3 };
}

/** [PI3] Whose vote invites a concern: a value of 2 or less. */
export const CONCERN_AT_MOST = 2;
