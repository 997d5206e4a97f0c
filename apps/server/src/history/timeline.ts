import type { Storage } from '../storage/types';

export interface TimelineNote {
  id: string;
  text: string;
  author: string;
  featureId?: string;
  /** The field whose change the note explains (written with it in the same update). */
  field?: string;
}

export interface TimelinePoint {
  seq: number;
  at: number;
  participantId: string | null;
  /** The author's name; empty for updates the server made on nobody's behalf (room creation). */
  name: string;
  /** Decision notes written with this update. */
  notes?: TimelineNote[];
}

/** Every stored update of a room after `afterSeq`, oldest first: its seq, time and author, and the notes it wrote. */
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
  // Decision notes are history events, recorded with the update that wrote them.
  const notes = await storage.history(roomId, { afterSeq, kind: 'note' });
  if (notes.length === 0) return points;
  const bySeq = new Map<number, TimelineNote[]>();
  for (const n of notes) {
    const list = bySeq.get(n.seq) ?? [];
    list.push({ id: n.noteId ?? `${n.seq}-${list.length}`, text: String(n.to), author: n.name, ...(n.featureId ? { featureId: n.featureId } : {}), ...(isChange(n.from) ? { field: n.from.field } : {}) });
    bySeq.set(n.seq, list);
  }
  return points.map((p) => (bySeq.has(p.seq) ? { ...p, notes: bySeq.get(p.seq) } : p));
}

function isChange(value: unknown): value is { field: string } {
  return typeof value === 'object' && value !== null && typeof (value as { field?: unknown }).field === 'string';
}
