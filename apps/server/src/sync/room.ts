import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from 'pino';
import { runHook, type Author, type Plugin } from '../plugins';
import type { Storage } from '../storage/types';
import { CLOSE } from '../close-codes';
import { DEFAULT_BROADCAST, RoomBroadcaster, type BroadcastOptions } from './broadcast';
import { KnownState } from './known';
import { checkUpdate, FrameError, isEmptyUpdate, syncStep2Message } from './protocol';
import { SerialQueue } from './queue';

/** What a room needs from a connection: an identity to skip when broadcasting, and a way to send. */
export interface RoomPeer {
  send(frame: Uint8Array): void;
  /** Bytes queued for this peer and not yet written (0 or absent when unknown). */
  readonly backlog?: number;
  /** Awareness client ids this peer set itself: never sent back to it. */
  readonly awarenessIds?: ReadonlySet<number>;
  /** Awareness client ids this peer added or removed (it is the origin of those changes). */
  ownAwareness?(added: readonly number[], removed: readonly number[]): void;
}

/** Sync step 2 answers kept per state vector until the document changes (a burst of rejoins shares them). */
const STEP2_CACHE_ENTRIES = 64;

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
  /** Batching of document updates and presence; defaults to `DEFAULT_BROADCAST`. */
  broadcast?: BroadcastOptions;
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
  readonly broadcaster: RoomBroadcaster;
  readonly #step2 = new Map<string, Uint8Array>();
  readonly #known: KnownState;
  #destroyed = false;

  constructor(readonly id: string, private readonly options: RoomOptions) {
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.broadcaster = new RoomBroadcaster(this.peers, this.awareness, options.broadcast ?? DEFAULT_BROADCAST);
    this.#known = new KnownState(this.doc);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.#step2.clear();
      this.#known.invalidate();
      this.broadcaster.queueUpdate(update, isCommitOrigin(origin) ? origin.sender : null);
    });
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      (origin as RoomPeer | null)?.ownAwareness?.(added, removed);
      this.broadcaster.queuePresence([...added, ...updated, ...removed]);
    });
  }

  /** The sync step 2 message answering `stateVector`, computed once per distinct state vector until the document changes. */
  syncStep2(stateVector: Uint8Array): Uint8Array {
    const key = Buffer.from(stateVector.buffer, stateVector.byteOffset, stateVector.byteLength).toString('base64');
    let frame = this.#step2.get(key);
    if (!frame) {
      frame = syncStep2Message(this.doc, stateVector);
      if (this.#step2.size >= STEP2_CACHE_ENTRIES) this.#step2.clear();
      this.#step2.set(key, frame);
    }
    return frame;
  }

  /**
   * Stores an update, then applies and broadcasts it, then runs the `onUpdate` hooks. Must run inside `queue`.
   * Throws FrameError for an update Yjs cannot read; resolves to its seq (null for an empty update).
   */
  async commit(update: Uint8Array, author: Author, sender: RoomPeer | null): Promise<number | null> {
    if (isEmptyUpdate(update)) return null;
    checkUpdate(update);
    // Nothing new (e.g. a rejoining client's answer to sync step 1): nothing to store or send.
    if (this.#known.holds(update)) return null;
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
    this.broadcaster.destroy();
    this.#step2.clear();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
