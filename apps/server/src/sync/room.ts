import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from 'pino';
import { decide, runHook, type Author, type CommitContext, type Plugin } from '../plugins';
import type { HistoryEvent, Storage } from '../storage/types';
import { CLOSE } from '../close-codes';
import { DEFAULT_BROADCAST, RoomBroadcaster, type BroadcastOptions } from './broadcast';
import { KnownState } from './known';
import { checkUpdate, FrameError, isEmptyUpdate, syncStep2Message } from './protocol';
import { SerialQueue } from './queue';
import { STRUCTURE_LIMITS, StructureCheck, UNKNOWN_DEPENDENCY } from './structure';

/** What a room needs from a connection: an identity to skip when broadcasting, and a way to send. */
export interface RoomPeer {
  send(frame: Uint8Array): void;
  /** Bytes queued for this peer and not yet written (0 or absent when unknown). */
  readonly backlog?: number;
  /** Awareness client ids this peer set itself: never sent back to it. */
  readonly awarenessIds?: ReadonlySet<number>;
  /** Awareness client ids this peer added or removed (it is the origin of those changes). */
  ownAwareness?(added: readonly number[], removed: readonly number[]): void;
  /** Ends the connection (the room could not keep its document consistent with storage). */
  close?(code: number, reason: string): void;
}

/** An update waiting for the next group commit, and who waits for its seq. */
interface Incoming {
  update: Uint8Array;
  author: Author;
  sender: RoomPeer | null;
  /** History events of the server's own change, stored in its commit's transaction with its seq and time. */
  events?: (seq: number, at: number) => HistoryEvent[];
  resolve(seq: number | null): void;
  reject(error: unknown): void;
  /** When it started waiting for items it builds on (see `#wait`). */
  waitingSince?: number;
}

/**
 * How an update that builds on items the server does not have yet waits for them: at most this long, checked again
 * after every commit and every pause, at most this many per sender.
 */
const DEPENDENCY_WAIT = { maxMs: 3000, pauseMs: 250, perSender: 32 } as const;

/** Options of `Room.edit`. */
export interface EditOptions<T> {
  /** History events recording the change itself (a restore, a revert): stored in the same transaction as its update. */
  events?: (result: T, seq: number, at: number) => HistoryEvent[];
}

/** What `Room.#applyAndDecide` answers. */
type Applied<T> = ({ result: T } | { error: unknown }) & { update: Uint8Array | null; compensated: boolean };

/** Client ids of the server's own writes: 1 … 65535 (a client's random 32-bit id is larger with odds of 65,535 in 65,536). */
const SERVER_CLIENT_ID_MIN = 1;
const SERVER_CLIENT_ID_SPAN = 0xffff;

/** The origin of the transaction that fills a room's document from storage. */
export const LOAD_ORIGIN = 'load';

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
  /** Called once when a batch failed after it was applied: the room is out of step with storage and must be dropped. */
  onFailed?: (room: Room) => void;
  /** Bytes of the document past which client updates are refused; defaults to `STRUCTURE_LIMITS.maxRoomBytes`. */
  maxRoomBytes?: number;
}

