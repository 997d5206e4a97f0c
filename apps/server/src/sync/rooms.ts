import * as Y from 'yjs';
import type { Logger } from 'pino';
import { runHook, type Plugin } from '../plugins';
import { applySnapshot } from '../storage/snapshot-codec';
import type { HistoryEvent, LoadedRoom, Storage } from '../storage/types';
import type { BroadcastOptions } from './broadcast';
import { LOAD_ORIGIN, Room } from './room';
import { StructureCheck } from './structure';

/** A stored update the room could not load: skipped, kept in the log, recorded in history once. */
interface Quarantined {
  seq: number;
  at: number;
  participantId: string | null;
  reason: string;
}

interface Entry {
  loading: Promise<Room | null>;
  refs: number;
}

/** Live rooms: loaded on first use, unloaded when the last user (connection or request) releases them. */
export class RoomManager {
  readonly #entries = new Map<string, Entry>();
  readonly #unloading = new WeakSet<Room>();
  /** The entry each live room was loaded into (a failed room's entry leaves the map before the room is unloaded). */
  readonly #entryOf = new WeakMap<Room, Entry>();

  constructor(private readonly options: {
    storage: Storage; plugins: readonly Plugin[]; logger: Logger; snapshotEvery: number; broadcast?: BroadcastOptions;
    /** Bytes of a room's document past which client updates are refused. */
    maxRoomBytes?: number;
  }) {}

  get loadedCount(): number {
    return this.#entries.size;
  }

