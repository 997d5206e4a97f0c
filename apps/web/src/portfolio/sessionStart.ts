import { z } from 'zod';
import { isComponent } from '@ladder/board-doc';
import { COMPONENTS } from '@ladder/wsjf';
import { ApiError } from '../api';

// Where churn is measured from: the ranking as the session began, read from the server's history — not the moment
// this screen joined — and any point in time the user picks.

const rowSchema = z.object({ id: z.string(), rank: z.number().nullable(), wsjf: z.number().nullable(), costOfDelay: z.number().nullable() });
const stateSchema = z.object({ seq: z.number(), at: z.number(), features: z.array(rowSchema) });
const eventSchema = z.object({ seq: z.number(), kind: z.string(), featureId: z.string(), field: z.string().nullable(), to: z.unknown() });
const pageSchema = z.object({ events: z.array(eventSchema), nextAfterSeq: z.number(), hasMore: z.boolean() });

export type RankedState = z.infer<typeof stateSchema>;
type Event = z.infer<typeof eventSchema>;

async function get(path: string, token: string): Promise<unknown> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, `The server answered ${res.status} for the history.`);
  return res.json();
}

/** The room's ranking after update `seq`, or as it was at time `at` (ms epoch). */
export async function rankingAt(roomId: string, token: string, target: { seq: number } | { at: number }): Promise<RankedState> {
  const query = 'seq' in target ? `seq=${target.seq}` : `at=${Math.floor(target.at)}`;
  return stateSchema.parse(await get(`/api/rooms/${encodeURIComponent(roomId)}/history/state?${query}`, token));
}

/**
 * The seq of the first update after which some feature had all four estimates (a ranking existed), replaying the
 * history events in order; null when no feature was ever scored.
 */
export function firstRankedSeq(events: readonly Pick<Event, 'seq' | 'kind' | 'featureId' | 'field' | 'to'>[]): number | null {
  const estimates = new Map<string, Record<string, unknown>>();
  const scored = (values: Record<string, unknown> | undefined) => values !== undefined
    && COMPONENTS.every((c) => typeof values[c] === 'number' && (c !== 'jobSize' || (values[c] as number) > 0));
  for (const e of events) {
    if (e.kind === 'created' && typeof e.to === 'object' && e.to !== null) estimates.set(e.featureId, { ...(e.to as Record<string, unknown>) });
    else if (e.kind === 'deleted') estimates.delete(e.featureId);
    else if (e.kind === 'changed' && e.field !== null && isComponent(e.field)) {
      const values = estimates.get(e.featureId) ?? {};
      values[e.field] = e.to;
      estimates.set(e.featureId, values);
    } else continue;
    if (scored(estimates.get(e.featureId))) return e.seq;
  }
  return null;
}

/** Local midnight of the day `now` falls in. */
export function startOfDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * The ranking at the start of today's session: the board as the day began when it was ranked then; otherwise (a room
 * set up today) the room's first ranked state. Null while nothing was ever ranked.
 */
export async function sessionStartRanking(roomId: string, token: string, now = Date.now()): Promise<RankedState | null> {
  const dayStart = await rankingAt(roomId, token, { at: startOfDay(now) - 1 });
  if (dayStart.features.some((f) => f.rank !== null)) return dayStart;
  const events: Event[] = [];
  for (let afterSeq = 0; ;) {
    const page = pageSchema.parse(await get(`/api/rooms/${encodeURIComponent(roomId)}/history?afterSeq=${afterSeq}&limit=2000`, token));
    events.push(...page.events);
    const seq = firstRankedSeq(events);
    if (seq !== null) return rankingAt(roomId, token, { seq });
    if (!page.hasMore) return null;
    afterSeq = page.nextAfterSeq;
  }
}
