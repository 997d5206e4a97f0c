import { historyPageSchema as pageSchema, timelineSchema, type HistoryEvent, type TimelineNote, type TimelinePoint } from '@ladder/wire';
import { ApiError } from '../api';

// The history endpoints, as the history panel reads them.

export type { HistoryEvent, TimelinePoint, TimelineNote };

const PAGE = 5000;

async function get(path: string, token: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached; the history needs a connection.');
  }
  if (!res.ok) {
    const body = await res.json().catch(() => null) as { error?: string; message?: string } | null;
    throw new ApiError(res.status, body?.error ?? `http_${res.status}`, body?.message ?? `The server answered ${res.status}. Try again in a moment.`);
  }
  return res;
}

const base = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;

/** Every history event of the room after `from` (default: all), oldest first, page by page. */
export async function fetchEvents(roomId: string, token: string, from = 0): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for (let afterSeq = from; ;) {
    const page = pageSchema.parse(await (await get(`${base(roomId)}/history?afterSeq=${afterSeq}&limit=${PAGE}`, token)).json());
    events.push(...page.events);
    if (!page.hasMore) return events;
    afterSeq = page.nextAfterSeq;
  }
}

/** The events of the room's last `updates` stored updates, oldest first: who made a change this screen just saw. */
export async function fetchRecentEvents(roomId: string, token: string, updates: number): Promise<HistoryEvent[]> {
  return pageSchema.parse(await (await get(`${base(roomId)}/history?recent=${updates}`, token)).json()).events;
}

/** Every stored update after `from` (default: all): seq, time and author. */
export async function fetchTimeline(roomId: string, token: string, from = 0): Promise<TimelinePoint[]> {
  return timelineSchema.parse(await (await get(`${base(roomId)}/history/timeline?afterSeq=${from}`, token)).json()).points;
}

/** The whole document after update `seq`, as a Yjs update. */
export async function fetchDocAt(roomId: string, token: string, seq: number): Promise<Uint8Array> {
  return new Uint8Array(await (await get(`${base(roomId)}/history/doc?seq=${seq}`, token)).arrayBuffer());
}

/** The history export (`history.csv` or `history.jsonl`). */
export async function fetchExport(roomId: string, token: string, format: 'csv' | 'jsonl'): Promise<Blob> {
  return (await get(`${base(roomId)}/history.${format}`, token)).blob();
}
