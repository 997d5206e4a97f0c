import { COMPONENTS, type Component, type RankInput } from './components';
import { compareCreated, createdAtKey, idKey, objectsOf } from './order';
import { compareScores, scoreOf, type Score } from './score';
import { DEFAULT_SCALE, stepFrom, validateScale, type Scale } from './scale';

export interface FragilePair {
  /** id of the feature ranked just above */
  above: string;
  /** id of the feature ranked just below */
  below: string;
  component: Component;
  /** the feature whose estimate moves */
  featureId: string;
  direction: 'up' | 'down';
}

export interface ScaleHealth {
  anchors: Record<Exclude<Component, never>, boolean>;
  fragile: FragilePair[];
}

interface Row {
  id: string;
  createdAt: number;
  values: Record<Component, number>;
  score: Score;
}

function rowOrder(a: Row, b: Row): number {
  return compareScores(a.score, b.score) || compareCreated(a, b);
}

/** The row with one component moved to `value`, or null when that leaves it unscored. */
function moved(row: Row, component: Component, value: number): Row | null {
  const values = { ...row.values, [component]: value };
  const score = scoreOf(values);
  return score === null ? null : { ...row, values, score };
}

/**
 * [WSJF21][WSJF22] How well the estimates use the scale. `anchors`: per component, whether some
 * scored feature holds the smallest scale value (SAFe's relative anchor: the smallest item in each
 * column is a 1). `fragile`: every adjacent pair of the ranking, and the single one-step move of one
 * estimate of one of the two features that would swap them.
 */
export function scaleHealth(features: readonly RankInput[], scale: Scale = DEFAULT_SCALE): ScaleHealth {
  const steps = validateScale(scale);
  const smallest = steps[0] as number;
  const rows: Row[] = [];
  for (const f of objectsOf(features)) {
    const score = scoreOf(f);
    if (score === null) continue;
    const values = Object.fromEntries(COMPONENTS.map((c) => [c, f[c] as number])) as Record<Component, number>;
    rows.push({ id: idKey(f.id), createdAt: createdAtKey(f.createdAt), values, score });
  }
  rows.sort(rowOrder);
  const anchors = Object.fromEntries(COMPONENTS.map((c) => [c, rows.some((r) => r.values[c] === smallest)])) as Record<Component, boolean>;
  const fragile: FragilePair[] = [];
  for (let i = 0; i + 1 < rows.length; i++) {
    const above = rows[i] as Row;
    const below = rows[i + 1] as Row;
    for (const [subject, isAbove] of [[above, true], [below, false]] as const) {
      for (const component of COMPONENTS) {
        for (const direction of ['up', 'down'] as const) {
          const next = stepFrom(subject.values[component], direction, steps);
          if (next === null) continue;
          const changed = moved(subject, component, next);
          if (changed === null) continue;
          const order = isAbove ? rowOrder(changed, below) : rowOrder(above, changed);
          if (order > 0) fragile.push({ above: above.id, below: below.id, component, featureId: subject.id, direction });
        }
      }
    }
  }
  return { anchors, fragile };
}
