import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { ConflictAnswer } from '@ladder/wire';
import type { Plugin } from '../plugins';
import type { HistoryEvent, Storage } from '../storage/types';
import { DocCursors } from './doc-cursor';
import { BackgroundIndexer } from './indexing';
import { historyPage, type HistoryPageAnswer, type PageQuery } from './page';
import { roomStateAt, warmStateIndex, type RoomState, type StateSource, type StateTarget } from './state';
import { DEFAULT_INDEXED_ROOMS, StateIndexCache } from './state-cache';
import { SEGMENT_SEQS } from './state-index';
import { timelineOf, type TimelinePoint } from './timeline';

/** A decision note as `GET …/notes` answers it. */
export interface NoteAnswer {
  id: string;
  text: string;
  featureId: string | null;
  participantId: string | null;
  name: string;
  at: number;
  seq: number;
}

/** Conflicts listed at most (the newest). */
const MAX_CONFLICTS = 200;
const CUT_SHORT = /… \(\d+ characters\)$/;

export interface HistoryServiceOptions {
  logger?: Logger;
  /** Updates per segment of the state index (tests use short ones). */
  segmentSeqs?: number;
}

/**
 * Everything that reads a room's history, over one storage, with the server's replay caches: the ranking index of the
 * most recently asked rooms (`/history/state`, stored as it is built and kept up to date in the background as rooms
 * are written: `indexingPlugin`) and the replay documents (`/history/doc`). One per server, injected into the routes;
 * the events themselves are recorded at commit time (plugins/history.ts, safety, rooms).
 */
export class HistoryService {
  readonly #indexes: StateIndexCache;
  readonly #cursors: DocCursors;
  readonly #indexer: BackgroundIndexer;
  readonly #logger: Logger | undefined;
  #closed = false;

  constructor(private readonly storage: Storage, options: HistoryServiceOptions = {}) {
    const { logger, segmentSeqs = SEGMENT_SEQS } = options;
    this.#logger = logger;
    this.#indexes = new StateIndexCache(storage, DEFAULT_INDEXED_ROOMS, {
      segmentSeqs, onError: (error) => { if (!this.#closed) logger?.warn({ err: error }, 'a segment of the state index could not be stored or read'); },
    });
    this.#cursors = new DocCursors(storage);
    this.#indexer = new BackgroundIndexer(storage, this.#indexes, segmentSeqs, logger);
  }

  /** The plugin that keeps the stored state index of the rooms written through this server up to date. */
  indexingPlugin(): Plugin {
    return this.#indexer.plugin();
  }

  /** Resolves once the background indexing asked for so far is done. */
  indexingSettled(): Promise<void> {
    return this.#indexer.settled();
  }

  /** `/history`: one page of events, oldest first. */
  page(roomId: string, query: PageQuery): Promise<HistoryPageAnswer> {
    return historyPage(this.storage, roomId, query);
  }

  /** Every event of the room, oldest first (the exports). */
  events(roomId: string): Promise<HistoryEvent[]> {
    return this.storage.history(roomId);
  }

  /** `/history/state`: the room's ranking after update `seq` or at time `at`. */
  stateAt(roomId: string, target: StateTarget): Promise<RoomState> {
    return roomStateAt(this.storage, this.#indexes, roomId, target, (source: StateSource) => {
      this.#logger?.debug({ roomId, target, source }, 'history state answered');
    });
  }

  /** `/history/doc`: the whole document after update `seq`, as one Yjs update, and that update's time. */
  docAt(roomId: string, seq: number): Promise<{ at: number; update: Uint8Array }> {
    return this.#cursors.read(roomId, seq, (doc, at) => ({ at, update: Y.encodeStateAsUpdate(doc) }));
  }

  /** `/history/timeline`: every stored update after `afterSeq`, its author and the notes it wrote. */
  timeline(roomId: string, afterSeq: number): Promise<TimelinePoint[]> {
    return timelineOf(this.storage, roomId, afterSeq);
  }

  /** `GET /api/rooms/:roomId/notes`: every decision note, oldest first, from the history (no change removes one). */
  async notes(roomId: string): Promise<NoteAnswer[]> {
    return (await this.storage.history(roomId, { kind: 'note' })).map((e) => ({
      id: e.noteId ?? `${e.seq}`, text: String(e.to), featureId: e.featureId === '' ? null : e.featureId,
      participantId: e.participantId, name: e.name, at: e.at, seq: e.seq,
    }));
  }

  /**
   * `GET …/conflicts`: the newest conflicts of the room, oldest first, each with whether it is still open, read against
   * the live document through `current` (a feature field's value now; undefined when the feature is gone).
   */
  async conflicts(roomId: string, current: (featureId: string, field: string) => unknown): Promise<ConflictAnswer[]> {
    const events = (await this.storage.history(roomId, { kind: 'conflict' })).slice(-MAX_CONFLICTS);
    return events.filter((e) => e.field !== null).map((e) => {
      const now = current(e.featureId, e.field as string);
      return {
        seq: e.seq, at: e.at, participantId: e.participantId, name: e.name, featureId: e.featureId, field: e.field as string,
        kept: e.from ?? null, keptBy: e.keptBy ?? null, arriving: e.to ?? null,
        open: now !== undefined && JSON.stringify(now ?? null) === JSON.stringify(e.from ?? null),
        whole: !(typeof e.to === 'string' && CUT_SHORT.test(e.to)) && !(typeof e.to === 'object' && e.to !== null),
      };
    });
  }

  /** Starts indexing the room's states in the background (its history panel just opened). */
  warm(roomId: string, onError: (error: unknown) => void): void {
    warmStateIndex(this.storage, this.#indexes, roomId, onError);
  }

  /** The rooms whose index is kept, least recently used first (for tests). */
  indexedRooms(): string[] {
    return this.#indexes.rooms();
  }

  close(): void {
    this.#closed = true;
    this.#indexer.close();
    this.#indexes.clear();
    this.#cursors.clear();
  }
}
