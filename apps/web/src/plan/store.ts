import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { featuresMap, PLAN_ROOTS, planMap, readPlan, type Plan, type RankingRow } from '@ladder/board-doc';
import { DocStore, storeFor, type DocPart } from '../room/docStore';
import { planGrid, type PlanGrid } from './grid';

// The plan of a room's document, read once per change (however many screens read it): `readPlan` runs at most once a
// frame after the features or the plan's roots change, and the same object is handed out until the plan differs.

interface PlanState {
  plan: Plan;
  /** The iteration each placed feature is planned in (its name), for the ranking's chips. */
  planned: ReadonlyMap<string, string>;
  /** The plan as JSON: the same key, the same state. */
  key: string;
}

const planPart: DocPart<PlanState> = {
  read(doc, prev) {
    const plan = readPlan(doc);
    const key = JSON.stringify(plan);
    if (prev && key === prev.key) return prev;
    const names = new Map(plan.iterations.map((i) => [i.id, i.name]));
    return { plan, key, planned: new Map(plan.placements.map((p) => [p.id, names.get(p.iteration) ?? p.iteration])) };
  },
  watch(doc, changed) {
    const maps = [featuresMap(doc), ...PLAN_ROOTS.map((root) => planMap(doc, root))];
    for (const map of maps) map.observeDeep(changed);
    return () => { for (const map of maps) map.unobserveDeep(changed); };
  },
};

const stores = new WeakMap<Y.Doc, DocStore<PlanState>>();
const storeOf = (doc: Y.Doc) => storeFor(stores, doc, planPart);

/** The room's plan, re-read at most once a frame after a change. */
export function usePlan(doc: Y.Doc): Plan {
  const store = storeOf(doc);
  return useSyncExternalStore(store.subscribe, store.getSnapshot).plan;
}

/** The name of the iteration a feature is planned in, or null: the ranking row re-renders only when it changes. */
export function usePlannedIteration(doc: Y.Doc, featureId: string): string | null {
  const store = storeOf(doc);
  const get = useCallback(() => store.getSnapshot().planned.get(featureId) ?? null, [store, featureId]);
  return useSyncExternalStore(store.subscribe, get);
}

// Whether the planning board is open on this screen: the ranking's rows are dragged onto it only then.
let planOpen = false;
const openListeners = new Set<() => void>();
const subscribeOpen = (fn: () => void) => { openListeners.add(fn); return () => { openListeners.delete(fn); }; };

/** Marks the planning board open (or closed) on this screen. */
export function setPlanOpen(open: boolean): void {
  if (planOpen === open) return;
  planOpen = open;
  for (const fn of openListeners) fn();
}

export function usePlanOpen(): boolean {
  return useSyncExternalStore(subscribeOpen, () => planOpen);
}

/** The board's figures, once per change of the plan or the ranking. */
export function usePlanGrid(plan: Plan, ranking: readonly RankingRow[]): PlanGrid {
  return useMemo(() => planGrid(plan, ranking), [plan, ranking]);
}
