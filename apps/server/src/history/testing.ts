import type { Storage } from '../storage/types';

/** For tests: `storage` as it is, except that every `updatesInRange(roomId, afterSeq, toSeq)` call is recorded in `ranges`. */
export function recordingRanges(storage: Storage, ranges: Array<[number, number]>): Storage {
  return new Proxy(storage, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key === 'updatesInRange') {
        return (roomId: string, afterSeq: number, toSeq: number) => {
          ranges.push([afterSeq, toSeq]);
          return target.updatesInRange(roomId, afterSeq, toSeq);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
