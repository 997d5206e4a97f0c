import { COD_COMPONENTS, componentOf, type Estimates } from './components';
import { compareRatios } from './exact';

/** The numbers a scored feature is ranked by. */
export interface Score {
  costOfDelay: number;
  jobSize: number;
  wsjf: number;
}

/**
 * [WSJF1][WSJF2][WSJF3] The score of anything, or null when it is unscored: a component is missing,
 * or the cost of delay or WSJF of usable components does not fit in a finite number.
 */
export function scoreOf(f: unknown): Score | null {
  let cod = 0;
  for (const component of COD_COMPONENTS) {
    const value = componentOf(f, component);
    if (value === null) return null;
    cod += value;
  }
  const jobSize = componentOf(f, 'jobSize');
  if (jobSize === null || !Number.isFinite(cod)) return null;
  const wsjf = cod / jobSize;
  if (!Number.isFinite(wsjf)) return null;
  return { costOfDelay: cod, jobSize, wsjf };
}

/** [WSJF1] userBusinessValue + timeCriticality + riskReduction; null when unscored. */
export function costOfDelay(f: Estimates): number | null {
  return scoreOf(f)?.costOfDelay ?? null;
}

/** [WSJF1] costOfDelay / jobSize; null when unscored. */
export function wsjfOf(f: Estimates): number | null {
  return scoreOf(f)?.wsjf ?? null;
}

/** [WSJF2] True when all four components are usable (and their WSJF is a finite number). */
export function isScored(f: Estimates): boolean {
  return scoreOf(f) !== null;
}

/**
 * [WSJF4] Order of two scores, negative when `a` ranks first: higher WSJF (compared exactly as
 * CoD_a·job_b vs CoD_b·job_a), then higher cost of delay, then smaller job size. 0 when tied.
 */
export function compareScores(a: Score, b: Score): number {
  const byWsjf = compareRatios(b.costOfDelay, b.jobSize, a.costOfDelay, a.jobSize);
  if (byWsjf !== 0) return byWsjf;
  if (a.costOfDelay !== b.costOfDelay) return a.costOfDelay > b.costOfDelay ? -1 : 1;
  if (a.jobSize !== b.jobSize) return a.jobSize < b.jobSize ? -1 : 1;
  return 0;
}
