import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { featuresMap, PLAN_ROOTS, planMap, readPlan, type Plan, type RankingRow } from '@ladder/board-doc';
import { planGrid, type PlanGrid } from './grid';

// The plan of a room's document, read once per change (however many screens read it): `readPlan` runs at most once a
// frame after the features or the plan's roots change, and the same object is handed out until the plan differs.

interface PlanState {
  plan: Plan;
  /** The iteration each placed feature is planned in (its name), for the ranking's chips. */
  planned: ReadonlyMap<string, string>;
}

const frame = (fn: () => void): (() => void) => {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(fn);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(fn, 16);
  return () => clearTimeout(id);
};

class PlanStore {
  private state: PlanState | null = null;
  private key = '';
  private readonly listeners = new Set<() => void>();
  private stop: (() => void) | null = null;
  private pending: (() => void) | null = null;

  constructor(private readonly doc: Y.Doc) {}

  private read(): PlanState {
    const plan = readPlan(this.doc);
    const key = JSON.stringify(plan);
    if (this.state && key === this.key) return this.state;
    this.key = key;
    const names = new Map(plan.iterations.map((i) => [i.id, i.name]));
    return { plan, planned: new Map(plan.placements.map((p) => [p.id, names.get(p.iteration) ?? p.iteration])) };
  }

  getSnapshot = (): PlanState => {
    // Read at once when nobody listens (the document is not observed then, so a kept copy could be stale).
    if (!this.state || this.listeners.size === 0) this.state = this.read();
    return this.state;
  };

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    if (!this.stop) this.observe();
    return () => {
      this.listeners.delete(fn);
      if (this.listeners.size > 0) return;
      this.stop?.();
      this.stop = null;
      this.pending?.();
      this.pending = null;
    };
  };

  private observe(): void {
    const changed = () => {
      if (this.pending) return;
      this.pending = frame(() => {
        this.pending = null;
        if (this.doc.isDestroyed) return;
        const next = this.read();
        if (next === this.state) return;
        this.state = next;
        for (const fn of this.listeners) fn();
      });
    };
    const maps = [featuresMap(this.doc), ...PLAN_ROOTS.map((root) => planMap(this.doc, root))];
    for (const map of maps) map.observeDeep(changed);
    this.stop = () => { for (const map of maps) map.unobserveDeep(changed); };
    // Whatever changed before the first listener came is read now.
    this.state = this.read();
  }
}

const stores = new WeakMap<Y.Doc, PlanStore>();

function storeOf(doc: Y.Doc): PlanStore {
  let store = stores.get(doc);
  if (!store) {
    store = new PlanStore(doc);
    stores.set(doc, store);
  }
  return store;
}

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
