import { useCallback, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import {
  AGENDA_KEY, confidenceMap, metaMap, PI_KEY, piMap, readAgenda, readConfidence, readObjectives, readPiState, readRisks,
  type Agenda, type ConfidenceVote, type Objective, type PiState as PiNames, type Risk,
} from '@ladder/board-doc';
import { DocStore, storeFor, type DocPart } from '../room/docStore';

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

type Keys = { [K in keyof PiState]: string };
const PARTS = ['objectives', 'risks', 'votes', 'agenda', 'names'] as const satisfies readonly (keyof PiState)[];

/** The state with the JSON of each part: a part keeps its identity while its JSON is the same. */
interface Kept { state: PiState; keys: Keys }

const piPart: DocPart<Kept> = {
  read(doc, prev) {
    const next = readPi(doc);
    const keys = Object.fromEntries(PARTS.map((k) => [k, JSON.stringify(next[k])])) as Keys;
    if (!prev) return { state: next, keys };
    const same = (k: keyof PiState) => keys[k] === prev.keys[k];
    if (PARTS.every(same)) return prev;
    const state = Object.fromEntries(PARTS.map((k) => [k, same(k) ? prev.state[k] : next[k]])) as unknown as PiState;
    return { state, keys };
  },
  watch(doc, changed) {
    const deep = [piMap(doc, 'objectives'), piMap(doc, 'risks'), confidenceMap(doc)];
    const meta = metaMap(doc);
    const onMeta = (event: Y.YMapEvent<unknown>) => { if (event.keysChanged.has(AGENDA_KEY) || event.keysChanged.has(PI_KEY)) changed(); };
    for (const map of deep) map.observeDeep(changed);
    meta.observe(onMeta);
    return () => {
      for (const map of deep) map.unobserveDeep(changed);
      meta.unobserve(onMeta);
    };
  },
};

const stores = new WeakMap<Y.Doc, DocStore<Kept>>();
const storeOf = (doc: Y.Doc) => storeFor(stores, doc, piPart);

/** One part of the room's PI state, re-rendering only when that part changes. */
export function usePi<K extends keyof PiState>(doc: Y.Doc, part: K): PiState[K] {
  const store = storeOf(doc);
  const get = useCallback(() => store.getSnapshot().state[part], [store, part]);
  return useSyncExternalStore(store.subscribe, get);
}

/** How many risks are not ROAMed yet (status open), for the toolbar, the tab and the presenter. */
export function useOpenRisks(doc: Y.Doc): number {
  const store = storeOf(doc);
  const get = useCallback(() => store.getSnapshot().state.risks.filter((r) => r.status === 'open').length, [store]);
  return useSyncExternalStore(store.subscribe, get);
}
