import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from 'pino';
import { runHook, type Author, type Plugin } from '../plugins';
import type { Storage } from '../storage/types';
import { CLOSE } from '../close-codes';
import { awarenessMessage, checkUpdate, FrameError, isEmptyUpdate, updateMessage } from './protocol';
import { SerialQueue } from './queue';

/** What a room needs from a connection: an identity to skip when broadcasting, and a way to send. */
export interface RoomPeer {
  send(frame: Uint8Array): void;
}

/** The origin of every transaction the server applies: which stored update it was and who sent it. */
export interface CommitOrigin {
  kind: 'commit';
  seq: number;
  at: number;
  author: Author;
  sender: RoomPeer | null;
}

export function isCommitOrigin(origin: unknown): origin is CommitOrigin {
  return typeof origin === 'object' && origin !== null && (origin as CommitOrigin).kind === 'commit';
}

export interface RoomOptions {
  storage: Storage;
  plugins: readonly Plugin[];
  logger: Logger;
  snapshotEvery: number;
  /** Awareness changes are batched and broadcast once per this many ms. */
  awarenessFlushMs?: number;
}

/**
 * One live room: its document, awareness and peers. Every change goes through `queue`, one at a time:
 * stored first, then applied, then broadcast.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<RoomPeer>();
  readonly queue = new SerialQueue();
  /** Seq of the latest snapshot (0: none). */
  lastSnapshotSeq = 0;
  #changedClients = new Set<number>();
  #awarenessTimer: NodeJS.Timeout | null = null;
  #destroyed = false;

  constructor(readonly id: string, private readonly options: RoomOptions) {
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const frame = updateMessage(update);
      const sender = isCommitOrigin(origin) ? origin.sender : null;
      for (const peer of this.peers) if (peer !== sender) peer.send(frame);
    });
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      for (const id of [...added, ...updated, ...removed]) this.#changedClients.add(id);
      this.#awarenessTimer ??= setTimeout(() => this.#flushAwareness(), options.awarenessFlushMs ?? 20);
    });
  }

  #flushAwareness(): void {
    this.#awarenessTimer = null;
    if (this.#changedClients.size === 0 || this.#destroyed) return;
    const frame = awarenessMessage(this.awareness, [...this.#changedClients]);
    this.#changedClients.clear();
    for (const peer of this.peers) peer.send(frame);
  }

  /**
   * Stores an update, then applies and broadcasts it, then runs the `onUpdate` hooks. Must run inside `queue`.
   * Throws FrameError for an update Yjs cannot read; resolves to its seq (null for an empty update).
   */
  async commit(update: Uint8Array, author: Author, sender: RoomPeer | null): Promise<number | null> {
    if (isEmptyUpdate(update)) return null;
    checkUpdate(update);
    const { storage, plugins } = this.options;
    const ctx = { roomId: this.id, doc: this.doc, storage, update, author };
    await runHook(plugins, 'onStoreUpdate', ctx);
    const at = Date.now();
    const seq = await storage.appendUpdate(this.id, { at, participantId: author.participantId, update });
    const origin: CommitOrigin = { kind: 'commit', seq, at, author, sender };
    let failed = false;
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (error) {
      // Yjs threw part-way: what it integrated was broadcast, and replaying the log repeats exactly this,
      // so the room stays consistent. The sender is cut off below.
      failed = true;
      this.options.logger.warn({ err: error, roomId: this.id, seq }, 'an update failed part-way through applying');
    }
    await runHook(plugins, 'onUpdate', { ...ctx, seq, at });
    if (seq - this.lastSnapshotSeq >= this.options.snapshotEvery) await this.snapshot(seq, at);
    if (failed) throw new FrameError(CLOSE.BAD_UPDATE, 'bad_update', 'The document update could not be applied; reload the page to resync.');
    return seq;
  }

  /** Stores the whole state, including updates still waiting for missing parts, as of `seq`. */
  async snapshot(seq: number, at: number): Promise<void> {
    const { pendingStructs, pendingDs } = this.doc.store;
    const parts = [Y.encodeStateAsUpdate(this.doc)];
    if (pendingStructs) parts.push(pendingStructs.update);
    if (pendingDs) parts.push(pendingDs);
    const state = parts.length === 1 ? (parts[0] as Uint8Array) : Y.mergeUpdates(parts);
    await this.options.storage.writeSnapshot(this.id, { seq, at, state });
    this.lastSnapshotSeq = seq;
  }

  /**
   * A change made by the server on someone's behalf (an import): `change` runs on a copy of the document in one
   * transaction, and the resulting update goes through `commit` like any client's.
   */
  edit<T>(author: Author, change: (doc: Y.Doc) => T): Promise<{ result: T; seq: number | null }> {
    return this.queue.run(async () => {
      const scratch = new Y.Doc();
      try {
        Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc));
        const updates: Uint8Array[] = [];
        scratch.on('update', (update: Uint8Array) => updates.push(update));
        const result = scratch.transact(() => change(scratch));
        const update = updates.length === 0 ? null : updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
        const seq = update ? await this.commit(update, author, null) : null;
        return { result, seq };
      } finally {
        scratch.destroy();
      }
    });
  }

  get destroyed(): boolean {
    return this.#destroyed;
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    if (this.#awarenessTimer) clearTimeout(this.#awarenessTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
