import * as Y from 'yjs';
import type { Storage } from '../storage/types';
import { applyStored, docAt, resolveTarget, type DocAt } from './state';

/** Replay documents kept per storage (least recently used first out). */
export const DEFAULT_CURSORS = 4;
/** A kept document is moved forward when it is at most this many updates behind; farther, the nearest snapshot is faster. */
export const CURSOR_REACH = 500;

interface Cursor {
  roomId: string;
  seq: number;
  at: number;
  doc: Y.Doc;
}

/**
 * Replay documents positioned at the seqs last asked for. Replay asks for the document after successive seqs (play)
 * or nearby ones (scrubbing); moving a kept document forward by the few updates in between saves decoding the nearest
 * snapshot and replaying the updates after it for each step. The log is immutable, so a kept document stays right.
 */
export class DocCursors {
  readonly #cursors: Cursor[] = [];

  constructor(private readonly storage: Storage, readonly capacity = DEFAULT_CURSORS) {}

  /**
   * Runs `read` on the document as it was after `seq` (as `docAt` gives it) and keeps the document for the next
   * call. `read` must not change it.
   */
  async read<T>(roomId: string, seq: number, read: (doc: Y.Doc, at: number) => T): Promise<T> {
    await resolveTarget(this.storage, roomId, { seq });
    let cursor = this.#take(roomId, seq);
    if (cursor) {
      try {
        const at = applyStored(cursor.doc, await this.storage.updatesInRange(roomId, cursor.seq, seq), cursor.at);
        cursor = { roomId, seq, at, doc: cursor.doc };
      } catch (error) {
        cursor.doc.destroy();
        throw error;
      }
    } else {
      const state: DocAt = await docAt(this.storage, roomId, { seq });
      cursor = { roomId, seq: state.seq, at: state.at, doc: state.doc };
    }
    try {
      return read(cursor.doc, cursor.at);
    } finally {
      this.#keep(cursor);
    }
  }

  /** Seqs of the kept documents, least recently used first. */
  positions(): Array<{ roomId: string; seq: number }> {
    return this.#cursors.map(({ roomId, seq }) => ({ roomId, seq }));
  }

  clear(): void {
    for (const cursor of this.#cursors.splice(0)) cursor.doc.destroy();
  }

  /** Removes and returns the kept document of the room closest behind `seq` within reach, if any. */
  #take(roomId: string, seq: number): Cursor | null {
    let best = -1;
    this.#cursors.forEach((c, i) => {
      if (c.roomId === roomId && c.seq <= seq && seq - c.seq <= CURSOR_REACH && (best < 0 || c.seq > (this.#cursors[best] as Cursor).seq)) best = i;
    });
    return best < 0 ? null : (this.#cursors.splice(best, 1)[0] as Cursor);
  }

  #keep(cursor: Cursor): void {
    this.#cursors.push(cursor);
    while (this.#cursors.length > this.capacity) (this.#cursors.shift() as Cursor).doc.destroy();
  }
}

/** The replay documents of one storage (one per server). */
