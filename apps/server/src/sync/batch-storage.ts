import type { HistoryEvent, Storage } from '../storage/types';

const AFTER_COMMIT = Symbol('afterCommit');

interface BatchStorage extends Storage {
  [AFTER_COMMIT](fn: () => void): void;
}

/**
 * The storage handed to `onUpdate` hooks while a batch of updates is being committed: history events of the room
 * go into `history` (stored in the batch's transaction), everything else goes to `storage`. `afterCommit` runs what
 * must wait for the commit (sending an update to other nodes).
 */
export function batchStorage(storage: Storage, roomId: string, history: HistoryEvent[], committed: (() => void)[]): Storage {
  return new Proxy(storage, {
    get(target, prop) {
      if (prop === 'appendHistory') {
        return async (id: string, events: readonly HistoryEvent[]): Promise<void> => {
          if (id === roomId) history.push(...events);
          else await target.appendHistory(id, events);
        };
      }
      if (prop === AFTER_COMMIT) return (fn: () => void) => committed.push(fn);
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Runs `fn` once the update in hand is committed: at once outside a batch, after the batch's commit inside one. */
export function afterCommit(storage: Storage, fn: () => void): void {
  const batch = (storage as Partial<BatchStorage>)[AFTER_COMMIT];
  if (batch) batch(fn);
  else fn();
}
