import type { Logger } from 'pino';
import type { Plugin } from '../plugins';
import type { Storage } from '../storage/types';
import type { StateIndexCache } from './state-cache';
import { BUILD_SLICE_MS } from './state-index';

/**
 * Between two slices of background indexing the event loop is left alone this long: indexing takes at most about
 * half of it, and every socket and request waits at most one slice.
 */
const REST_MS = BUILD_SLICE_MS;

const rest = () => new Promise<void>((resolve) => setTimeout(resolve, REST_MS));

/**
 * Keeps the stored state index of the rooms this server writes to up to date, in the background: a room is indexed
 * once another segment's worth of updates is stored (the commit that ends a segment asks for it), and fully, its
 * last short segment included, when it goes idle (its last user left). One room at a time, in slices, after the
 * commits: never on the way of an update.
 */
export class BackgroundIndexer {
  /** Rooms waiting, and whether their last short segment is stored too. */
  readonly #waiting = new Map<string, { tail: boolean }>();
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    private readonly storage: Storage, private readonly indexes: StateIndexCache, private readonly segmentSeqs: number, private readonly logger?: Logger,
  ) {}

  /** Update `seq` of the room is stored. */
  committed(roomId: string, seq: number): void {
    if (seq % this.segmentSeqs === 0) this.#schedule(roomId, false);
  }

  /** Nobody uses the room any more: index it to the end. */
  idle(roomId: string): void {
    this.#schedule(roomId, true);
  }

  /** Resolves once every room asked for so far is indexed. */
  async settled(): Promise<void> {
    for (let queue = this.#queue; ; queue = this.#queue) {
      await queue;
      if (queue === this.#queue) return;
    }
  }

  /** Asks for nothing more (the server is stopping): the build under way stops when its indexes are cleared. */
  close(): void {
    this.#closed = true;
    this.#waiting.clear();
  }

  /** The hooks that tell this indexer about commits and idle rooms. */
  plugin(): Plugin {
    return {
      name: 'state-index',
      onUpdate: ({ roomId, seq, afterCommit }) => {
        if (seq % this.segmentSeqs === 0) afterCommit(() => this.committed(roomId, seq));
      },
      onUnloadRoom: ({ roomId }) => this.idle(roomId),
      // The server is stopping: rooms unloaded now are not indexed (the next build goes on from the stored index).
      stop: () => this.close(),
    };
  }

  #schedule(roomId: string, tail: boolean): void {
    if (this.#closed) return;
    const waiting = this.#waiting.get(roomId);
    if (waiting) {
      waiting.tail ||= tail;
      return;
    }
    this.#waiting.set(roomId, { tail });
    this.#queue = this.#queue.then(() => this.#index(roomId));
  }

  async #index(roomId: string): Promise<void> {
    const job = this.#waiting.get(roomId);
    this.#waiting.delete(roomId);
    if (!job || this.#closed) return;
    try {
      const latest = await this.storage.latestSeq(roomId);
      await this.indexes.get(roomId).extend(latest, { pause: rest, storeTail: job.tail });
    } catch (error) {
      if (!this.#closed) this.logger?.warn({ err: error, roomId }, 'indexing the room\'s history states failed (answers replay from snapshots)');
    }
  }
}
