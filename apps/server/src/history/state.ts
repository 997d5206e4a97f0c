import * as Y from 'yjs';
import { rankingOf, type RankingRow } from '@ladder/board-doc';
import { BadRequestError } from '../errors';
import { applySnapshot } from '../storage/snapshot-codec';
import type { Storage } from '../storage/types';
import type { StateIndexCache } from './state-cache';

export type StateTarget = { seq: number } | { at: number };

export interface RoomState {
  seq: number;
  at: number;
  features: RankingRow[];
}

export interface DocAt {
  seq: number;
  at: number;
  /** The document as it was; the caller destroys it. */
  doc: Y.Doc;
}

/**
 * Applies stored updates in order in one transaction; returns the time of the last one (`at` when there is none). A
 * stored update that does not apply is skipped, as when the room is loaded.
 */
export function applyStored(doc: Y.Doc, updates: readonly { update: Uint8Array; at: number }[], at: number): number {
  let last = at;
  doc.transact(() => {
    for (const stored of updates) {
      try {
        Y.applyUpdate(doc, stored.update);
      } catch {
        // Skipped: see above.
      }
      last = stored.at;
    }
  });
  return last;
}

/**
 * The document as it was after update `seq` (or after every update stored at or before `at`): the nearest snapshot
 * at or before that seq plus the updates after it, never a replay from the start.
 */
export async function docAt(storage: Storage, roomId: string, target: StateTarget): Promise<DocAt> {
  let seq: number;
  let at = 0;
  if ('seq' in target) {
    const latest = await storage.latestSeq(roomId);
    if (target.seq > latest) throw new BadRequestError(`There is no update ${target.seq} yet; the latest is ${latest}.`, 'invalid_value');
    seq = target.seq;
  } else {
    const last = await storage.lastUpdateAtOrBefore(roomId, target.at);
    seq = last?.seq ?? 0;
    at = last?.at ?? 0;
  }
  const doc = new Y.Doc();
  try {
    if (seq > 0) {
      const snapshot = await storage.snapshotAtOrBefore(roomId, seq);
      if (snapshot) {
        applySnapshot(doc, snapshot);
        at = snapshot.at;
      }
      at = applyStored(doc, await storage.updatesInRange(roomId, snapshot?.seq ?? 0, seq), at);
    }
    return { seq, at, doc };
  } catch (error) {
    doc.destroy();
    throw error;
  }
}

/** Where a seq or time lands: the seq, and the latest seq of the room. A seq beyond the latest is a BadRequestError. */
export async function resolveTarget(storage: Storage, roomId: string, target: StateTarget): Promise<{ seq: number; latest: number }> {
  const latest = await storage.latestSeq(roomId);
  if ('seq' in target) {
    if (target.seq > latest) throw new BadRequestError(`There is no update ${target.seq} yet; the latest is ${latest}.`, 'invalid_value');
    return { seq: target.seq, latest };
  }
  const last = await storage.lastUpdateAtOrBefore(roomId, target.at);
  return { seq: last?.seq ?? 0, latest };
}

/** Starts (or continues) indexing the room's ranking at every seq in the background, e.g. when its history is opened. */
export function warmStateIndex(storage: Storage, indexes: StateIndexCache, roomId: string, onError: (error: unknown) => void = () => {}): void {
  void storage.latestSeq(roomId).then((latest) => indexes.get(roomId).extend(latest)).catch(onError);
}

/** Where an answer of `roomStateAt` came from: the index in memory, the index in storage, or a snapshot and the updates after it. */
export type StateSource = 'memory' | 'stored index' | 'snapshot';

/**
 * The room as it was after update `seq` (or at time `at`): its ranking, as `GET …/ranking` answers. Answered from
 * the room's state index when it covers that seq, in memory or in storage (no document to decode); otherwise from
 * the nearest snapshot plus the updates after it, while the index is built on in the background.
 */
export async function roomStateAt(
  storage: Storage, indexes: StateIndexCache, roomId: string, target: StateTarget, onSource: (source: StateSource) => void = () => {},
): Promise<RoomState> {
  const { seq, latest } = await resolveTarget(storage, roomId, target);
  const index = indexes.get(roomId);
  const inMemory = index.answer(seq);
  if (inMemory) {
    onSource('memory');
    return { seq, at: inMemory.at, features: inMemory.features };
  }
  const stored = await index.answerStored(seq);
  if (stored) {
    onSource('stored index');
    return { seq, at: stored.at, features: stored.features };
  }
  void index.extend(latest).catch(() => {
    // The index is an optimisation: a failed build leaves the snapshot path answering.
  });
  onSource('snapshot');
  const state = await docAt(storage, roomId, { seq });
  try {
    return { seq, at: state.at, features: rankingOf(state.doc) };
  } finally {
    state.doc.destroy();
  }
}
