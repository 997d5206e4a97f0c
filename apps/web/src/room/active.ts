import { useSyncExternalStore } from 'react';
import type { RankingRow } from '@ladder/board-doc';
import type { RankMoveMark, RoomModel, RoomSnapshot } from './model';

// Canvas shapes render inside tldraw (and in its export renderer), outside our React context:
// they reach the open room through this module instead.

let active: RoomModel | null = null;
const listeners = new Set<() => void>();
let unsubscribe: (() => void) | null = null;

export function setActiveRoom(model: RoomModel | null): void {
  unsubscribe?.();
  unsubscribe = null;
  active = model;
  if (model) unsubscribe = model.subscribe(() => { for (const fn of listeners) fn(); });
  for (const fn of listeners) fn();
}

export function getActiveRoom(): RoomModel | null {
  return active;
}

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function snapshotOf(): RoomSnapshot | null {
  return active?.getSnapshot() ?? null;
}

export function useActiveSnapshot(): RoomSnapshot | null {
  return useSyncExternalStore(subscribe, snapshotOf);
}

/** The live ranking row of one feature, or null when it does not exist (deleted, not synced yet). */
export function useFeatureRow(featureId: string): RankingRow | null {
  return useSyncExternalStore(subscribe, () => active?.getSnapshot().byId.get(featureId) ?? null);
}

const NO_SCALE: readonly number[] = [];

/** The room's estimate scale (same array until it changes). */
export function useScale(): readonly number[] {
  return useSyncExternalStore(subscribe, () => active?.getSnapshot().meta.scale ?? NO_SCALE);
}

/** The latest rank move of a feature, if any. */
export function useMoveMark(featureId: string): RankMoveMark | null {
  return useSyncExternalStore(subscribe, () => active?.getSnapshot().moves.get(featureId) ?? null);
}

/**
 * One value of a feature's live row (a primitive, so a card part re-renders only when that value changes);
 * undefined when the feature does not exist.
 */
export function useRowValue<T extends string | number | boolean | null | undefined>(featureId: string, pick: (row: RankingRow) => T): T | undefined {
  return useSyncExternalStore(subscribe, () => {
    const row = active?.getSnapshot().byId.get(featureId);
    return row ? pick(row) : undefined;
  });
}
