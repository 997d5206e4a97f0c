import * as Y from 'yjs';
import { metaMap, readNotes, type DecisionNote } from '@ladder/board-doc';
import type { HistoryEvent, Storage } from '../storage/types';
import { perStorage } from './per-storage';

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
  const notes = (await noteEvents(storage, roomId)).filter((n) => n.seq > afterSeq);
  if (notes.length === 0) return points;
  const bySeq = new Map<number, TimelineNote[]>();
  for (const n of notes) {
    const list = bySeq.get(n.seq) ?? [];
    list.push({ id: n.noteId, text: String(n.to), author: n.name, ...(n.featureId ? { featureId: n.featureId } : {}), ...(isChange(n.from) ? { field: n.from.field } : {}) });
    bySeq.set(n.seq, list);
  }
  return points.map((p) => (bySeq.has(p.seq) ? { ...p, notes: bySeq.get(p.seq) } : p));
}

// Decision notes live in the document (`meta.notes`), not in the history table: they are read from a copy of the
// room's document kept per room and brought up to date with the updates stored since, so each note gets the seq of
// the update that wrote it (a note confirmed with a change shares the change's seq).

export type NoteEvent = HistoryEvent & { kind: 'note'; noteId: string };

interface NoteCopy {
  doc: Y.Doc;
  seq: number;
  /** Note id → the seq and server time of the update that wrote it. */
  written: Map<string, { seq: number; at: number }>;
  busy: Promise<unknown>;
}

/** Rooms whose copy is kept (each is a whole document): the least recently asked goes first. */
const KEEP_ROOMS = 8;
/** The copies of each storage, by room id. */
const copiesOf = perStorage(() => new Map<string, NoteCopy>());
/** How far before a note's own clock time to look for its update when the copy started from a snapshot. */
const CLOCK_SLACK_MS = 5 * 60_000;

async function copyOf(storage: Storage, roomId: string): Promise<NoteCopy> {
  const copies = copiesOf(storage);
  const known = copies.get(roomId);
  if (known) {
    copies.delete(roomId);
    copies.set(roomId, known);
    return known;
  }
  const latest = await storage.latestSeq(roomId);
  const doc = new Y.Doc();
  const snapshot = latest > 0 ? await storage.snapshotAtOrBefore(roomId, latest) : null;
  if (snapshot) Y.applyUpdate(doc, snapshot.state);
  const copy: NoteCopy = { doc, seq: snapshot?.seq ?? 0, written: new Map(), busy: Promise.resolve() };
  // Notes already in the snapshot: find the update that wrote each by its id, near the note's own time.
  for (const note of readNotes(doc)) {
    const near = (await storage.lastUpdateAtOrBefore(roomId, note.at - CLOCK_SLACK_MS))?.seq ?? 0;
    const id = Buffer.from(note.id);
    for (const update of await storage.updatesInRange(roomId, near, copy.seq)) {
      if (Buffer.from(update.update).includes(id)) {
        copy.written.set(note.id, { seq: update.seq, at: update.at });
        break;
      }
    }
  }
  copies.set(roomId, copy);
  while (copies.size > KEEP_ROOMS) {
    const [oldest, stale] = copies.entries().next().value as [string, NoteCopy];
    stale.doc.destroy();
    copies.delete(oldest);
  }
  return copy;
}

async function catchUp(storage: Storage, roomId: string, copy: NoteCopy): Promise<void> {
  const latest = await storage.latestSeq(roomId);
  if (latest <= copy.seq) return;
  const meta = metaMap(copy.doc);
  let touched = false;
  const mark = () => { touched = true; };
  meta.observeDeep(mark);
  try {
    for (const update of await storage.updatesInRange(roomId, copy.seq, latest)) {
      touched = false;
      try {
        Y.applyUpdate(copy.doc, update.update);
      } catch {
        // A stored update that does not apply is skipped, as when the room is loaded.
      }
      copy.seq = update.seq;
      if (!touched) continue;
      for (const note of readNotes(copy.doc)) {
        if (!copy.written.has(note.id)) copy.written.set(note.id, { seq: update.seq, at: update.at });
      }
    }
  } finally {
    meta.unobserveDeep(mark);
  }
}

/**
 * A note as a history event: `kind: 'note'`, its text in `to`, the change it explains (`{field, from, to}`) in `from`.
 * `field` stays null, so readers that replay `changed` events by their field never take a note for a change.
 */
export function noteEvent(note: DecisionNote, written: { seq: number; at: number } | undefined): NoteEvent {
  return {
    seq: written?.seq ?? note.seq ?? 0, at: written?.at ?? note.at, participantId: note.participantId ?? null, name: note.author,
    kind: 'note', featureId: note.featureId ?? '', field: null, from: note.change ?? null, to: note.text, noteId: note.id,
  };
}

/** Every decision note of a room as a history event, in the order of the updates that wrote them. */
export async function noteEvents(storage: Storage, roomId: string): Promise<NoteEvent[]> {
  const copy = await copyOf(storage, roomId);
  const run = copy.busy.then(() => catchUp(storage, roomId, copy));
  copy.busy = run.catch(() => {});
  await run;
  return readNotes(copy.doc).map((n) => noteEvent(n, copy.written.get(n.id))).sort((a, b) => a.seq - b.seq || a.at - b.at);
}

/** The events with the notes among them, each note after the changes of its update; notes outside (afterSeq, toSeq] left out. */
export function withNotes(events: readonly HistoryEvent[], notes: readonly NoteEvent[], afterSeq = 0, toSeq = Infinity): HistoryEvent[] {
  const inRange = notes.filter((n) => n.seq > afterSeq && n.seq <= toSeq);
  if (inRange.length === 0) return [...events];
  const out: HistoryEvent[] = [];
  let i = 0;
  for (const event of events) {
    while (i < inRange.length && (inRange[i] as NoteEvent).seq < event.seq) out.push(plain(inRange[i++] as NoteEvent));
    out.push(event);
  }
  while (i < inRange.length) out.push(plain(inRange[i++] as NoteEvent));
  return out;
}

function isChange(value: unknown): value is { field: string } {
  return typeof value === 'object' && value !== null && typeof (value as { field?: unknown }).field === 'string';
}

function plain(note: NoteEvent): HistoryEvent {
  const { noteId: _id, ...event } = note;
  return event;
}