/**
 * One live room: its document, awareness and peers. Every change goes through `queue`, one at a time. Client updates
 * are committed in groups: those that arrive within one tick are stored in one transaction (with their history
 * events), and only then broadcast and acknowledged.
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
  #failed = false;
  #incoming: Incoming[] = [];
  #batchTimer: NodeJS.Timeout | null = null;
  #batchImmediate: NodeJS.Immediate | null = null;
  #batchQueued = false;
  /** Client updates waiting for items they build on (see `#wait`). */
  #waiting: Incoming[] = [];
  #waitTimer: NodeJS.Timeout | null = null;
  /** The server's client id in this room (see the constructor). */
  readonly #clientId: number;
  /** The document's size in bytes, at most: what it was loaded with plus every update since (measured when it nears the quota). */
  #bytes = 0;

  constructor(readonly id: string, private readonly options: RoomOptions) {
    // The server writes with a small client id: where a person's write and the server's (a compensation, a restore)
    // are concurrent at the same place, Yjs orders the higher id last, so the person's write is the one that stays.
    this.#clientId = SERVER_CLIENT_ID_MIN + Math.floor(Math.random() * SERVER_CLIENT_ID_SPAN);
    this.doc.clientID = this.#clientId;
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.broadcaster = new RoomBroadcaster(this.peers, this.awareness, options.broadcast ?? DEFAULT_BROADCAST,
      (error) => options.logger.error({ err: error, roomId: id }, 'sending updates or presence failed'));
    this.#known = new KnownState(this.doc);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.#step2.clear();
      this.#known.invalidate();
      // What the room was loaded with reaches each client through its sync step 2, never as a broadcast.
      if (origin === LOAD_ORIGIN) return;
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

  /** Counts what the document was loaded with towards the room's size quota. */
  noteLoadedBytes(bytes: number): void {
    this.#bytes += bytes;
  }

  /** Refuses a client update that would take the document past its size quota (measuring it when the estimate is over). */
  #checkQuota(update: Uint8Array): void {
    const max = this.options.maxRoomBytes ?? STRUCTURE_LIMITS.maxRoomBytes;
    if (this.#bytes + update.length <= max) return;
    this.#bytes = Y.encodeStateAsUpdate(this.doc).length;
    if (this.#bytes + update.length <= max) return;
    throw new FrameError(CLOSE.FRAME_TOO_LARGE, 'room_full',
      `This room has reached its size limit (${max} bytes): the facilitator can restore an earlier point, or start a new room.`);
  }

  /** Updates received and not yet committed. */
  get pendingIncoming(): number {
    return this.#incoming.length;
  }

  /** True once a batch failed after it was applied: the room is being dropped and reloaded from storage. */
  get failed(): boolean {
    return this.#failed;
  }

  /**
   * A client's update: committed with the others of its tick (see `commit`). Resolves to its seq once stored
   * (null when it changes nothing); rejects with FrameError for an update Yjs cannot read.
   */
  submit(update: Uint8Array, author: Author, sender: RoomPeer | null): Promise<number | null> {
    return new Promise((resolve, reject) => {
      if (this.#destroyed) {
        reject(new Error(`Room ${this.id} is unloaded.`));
        return;
      }
      this.#incoming.push({ update, author, sender, resolve, reject });
      this.#scheduleBatch();
    });
  }

  /** Puts the waiting updates into the queue now (before an unload or a shutdown, so none is left behind). */
  flushIncoming(): void {
    if (this.#incoming.length === 0 || this.#batchQueued) return;
    this.#clearBatchTimer();
    this.#batchQueued = true;
    void this.queue.run(() => this.#commitIncoming());
  }

  /**
   * Keeps a client's update that builds on items the server does not have yet (its sender's earlier update still on
   * its way, or another node's not yet received), to be checked again — in full — after the next commit or a pause;
   * false when it has waited long enough, or its sender has too many waiting.
   */
  #wait(item: Incoming, error: unknown): boolean {
    if (!(error instanceof FrameError) || error.code !== UNKNOWN_DEPENDENCY || item.sender === null || this.#destroyed) return false;
    item.waitingSince ??= Date.now();
    if (Date.now() - item.waitingSince > DEPENDENCY_WAIT.maxMs) return false;
    if (this.#waiting.filter((w) => w.sender === item.sender).length >= DEPENDENCY_WAIT.perSender) return false;
    this.#waiting.push(item);
    this.#waitTimer ??= setTimeout(() => {
      this.#waitTimer = null;
      this.#retryWaiting();
    }, DEPENDENCY_WAIT.pauseMs);
    return true;
  }

  /** Puts the waiting updates back in line, in the order they came. */
  #retryWaiting(): void {
    if (this.#waiting.length === 0 || this.#destroyed) return;
    this.#incoming.unshift(...this.#waiting.splice(0));
    this.#scheduleBatch();
  }

  #scheduleBatch(): void {
    if (this.#batchQueued || this.#batchTimer || this.#batchImmediate) return;
    const delay = this.broadcaster.nextDelayMs();
    const run = () => {
      this.#batchTimer = null;
      this.#batchImmediate = null;
      this.flushIncoming();
    };
    if (delay <= 0) this.#batchImmediate = setImmediate(run);
    else this.#batchTimer = setTimeout(run, delay);
  }

  #clearBatchTimer(): void {
    if (this.#batchTimer) clearTimeout(this.#batchTimer);
    if (this.#batchImmediate) clearImmediate(this.#batchImmediate);
    this.#batchTimer = null;
    this.#batchImmediate = null;
  }

  async #commitIncoming(): Promise<void> {
    this.#batchQueued = false;
    const batch = this.#incoming;
    this.#incoming = [];
    if (batch.length === 0) return;
    if (this.#destroyed) {
      for (const item of batch) item.reject(new Error(`Room ${this.id} is unloaded.`));
      return;
    }
    await this.#commitBatch(batch);
  }

  /**
   * Stores one update (with its history), then broadcasts it and runs the rest of the `onUpdate` work: a batch of one.
   * Must run inside `queue`. Throws FrameError for an update Yjs cannot read; resolves to its seq (null: no change).
   */
  commit(
    update: Uint8Array, author: Author, sender: RoomPeer | null, events?: (seq: number, at: number) => HistoryEvent[],
  ): Promise<number | null> {
    return new Promise((resolve, reject) => {
      void this.#commitBatch([{ update, author, sender, ...(events ? { events } : {}), resolve, reject }]);
    });
  }

  /**
   * Group commit. Each update is checked and offered to the `onStoreUpdate` hooks; the accepted ones get consecutive
   * seqs and are applied, and the `onUpdate` hooks run, inside the storage transaction, whose history events it
   * stores. Nothing is broadcast or acknowledged before the commit. Never rejects: each item is settled.
   */
  async #commitBatch(items: readonly Incoming[]): Promise<void> {
    const { storage, plugins, logger } = this.options;
    const accepted: Incoming[] = [];
    const structure = new StructureCheck(this.doc);
    for (const item of items) {
      try {
        if (isEmptyUpdate(item.update)) {
          item.resolve(null);
          continue;
        }
        checkUpdate(item.update);
        // Nothing new (e.g. a rejoining client's answer to sync step 1): nothing to store or send.
        if (this.#known.holds(item.update)) {
          item.resolve(null);
          continue;
        }
        // The server's own writes (sender null) are bounded by their callers; a client's by the quotas.
        const client = item.sender !== null;
        if (client) this.#checkQuota(item.update);
        const checked = structure.check(item.update, client);
        await runHook(plugins, 'onStoreUpdate', { roomId: this.id, doc: this.doc, storage, update: item.update, author: item.author });
        structure.accept(checked);
        accepted.push(item);
      } catch (error) {
        if (!this.#wait(item, error)) item.reject(error);
      }
    }
    if (accepted.length === 0 || this.#destroyed) {
      for (const item of accepted) item.reject(new Error(`Room ${this.id} is unloaded.`));
      return;
    }
    const at = Date.now();
    const history: HistoryEvent[] = [];
    const committed: (() => void)[] = [];
    const outcome = new Map<Incoming, unknown>();
    let applied = false;
    this.broadcaster.hold();
    let seqs: number[];
    // The rows storage writes once `prepare` has run: a compensated update is stored as its net effect.
    const rows = accepted.map((item) => ({ at, participantId: item.author.participantId, update: item.update }));
    const context = this.#commitContext(history, committed);
    try {
      seqs = await storage.appendUpdates(
        this.id,
        rows,
        async (reserved) => {
          applied = true;
          for (const [i, item] of accepted.entries()) {
            const seq = reserved[i] as number;
            const origin: CommitOrigin = { kind: 'commit', seq, at, author: item.author, sender: item.sender };
            const applied = this.#applyAndDecide(origin, (doc) => Y.applyUpdate(doc, item.update, origin), context);
            if (applied.compensated && applied.update) (rows[i] as { update: Uint8Array }).update = applied.update;
            if ('error' in applied) {
              // Yjs threw part-way: what it integrated is stored and sent, and replaying the log repeats exactly this,
              // so the room stays consistent. The sender is cut off.
              logger.warn({ err: applied.error, roomId: this.id, seq }, 'an update failed part-way through applying');
              outcome.set(item, new FrameError(CLOSE.BAD_UPDATE, 'bad_update', 'The document update could not be applied; reload the page to resync.'));
            }
            try {
              await runHook(plugins, 'onUpdate', { ...context(origin), storage, update: (rows[i] as { update: Uint8Array }).update });
            } catch (error) {
              // The update is stored and sent like the others; its sender is refused, as before batching.
              if (!outcome.has(item)) outcome.set(item, error);
            }
            if (item.events) history.push(...item.events(seq, at));
          }
          return history;
        },
      );
    } catch (error) {
      if (applied) this.#fail(error);
      else this.broadcaster.release();
      for (const item of accepted) item.reject(error);
      return;
    }
    this.broadcaster.release();
    for (const row of rows) this.#bytes += row.update.length;
    await this.#afterCommit(committed, seqs[seqs.length - 1] as number, at);
    // What this commit stored may be what a waiting update builds on.
    this.#retryWaiting();
    accepted.forEach((item, i) => {
      if (outcome.has(item)) item.reject(outcome.get(item));
      else item.resolve(seqs[i] as number);
    });
  }

  /** The parts of a commit context every step of one commit shares: its history and its after-commit work. */
  #commitContext(history: HistoryEvent[], committed: (() => void)[]): (origin: CommitOrigin) => CommitContext {
    return (origin) => ({
      roomId: this.id, doc: this.doc, author: origin.author, sender: origin.sender, seq: origin.seq, at: origin.at,
      record: (events) => history.push(...events),
      afterCommit: (fn) => committed.push(fn),
    });
  }

  /**
   * Makes `change` in one transaction with `origin`, and in the same transaction lets the plugins decide on what it
   * changed (`onDecide`: a refused value is changed back there and then, before anything is stored or sent). Answers
   * the change's result (or what it threw: what it wrote before that stays), the transaction's update (null: nothing
   * changed), and whether it was compensated: then that update is what storage keeps and everyone, its sender
   * included, receives, and the refused value appears in neither.
   */
  #applyAndDecide<T>(origin: CommitOrigin, change: (doc: Y.Doc) => T, context: (origin: CommitOrigin) => CommitContext): Applied<T> {
    let compensated = false;
    let update: Uint8Array | null = null;
    let outcome: { result: T } | { error: unknown } = { error: new Error('The change did not run.') };
    const grab = (u: Uint8Array, from: unknown) => {
      if (from === origin) update = update ? Y.mergeUpdates([update, u]) : u;
    };
    this.doc.on('update', grab);
    try {
      this.doc.transact((txn) => {
        try {
          outcome = { result: change(this.doc) };
        } catch (error) {
          outcome = { error };
        }
        decide(this.options.plugins, {
          ...context(origin), txn,
          compensate: () => {
            compensated = true;
            // The server wrote in this transaction too: it is not a remote one (Yjs would take our id for a stranger's).
            txn.local = true;
            // The sender gets the net effect too: it holds the refused value until then.
            origin.sender = null;
          },
        }, (error) => this.options.logger.error({ err: error, roomId: this.id, seq: origin.seq }, 'a policy check failed'));
      }, origin);
    } finally {
      this.doc.off('update', grab);
      // Yjs takes a new random id when a transaction that applied a client's update also wrote with ours ("another
      // client seems to be using it"); nobody else writes with it, so it is kept, and with it the small id.
      this.doc.clientID = this.#clientId;
    }
    return { ...outcome, update, compensated };
  }

  /** What follows a stored commit: the hooks' after-commit actions (each guarded), then a snapshot when one is due. */
  async #afterCommit(committed: readonly (() => void)[], last: number, at: number): Promise<void> {
    const { logger } = this.options;
    for (const fn of committed) {
      try {
        fn();
      } catch (error) {
        logger.error({ err: error, roomId: this.id }, 'a hook failed after a commit');
      }
    }
    if (last - this.lastSnapshotSeq >= this.options.snapshotEvery) {
      try {
        await this.snapshot(last, at);
      } catch (error) {
        logger.warn({ err: error, roomId: this.id, seq: last }, 'writing a snapshot failed (the log still holds every update)');
      }
    }
  }

  /** A batch was applied but not stored: drop what was not sent, cut everyone off, and let the room reload. */
  #fail(error: unknown): void {
    this.broadcaster.discard();
    if (this.#failed) return;
    this.#failed = true;
    this.options.logger.error({ err: error, roomId: this.id }, 'a batch of updates was applied but not stored: the room reloads');
    this.options.onFailed?.(this);
    for (const peer of [...this.peers]) {
      peer.close?.(CLOSE.TRY_AGAIN_LATER, 'The server could not store the latest changes; reconnect to resync.');
    }
  }

  /** Stores the whole state, including updates still waiting for missing parts, as of `seq`. */
  async snapshot(seq: number, at: number): Promise<void> {
    // Yjs's second encoding (it adds what waits for missing parts too) compresses far better than the first.
    const state = Y.encodeStateAsUpdateV2(this.doc);
    await this.options.storage.writeSnapshot(this.id, { seq, at, state, encoding: 'v2' });
    this.lastSnapshotSeq = seq;
  }

  /**
   * A change made by the server on someone's behalf (an import, a restore, a vote): `change` runs in the room's queue,
   * see `changeNow`.
   */
  change<T>(author: Author, change: (doc: Y.Doc) => T, options: EditOptions<T> = {}): Promise<{ result: T; seq: number | null }> {
    return this.queue.run(() => this.changeNow(author, change, options));
  }

  /**
   * Makes `change` on the live document in one transaction (no copy of the document: its cost is the change's own),
   * holding back the broadcast, then stores the update it made with the `onUpdate` hooks' history in one transaction;
   * only then is it sent. Storage failing leaves the document ahead of the log: the room is dropped and reloaded, as
   * for a failed batch. A change that throws part-way keeps (stores and sends) what it wrote, then rethrows. Must run
   * inside `queue`; resolves to the seq (null: nothing changed).
   */
  async changeNow<T>(author: Author, change: (doc: Y.Doc) => T, options: EditOptions<T> = {}): Promise<{ result: T; seq: number | null }> {
    if (this.#destroyed) throw new Error(`Room ${this.id} is unloaded.`);
    const { storage, plugins, logger } = this.options;
    const at = Date.now();
    // The seq is known once storage reserves it: history recorded before then takes it when it is stored.
    const origin: CommitOrigin = { kind: 'commit', seq: 0, at, author, sender: null };
    const early: HistoryEvent[] = [];
    const history: HistoryEvent[] = [];
    const committed: (() => void)[] = [];
    this.broadcaster.hold();
    const applied = this.#applyAndDecide(origin, change, this.#commitContext(early, committed));
    const failure = 'error' in applied ? { error: applied.error } : null;
    const result = 'result' in applied ? applied.result : (undefined as T);
    const update = applied.update;
    if (!update) {
      this.broadcaster.release();
      if (failure) throw failure.error;
      return { result, seq: null };
    }
    let seq: number;
    try {
      [seq] = await storage.appendUpdates(this.id, [{ at, participantId: author.participantId, update }], async ([reserved]) => {
        const n = reserved as number;
        origin.seq = n;
        history.push(...early.map((e) => ({ ...e, seq: n, at })));
        try {
          await runHook(plugins, 'onUpdate', { ...this.#commitContext(history, committed)(origin), storage, update });
        } catch (error) {
          logger.error({ err: error, roomId: this.id, seq: n }, 'a hook failed on a server change (the change is stored)');
        }
        if (!failure && options.events) history.push(...options.events(result, n, at));
        return history;
      }) as [number];
    } catch (error) {
      this.#fail(error);
      throw error;
    }
    this.broadcaster.release();
    this.#bytes += update.length;
    await this.#afterCommit(committed, seq, at);
    if (failure) throw failure.error;
    return { result, seq };
  }

  get destroyed(): boolean {
    return this.#destroyed;
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#clearBatchTimer();
    for (const item of this.#incoming.splice(0)) item.reject(new Error(`Room ${this.id} is unloaded.`));
    for (const item of this.#waiting.splice(0)) item.reject(new Error(`Room ${this.id} is unloaded.`));
    if (this.#waitTimer) clearTimeout(this.#waitTimer);
    this.broadcaster.destroy();
    this.#step2.clear();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
