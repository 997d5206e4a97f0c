import type * as Y from 'yjs';
import { trackFeatureChanges } from '@ladder/board-doc';
import type { Plugin } from '../plugins';
import type { HistoryEvent } from '../storage/types';
import { isCommitOrigin } from '../sync/room';

interface Tracker {
  stop: () => void;
  pending: HistoryEvent[];
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
      const stop = trackFeatureChanges(doc, (events, txn) => {
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
      trackers.set(doc, { stop, pending });
    },
    onUpdate({ doc, seq, at, record }) {
      const tracker = trackers.get(doc);
      if (!tracker || tracker.pending.length === 0) return;
      // A server change is made before storage gives it its seq: the events take it from here.
      record(tracker.pending.splice(0).map((e) => ({ ...e, seq, at })));
    },
    onUnloadRoom({ doc }) {
      trackers.get(doc)?.stop();
      trackers.delete(doc);
    },
  };
}
