import { useCallback, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import {
  AGENDA_KEY, confidenceMap, metaMap, PI_KEY, piMap, readAgenda, readConfidence, readObjectives, readPiState, readRisks,
  type Agenda, type ConfidenceVote, type Objective, type PiState as PiNames, type Risk,
} from '@ladder/board-doc';

// The PI's part of a room's document — objectives, risks, the public state of confidence votes, the agenda and the
// PI's name with the earlier PIs' (`meta.pi`) — read
// at most once a frame after one of them changes, however many components read it (the toolbar's count, the header's
// clock, the PI view, the presenter). Each part keeps its identity until it differs, so a reader of one part re-renders
// only when that part changes.

export interface PiState {
  objectives: Objective[];
  risks: Risk[];
  votes: ConfidenceVote[];
  agenda: Agenda | null;
  /** The current PI's name and the earlier ones (`meta.pi`), null while the room's PI has no name. */
  names: PiNames | null;
}

/** The PI's part of a document as it is now (the replay's past documents are read this way). */
export function readPi(doc: Y.Doc): PiState {
  return { objectives: readObjectives(doc), risks: readRisks(doc), votes: readConfidence(doc), agenda: readAgenda(doc), names: readPiState(doc) };
}

const frame = (fn: () => void): (() => void) => {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(fn);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(fn, 16);
  return () => clearTimeout(id);
};

type Keys = { [K in keyof PiState]: string };

class PiStore {
  private state: PiState | null = null;
  private keys: Keys | null = null;
  private readonly listeners = new Set<() => void>();
  private stop: (() => void) | null = null;
  private pending: (() => void) | null = null;

  constructor(private readonly doc: Y.Doc) {}

  private read(): PiState {
    const next = readPi(this.doc);
    const keys: Keys = {
      objectives: JSON.stringify(next.objectives), risks: JSON.stringify(next.risks), votes: JSON.stringify(next.votes), agenda: JSON.stringify(next.agenda), names: JSON.stringify(next.names),
    };
    const prev = this.state;
    const old = this.keys;
    this.keys = keys;
    if (!prev || !old) return next;
    const same = (k: keyof PiState) => keys[k] === old[k];
    if (same('objectives') && same('risks') && same('votes') && same('agenda') && same('names')) return prev;
    return {
      objectives: same('objectives') ? prev.objectives : next.objectives,
      risks: same('risks') ? prev.risks : next.risks,
      votes: same('votes') ? prev.votes : next.votes,
      agenda: same('agenda') ? prev.agenda : next.agenda,
      names: same('names') ? prev.names : next.names,
    };
  }

  getSnapshot = (): PiState => {
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
    const deep = [piMap(this.doc, 'objectives'), piMap(this.doc, 'risks'), confidenceMap(this.doc)];
    const meta = metaMap(this.doc);
    const onMeta = (event: Y.YMapEvent<unknown>) => { if (event.keysChanged.has(AGENDA_KEY) || event.keysChanged.has(PI_KEY)) changed(); };
    for (const map of deep) map.observeDeep(changed);
    meta.observe(onMeta);
    this.stop = () => {
      for (const map of deep) map.unobserveDeep(changed);
      meta.unobserve(onMeta);
    };
    // Whatever changed before the first listener came is read now.
    this.state = this.read();
  }
}

const stores = new WeakMap<Y.Doc, PiStore>();

function storeOf(doc: Y.Doc): PiStore {
  let store = stores.get(doc);
  if (!store) {
    store = new PiStore(doc);
    stores.set(doc, store);
  }
  return store;
}

/** One part of the room's PI state, re-rendering only when that part changes. */
export function usePi<K extends keyof PiState>(doc: Y.Doc, part: K): PiState[K] {
  const store = storeOf(doc);
  const get = useCallback(() => store.getSnapshot()[part], [store, part]);
  return useSyncExternalStore(store.subscribe, get);
}

/** How many risks are not ROAMed yet (status open), for the toolbar, the tab and the presenter. */
export function useOpenRisks(doc: Y.Doc): number {
  const store = storeOf(doc);
  const get = useCallback(() => store.getSnapshot().risks.filter((r) => r.status === 'open').length, [store]);
  return useSyncExternalStore(store.subscribe, get);
}
