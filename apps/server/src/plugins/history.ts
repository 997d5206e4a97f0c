import type * as Y from 'yjs';
import { metaMap, readNotes, trackFeatureChanges, type DecisionNote } from '@ladder/board-doc';
import type { Plugin } from '../plugins';
import type { HistoryEvent } from '../storage/types';
import { isCommitOrigin } from '../sync/room';

interface Tracker {
  stop: () => void;
  pending: HistoryEvent[];
  /** Decision notes written by the update in hand: recorded after its changes. */
  notes: HistoryEvent[];
}

/**
 * A decision note as a history event, recorded with the update that wrote it: `kind: 'note'`, its text in `to`, the
 * change it explains (`{field, from, to}`) in `from`. `field` stays null, so readers that replay `changed` events by
 * their field never take a note for a change. The author is the token's, like every event's.
 */
export function noteEvent(note: DecisionNote, by: { seq: number; at: number; participantId: string | null; name: string }): HistoryEvent {
  return { ...by, kind: 'note', featureId: note.featureId ?? '', field: null, from: note.change ?? null, to: note.text, noteId: note.id };
}

/**
 * Turns every applied update into semantic history events (created, deleted, field changed), attributed to
 * the participant whose update caused them, and stores them with the update's seq.
 */
export function historyPlugin(): Plugin {
  const trackers = new WeakMap<Y.Doc, Tracker>();
  return {
    name: 'history',
    onLoadRoom({ doc }) {
      const pending: HistoryEvent[] = [];
      const notes: HistoryEvent[] = [];
      // Notes are written once and never changed: a note id not seen before is a note this update wrote.
      const known = new Set(readNotes(doc).map((n) => n.id));
      const meta = metaMap(doc);
      const onMeta = (_events: unknown, txn: Y.Transaction) => {
        const origin = txn.origin;
        for (const note of readNotes(doc)) {
          if (known.has(note.id)) continue;
          known.add(note.id);
          if (!isCommitOrigin(origin)) continue;
          notes.push(noteEvent(note, { seq: origin.seq, at: origin.at, participantId: origin.author.participantId, name: origin.author.name }));
        }
      };
      meta.observeDeep(onMeta);
      const stopFeatures = trackFeatureChanges(doc, (events, txn) => {
        const origin = txn.origin;
        if (!isCommitOrigin(origin)) return;
        for (const e of events) {
          pending.push({
            seq: origin.seq, at: origin.at, participantId: origin.author.participantId, name: origin.author.name,
            kind: e.kind, featureId: e.featureId, field: e.field, from: e.from, to: e.to,
            ...(origin.author.roundId ? { roundId: origin.author.roundId } : {}),
          });
        }
      });
      const stop = () => {
        stopFeatures();
        meta.unobserveDeep(onMeta);
      };
      trackers.set(doc, { stop, pending, notes });
    },
    onUpdate({ doc, seq, at, record }) {
      const tracker = trackers.get(doc);
      if (!tracker || tracker.pending.length + tracker.notes.length === 0) return;
      // A server change is made before storage gives it its seq: the events take it from here.
      record([...tracker.pending.splice(0), ...tracker.notes.splice(0)].map((e) => ({ ...e, seq, at })));
    },
    onUnloadRoom({ doc }) {
      trackers.get(doc)?.stop();
      trackers.delete(doc);
    },
  };
}
