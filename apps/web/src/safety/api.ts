import { z } from 'zod';
import { callWithToken } from '../api';

// The safety endpoints: restore to a point, revert one participant, and who wrote in this room.

const changeSchema = z.object({ op: z.string(), featureId: z.string(), field: z.string().optional(), value: z.unknown().optional(), root: z.string().optional(), key: z.string().optional() });
const conflictSchema = z.object({ featureId: z.string(), field: z.string().nullable(), seq: z.number(), by: z.string(), reason: z.string() });
const revertSchema = z.object({ seq: z.number().nullable(), dryRun: z.boolean(), changes: z.array(changeSchema), conflicts: z.array(conflictSchema) });
const restoreSchema = z.object({ seq: z.number().nullable(), restoredTo: z.object({ seq: z.number(), at: z.number() }) });
const eventsSchema = z.object({ events: z.array(z.object({ seq: z.number(), at: z.number(), participantId: z.string().nullable(), name: z.string() })) });

export type RevertAnswer = z.infer<typeof revertSchema>;
export type RestoreAnswer = z.infer<typeof restoreSchema>;
export interface Writer { participantId: string; name: string }

const call = callWithToken;

/** A point: an update number, or a time (ms since the epoch). */
export type Point = { seq: number } | { at: number };

export async function restorePoint(roomId: string, token: string, point: Point, note: string): Promise<RestoreAnswer> {
  return restoreSchema.parse(await call(`/api/rooms/${encodeURIComponent(roomId)}/restore`, token, { ...point, note }));
}

export async function revertWriter(
  roomId: string, token: string, request: { participantId: string; since: Point; note: string; dryRun: boolean },
): Promise<RevertAnswer> {
  const since = 'seq' in request.since ? { sinceSeq: request.since.seq } : { since: request.since.at };
  return revertSchema.parse(await call(`/api/rooms/${encodeURIComponent(roomId)}/revert-participant`, token, {
    participantId: request.participantId, ...since, note: request.note, dryRun: request.dryRun,
  }));
}

const stateSeqSchema = z.object({ seq: z.number() });

/**
 * Everyone who changed something in the room, and the latest update number: that of the room as it is now (an update
 * that changed only settings, the canvas or a round has no feature event of its own).
 */
export async function writersOf(roomId: string, token: string): Promise<{ writers: Writer[]; latestSeq: number }> {
  const room = encodeURIComponent(roomId);
  const [{ events }, now] = await Promise.all([
    call(`/api/rooms/${room}/history`, token).then((answer) => eventsSchema.parse(answer)),
    // A day ahead: the latest update whatever this device's clock says.
    call(`/api/rooms/${room}/history/state?at=${Date.now() + 86_400_000}`, token).then((answer) => stateSeqSchema.parse(answer)),
  ]);
  const writers = new Map<string, string>();
  for (const e of events) if (e.participantId) writers.set(e.participantId, e.name);
  return {
    writers: [...writers].map(([participantId, name]) => ({ participantId, name })),
    latestSeq: events.reduce((max, e) => Math.max(max, e.seq), now.seq),
  };
}
