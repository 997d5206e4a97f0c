import type { Storage } from '../storage/types';
import { RoomStateIndex, type StateIndexOptions } from './state-index';

/** Rooms whose state index is kept (least recently used first out). */
export const DEFAULT_INDEXED_ROOMS = 4;

/** The state indexes of the most recently asked rooms of one storage; the least recently used is dropped first. */
export class StateIndexCache {
  readonly #indexes = new Map<string, RoomStateIndex>();

  constructor(private readonly storage: Storage, readonly capacity = DEFAULT_INDEXED_ROOMS, private readonly options: StateIndexOptions = {}) {}

  /** The room's index, made when missing (a broken one is replaced); marks it most recently used. */
  get(roomId: string): RoomStateIndex {
    let index = this.#indexes.get(roomId);
    if (index && !index.usable) {
      this.#indexes.delete(roomId);
      index = undefined;
    }
    if (index) {
      this.#indexes.delete(roomId);
    } else {
      index = new RoomStateIndex(this.storage, roomId, this.options);
      while (this.#indexes.size >= this.capacity) {
        const [oldest, evicted] = this.#indexes.entries().next().value as [string, RoomStateIndex];
        this.#indexes.delete(oldest);
        evicted.destroy();
      }
    }
    this.#indexes.set(roomId, index);
    return index;
  }

  /** Room ids held, least recently used first. */
  rooms(): string[] {
    return [...this.#indexes.keys()];
  }

  clear(): void {
    for (const index of this.#indexes.values()) index.destroy();
    this.#indexes.clear();
  }
}
