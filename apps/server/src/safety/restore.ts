import * as Y from 'yjs';
import { canvasArray, featuresMap, metaMap } from '@ladder/board-doc';
import { featureMapOf } from './fixes';
import { plainOf, plainValue } from './rules';

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** What a restore changed: features created, deleted or changed, settings changed, and whether the canvas was replaced. */
export interface RestoreSummary {
  created: number;
  deleted: number;
  changed: number;
  meta: number;
  canvas: boolean;
}

/** Makes one map's plain entries equal `target` (only the keys that differ are written). */
function syncMap(map: Y.Map<unknown>, target: Record<string, unknown>): number {
  let writes = 0;
  for (const key of [...map.keys()]) {
    if (!(key in target)) {
      map.delete(key);
      writes++;
    }
  }
  for (const [key, value] of Object.entries(target)) {
    if (!map.has(key) || !same(plainValue(map.get(key)), value)) {
      map.set(key, value);
      writes++;
    }
  }
  return writes;
}

/**
 * Turns `doc`'s features, settings and canvas into what they are in `past`, writing only the differences
 * (to be run inside one transaction, so the restore is one change).
 */
export function restoreInto(doc: Y.Doc, past: Y.Doc): RestoreSummary {
  const summary: RestoreSummary = { created: 0, deleted: 0, changed: 0, meta: 0, canvas: false };
  const features = featuresMap(doc);
  const pastFeatures = featuresMap(past);
  for (const id of [...features.keys()]) {
    if (!(pastFeatures.get(id) instanceof Y.Map)) {
      features.delete(id);
      summary.deleted++;
    }
  }
  pastFeatures.forEach((pastMap, id) => {
    if (!(pastMap instanceof Y.Map)) return;
    const target = plainOf(pastMap);
    const current = features.get(id) as unknown;
    if (current instanceof Y.Map) {
      if (syncMap(current, target) > 0) summary.changed++;
    } else {
      features.set(id, featureMapOf(target) as Y.Map<unknown>);
      summary.created++;
    }
  });
  summary.meta = syncMap(metaMap(doc), plainOf(metaMap(past)));
  const canvas = canvasArray(doc);
  const pastCanvas = canvasArray(past).toArray();
  if (!same(canvas.toArray(), pastCanvas)) {
    canvas.delete(0, canvas.length);
    canvas.insert(0, pastCanvas.map((entry) => JSON.parse(JSON.stringify(entry)) as { key: string; val: unknown }));
    summary.canvas = true;
  }
  return summary;
}
