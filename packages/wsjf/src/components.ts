/** The four estimates of SAFe WSJF, in their canonical order. */
export const COMPONENTS = ['userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize'] as const;
export type Component = (typeof COMPONENTS)[number];

/** The three estimates whose sum is the cost of delay. */
export const COD_COMPONENTS = ['userBusinessValue', 'timeCriticality', 'riskReduction'] as const;
export type CodComponent = (typeof COD_COMPONENTS)[number];

export interface Estimates {
  userBusinessValue?: number | null;
  timeCriticality?: number | null;
  riskReduction?: number | null;
  jobSize?: number | null;
}

export interface RankInput extends Estimates {
  id: string;
  createdAt: number;
}

export interface RankedFeature {
  id: string;
  rank: number | null;
  wsjf: number | null;
  costOfDelay: number | null;
}

/** [WSJF2] A usable estimate is a finite number above zero; anything else counts as missing. */
export function isUsable(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** The usable value of one component of anything (a hostile object included), or null. */
export function componentOf(f: unknown, component: Component): number | null {
  if (typeof f !== 'object' || f === null) return null;
  const value: unknown = (f as Record<string, unknown>)[component];
  return isUsable(value) ? value : null;
}
