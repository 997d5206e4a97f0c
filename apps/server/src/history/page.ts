import type { HistoryEvent, Storage } from '../storage/types';

export interface HistoryPageAnswer {
  events: HistoryEvent[];
  /** Pass as `afterSeq` to get the next page (the last seq on this page, or the `afterSeq` asked for when empty). */
  nextAfterSeq: number;
  /** True when events after `nextAfterSeq` exist. */
  hasMore: boolean;
}

export interface PageQuery {
  afterSeq?: number | undefined;
  limit?: number | undefined;
  /** Only the events of the room's last `recent` stored updates (a screen asking who made a change it just saw). */
  recent?: number | undefined;
}

/**
 * One page of a room's history, oldest first. A page never splits the events of one update: it ends at the
 * last complete seq, so `afterSeq = nextAfterSeq` continues without gaps or repeats. A single update with more
 * events than `limit` is returned whole.
 */
export async function historyPage(storage: Storage, roomId: string, asked: PageQuery = {}): Promise<HistoryPageAnswer> {
  const query = asked.recent === undefined
    ? asked
    : { ...asked, afterSeq: Math.max(asked.afterSeq ?? 0, (await storage.latestSeq(roomId)) - asked.recent) };
  // Decision notes are events like the others, recorded with the update that wrote them.
  return changesPage(storage, roomId, query);
}

async function changesPage(storage: Storage, roomId: string, query: PageQuery): Promise<HistoryPageAnswer> {
  const afterSeq = query.afterSeq ?? 0;
  if (query.limit === undefined) {
    const events = await storage.history(roomId, { afterSeq });
    return { events, nextAfterSeq: events.at(-1)?.seq ?? afterSeq, hasMore: false };
  }
  const limit = Math.max(1, query.limit);
  const fetched = await storage.history(roomId, { afterSeq, limit: limit + 1 });
  if (fetched.length <= limit) return { events: fetched, nextAfterSeq: fetched.at(-1)?.seq ?? afterSeq, hasMore: false };
  const cutSeq = (fetched[limit] as HistoryEvent).seq;
  let events = fetched.slice(0, limit).filter((event) => event.seq !== cutSeq);
  if (events.length === 0) {
    // One update caused more than `limit` events: return all of them.
    let size = (limit + 1) * 2;
    for (;;) {
      const more = await storage.history(roomId, { afterSeq, limit: size });
      events = more.filter((event) => event.seq === cutSeq);
      if (more.length < size || more.some((event) => event.seq !== cutSeq)) break;
      size *= 2;
    }
  }
  return { events, nextAfterSeq: (events.at(-1) as HistoryEvent).seq, hasMore: true };
}
