import type { Feature, FeaturePatch } from './types';
import { rankRows } from './ranking';

/** An edit not yet written: a patch of one feature, a new capacity, or both. */
export interface PendingEdit {
  featureId?: string;
  patch?: FeaturePatch;
  /** The new capacity (null clears it); absent keeps the current one. */
  capacity?: number | null;
}

export interface CommittedDrop {
  featureId: string;
  title: string;
  /** Rank before and after the edit (null when unscored). */
  from: number | null;
  to: number | null;
}

/**
 * The committed features that are above the cut line now and would not be after the edit, found by ranking the
 * features as they would be once it is written. Empty when the edit keeps every committed feature above the line,
 * or when no capacity is set (before or after).
 */
export function committedDrops(features: readonly Feature[], capacity: number | null, edit: PendingEdit): CommittedDrop[] {
  const nextCapacity = edit.capacity === undefined ? capacity : edit.capacity;
  if (capacity === null || nextCapacity === null) return [];
  const before = rankRows(features, capacity);
  const next = edit.featureId === undefined || edit.patch === undefined
    ? features
    : features.map((f) => (f.id === edit.featureId ? { ...f, ...edit.patch } : f));
  const after = new Map(rankRows(next, nextCapacity).map((r) => [r.id, r]));
  const out: CommittedDrop[] = [];
  for (const row of before) {
    const now = after.get(row.id);
    if (!row.committed || !row.inCapacity || !now || now.inCapacity) continue;
    if (edit.featureId === row.id && edit.patch?.committed === false) continue;
    out.push({ featureId: row.id, title: row.title, from: row.rank, to: now.rank });
  }
  return out;
}
