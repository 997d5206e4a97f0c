import * as Y from 'yjs';
import { rankingOf, type RankingRow } from '@ladder/board-doc';
import { BadRequestError } from '../errors';
import type { Storage } from '../storage/types';

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
        Y.applyUpdate(doc, snapshot.state);
        at = snapshot.at;
      }
      const updates = await storage.updatesInRange(roomId, snapshot?.seq ?? 0, seq);
      doc.transact(() => {
        for (const stored of updates) {
          try {
            Y.applyUpdate(doc, stored.update);
          } catch {
            // A stored update that does not apply is skipped, as when the room is loaded.
          }
          at = stored.at;
        }
      });
    }
    return { seq, at, doc };
  } catch (error) {
    doc.destroy();
    throw error;
  }
}

/** The room as it was after update `seq` (or at time `at`): its ranking, as `GET …/ranking` answers. */
export async function roomStateAt(storage: Storage, roomId: string, target: StateTarget): Promise<RoomState> {
  const { seq, at, doc } = await docAt(storage, roomId, target);
  try {
    return { seq, at, features: rankingOf(doc) };
  } finally {
    doc.destroy();
  }
}
