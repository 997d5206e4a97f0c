import * as Y from 'yjs';
import { featuresMap, metaMap, readMeta } from '@ladder/board-doc';
import { FACILITATOR_SETTINGS, featureProblem, metaProblem, plainValue, type Plain, type Violation } from './rules';

/** A new feature map holding `fields`. */
export function featureMapOf(fields: Plain): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [field, value] of Object.entries(fields)) if (value !== null && value !== undefined) map.set(field, value);
  return map;
}

/**
 * Applies the fixes of `violations` to `doc` (one transaction, run by the caller), each only while the value is
 * still invalid: a valid value written since by someone else stays. Answers how many fixes were applied.
 */
export function applyFixes(doc: Y.Doc, violations: readonly Violation[]): number {
  const features = featuresMap(doc);
  const meta = metaMap(doc);
  const { scale } = readMeta(doc);
  let applied = 0;
  for (const v of violations) {
    if (v.featureId === null) {
      if (v.field === null) continue;
      const current = meta.has(v.field) ? plainValue(meta.get(v.field)) : undefined;
      // A setting only the facilitator may change is put back while it still holds the refused value.
      const stillBad = FACILITATOR_SETTINGS.has(v.field)
        ? JSON.stringify(current ?? null) === JSON.stringify(v.value ?? null)
        : current !== undefined ? metaProblem(v.field, current) !== null : v.fix.op === 'set';
      if (!stillBad) continue;
      if (v.fix.op === 'set') meta.set(v.field, v.fix.value);
      else meta.delete(v.field);
      applied++;
      continue;
    }
    const entry = features.get(v.featureId) as unknown;
    if (v.fix.op === 'feature') {
      if (entry instanceof Y.Map || entry === undefined) continue;
      if (v.fix.fields) features.set(v.featureId, featureMapOf(v.fix.fields) as Y.Map<unknown>);
      else features.delete(v.featureId);
      applied++;
      continue;
    }
    if (!(entry instanceof Y.Map) || v.field === null || !entry.has(v.field)) continue;
    if (featureProblem(v.featureId, v.field, entry.get(v.field), scale) === null) continue;
    if (v.fix.op === 'set') entry.set(v.field, v.fix.value);
    else entry.delete(v.field);
    applied++;
  }
  return applied;
}
