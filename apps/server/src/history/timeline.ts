import type { Storage } from '../storage/types';

export interface TimelinePoint {
  seq: number;
  at: number;
  participantId: string | null;
  /** The author's name; empty for updates the server made on nobody's behalf (room creation). */
  name: string;
}

/** Every stored update of a room after `afterSeq`, oldest first: its seq, time and author. */
export async function timelineOf(storage: Storage, roomId: string, afterSeq = 0): Promise<TimelinePoint[]> {
  const latest = await storage.latestSeq(roomId);
  const names = new Map<string, string>();
  const points: TimelinePoint[] = [];
  const CHUNK = 5000;
  for (let from = afterSeq; from < latest; from += CHUNK) {
    for (const update of await storage.updatesInRange(roomId, from, Math.min(latest, from + CHUNK))) {
      const id = update.participantId;
      if (id !== null && !names.has(id)) names.set(id, (await storage.getParticipant(roomId, id))?.name ?? '');
      points.push({ seq: update.seq, at: update.at, participantId: id, name: id === null ? '' : (names.get(id) ?? '') });
    }
  }
  return points;
}
