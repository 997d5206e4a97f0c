import type { Storage } from '../storage/types';

/**
 * One value per storage (one storage per server; tests open several), made on first use: the history caches are
 * keyed by it so that two storages never share a room's cached state.
 */
export function perStorage<T>(make: (storage: Storage) => T): (storage: Storage) => T {
  const values = new WeakMap<Storage, T>();
  return (storage) => {
    let value = values.get(storage);
    if (value === undefined) {
      value = make(storage);
      values.set(storage, value);
    }
    return value;
  };
}