  /** The live room, loading it when needed; null when the room does not exist. Pair with `release`. */
  async acquire(roomId: string): Promise<Room | null> {
    let entry = this.#entries.get(roomId);
    if (!entry) {
      entry = { loading: this.#load(roomId), refs: 0 };
      this.#entries.set(roomId, entry);
      const own = entry;
      own.loading.then(
        (room) => {
          if (room) this.#entryOf.set(room, own);
          else if (this.#entries.get(roomId) === own) this.#entries.delete(roomId);
        },
        () => { if (this.#entries.get(roomId) === own) this.#entries.delete(roomId); },
      );
    }
    entry.refs++;
    try {
      const room = await entry.loading;
      if (!room) entry.refs--;
      if (room?.failed) {
        // Out of step with storage: load it afresh.
        this.release(room);
        if (this.#entries.get(roomId) === entry) this.#entries.delete(roomId);
        return this.acquire(roomId);
      }
      return room;
    } catch (error) {
      entry.refs--;
      throw error;
    }
  }

  release(room: Room): void {
    const entry = this.#entryOf.get(room);
    if (!entry) return;
    entry.refs--;
    if (entry.refs > 0) return;
    // Updates still waiting for their group commit are stored before the room goes.
    room.flushIncoming();
    void room.queue.run(async () => {
      if (entry.refs > 0) return;
      if (this.#entries.get(room.id) === entry) this.#entries.delete(room.id);
      await this.#unload(room);
    }).catch((error: unknown) => this.options.logger.error({ err: error, roomId: room.id }, 'unloading a room failed'));
  }

  /** Runs `fn` with the live room held; null when the room does not exist. */
  async withRoom<T>(roomId: string, fn: (room: Room) => Promise<T> | T): Promise<T | null> {
    const room = await this.acquire(roomId);
    if (!room) return null;
    try {
      return await fn(room);
    } finally {
      this.release(room);
    }
  }

  /** Every live room (for shutdown). */
  async loaded(): Promise<Room[]> {
    const rooms = await Promise.all([...this.#entries.values()].map((e) => e.loading.catch(() => null)));
    return rooms.filter((r): r is Room => r !== null);
  }

  /** Waits for every room's queue, then unloads them all. */
  async shutdown(): Promise<void> {
    const rooms = await this.loaded();
    this.#entries.clear();
    for (const room of rooms) {
      room.flushIncoming();
      await room.queue.idle();
      await this.#unload(room);
    }
  }

  async #load(roomId: string): Promise<Room | null> {
    const { storage, plugins, logger, snapshotEvery, broadcast, maxRoomBytes } = this.options;
    const loaded = await storage.loadRoom(roomId);
    if (!loaded) return null;
    const room = new Room(roomId, {
      storage, plugins, logger, snapshotEvery, ...(broadcast ? { broadcast } : {}), ...(maxRoomBytes ? { maxRoomBytes } : {}),
      onFailed: (failed) => {
        const entry = this.#entryOf.get(failed);
        if (entry && this.#entries.get(roomId) === entry) this.#entries.delete(roomId);
      },
    });
    const quarantined = await this.#fill(room, loaded);
    if (quarantined.length > 0) await this.#recordQuarantine(roomId, quarantined);
    room.lastSnapshotSeq = loaded.snapshot?.seq ?? 0;
    const last = loaded.updates[loaded.updates.length - 1];
    if (last && last.seq - room.lastSnapshotSeq >= snapshotEvery) await room.snapshot(last.seq, last.at);
    try {
      await runHook(plugins, 'onLoadRoom', { roomId, doc: room.doc, awareness: room.awareness, storage });
    } catch (error) {
      room.destroy();
      throw error;
    }
    return room;
  }

  /**
   * Fills a room's document from storage. A stored update that breaks the document's shape or does not apply (written
   * before the server checked for it) is quarantined: kept in the log, skipped, and returned. A snapshot that holds
   * such a structure is passed over for the whole log.
   */
  async #fill(room: Room, loaded: LoadedRoom): Promise<Quarantined[]> {
    const { storage, logger } = this.options;
    const quarantined: Quarantined[] = [];
    let snapshot = loaded.snapshot;
    let updates = loaded.updates;
    if (snapshot) {
      try {
        new StructureCheck(room.doc).check(snapshot.state, false, snapshot.encoding);
      } catch (error) {
        logger.error({ err: error, roomId: room.id, seq: snapshot.seq }, 'a stored snapshot holds a structure the server refuses: replaying the whole log');
        updates = [...await storage.updatesInRange(room.id, 0, snapshot.seq), ...updates];
        snapshot = null;
      }
    }
    let bytes = snapshot?.state.length ?? 0;
    room.doc.transact(() => {
      if (snapshot) applySnapshot(room.doc, snapshot);
      for (const stored of updates) {
        try {
          new StructureCheck(room.doc).check(stored.update, false);
          Y.applyUpdate(room.doc, stored.update);
          bytes += stored.update.length;
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          logger.error({ err: error, roomId: room.id, seq: stored.seq }, 'quarantined a stored update the room cannot load');
          quarantined.push({ seq: stored.seq, at: stored.at, participantId: stored.participantId, reason });
        }
      }
    }, LOAD_ORIGIN);
    room.noteLoadedBytes(bytes);
    return quarantined;
  }

  /** Records each quarantined update once in the room's history (kind `quarantined`), so the facilitator sees it. */
  async #recordQuarantine(roomId: string, quarantined: readonly Quarantined[]): Promise<void> {
    const { storage, logger } = this.options;
    try {
      const recorded = new Set((await storage.history(roomId)).filter((e) => e.kind === 'quarantined').map((e) => e.seq));
      const events: HistoryEvent[] = quarantined.filter((q) => !recorded.has(q.seq)).map((q) => ({
        seq: q.seq, at: q.at, participantId: q.participantId, name: 'Ladder (set aside a change it cannot load)', kind: 'quarantined',
        featureId: '', field: null, from: null, to: { reason: q.reason.slice(0, 300) },
      }));
      if (events.length > 0) await storage.appendHistory(roomId, events);
    } catch (error) {
      logger.error({ err: error, roomId }, 'recording a quarantined update failed');
    }
  }

  async #unload(room: Room): Promise<void> {
    if (this.#unloading.has(room) || room.destroyed) return;
    this.#unloading.add(room);
    try {
      await runHook(this.options.plugins, 'onUnloadRoom', { roomId: room.id, doc: room.doc, storage: this.options.storage });
    } finally {
      room.destroy();
    }
  }
}
