import * as Y from 'yjs';
import { markRecovery } from '@ladder/board-doc';
import type { Author } from '../plugins';
import type { HistoryEvent, ParticipantRecord, Storage } from '../storage/types';
import { docAt, type StateTarget } from '../history/state';
import type { Room } from '../sync/room';
import type { RoomManager } from '../sync/rooms';
import { BadRequestError, NotFoundError } from '../errors';
import { roomNotFound } from '../http/auth';
import { restoreInto, type RestoreSummary } from './restore';
import { applyRevert, planRevert, seenBy, type RevertChange, type RevertConflict } from './revert';

export interface RestoreAnswer {
  /** The update that made the restore; null when the board already was as it was then. */
  seq: number | null;
  restoredTo: { seq: number; at: number };
  summary: RestoreSummary;
}

export interface RevertAnswer {
  seq: number | null;
  dryRun: boolean;
  changes: RevertChange[];
  conflicts: RevertConflict[];
}

export interface SafetyDeps {
  storage: Storage;
  rooms: RoomManager;
  /** Marks an author as the server acting for a facilitator: its writes are not re-checked. */
  trust(author: Author): Author;
}

function authorOf(deps: SafetyDeps, participant: ParticipantRecord): Author {
  return deps.trust({ participantId: participant.id, name: participant.name, role: participant.role });
}

/** Restores the board (features, settings, canvas) to what it was after update `seq` or at time `at`, as one new change. */
export async function restoreRoom(
  deps: SafetyDeps, roomId: string, participant: ParticipantRecord, target: StateTarget, note: string,
): Promise<RestoreAnswer> {
  const before = await deps.storage.latestSeq(roomId);
  const past = await docAt(deps.storage, roomId, target);
  try {
    // Before update 1 the room did not exist: restoring "nothing" would take its title and scale with it.
    if (past.seq < 1) {
      throw new BadRequestError('The room did not exist yet at that point: pick an update from 1 (the room\'s creation) on.', 'invalid_value');
    }
    const answer = await deps.rooms.withRoom(roomId, async (room) => {
      const event = (seq: number, at: number): HistoryEvent => ({
        seq, at, participantId: participant.id, name: participant.name, kind: 'restored',
        featureId: '', field: null, from: { seq: before }, to: { seq: past.seq, at: past.at, note },
      });
      // The `restored` event is stored in the same transaction as the restore's update: one can never exist without the other.
      const restore = (doc: Y.Doc): RestoreSummary => {
        const now = Date.now();
        const summary = restoreInto(doc, past.doc, { participantId: participant.id, now });
        // Every screen names the change a restore (meta.recovery); a restore that changes nothing writes nothing.
        if (summary.created + summary.deleted + summary.changed + summary.meta + summary.plan > 0 || summary.canvas) {
          markRecovery(doc, { kind: 'restored', by: { participantId: participant.id, name: participant.name }, toSeq: past.seq, note, at: now });
        }
        return summary;
      };
      const { result, seq } = await room.change(authorOf(deps, participant), restore, {
        events: (_summary, n, at) => [event(n, at)],
      });
      // Nothing to change: the board already was that way; the request is still recorded, at the latest update.
      if (seq === null) await deps.storage.appendHistory(roomId, [event(before, Date.now())]);
      return { seq, restoredTo: { seq: past.seq, at: past.at }, summary: result };
    });
    if (!answer) throw roomNotFound();
    return answer;
  } finally {
    past.doc.destroy();
  }
}

/**
 * The room's history after `sinceSeq`, read while the live document did not change: so it holds an event for every
 * change the document holds (nothing was being committed when the read began, nothing was applied during it).
 */
async function historyMatching(storage: Storage, room: Room, roomId: string, sinceSeq: number): Promise<HistoryEvent[]> {
  for (let attempt = 0; ; attempt++) {
    await room.queue.idle();
    const before = Y.encodeStateVector(room.doc);
    const events = await storage.history(roomId, { afterSeq: sinceSeq });
    // A busy room may keep changing: after a few tries the check in `applyRevert` still keeps later changes of others.
    if (attempt >= 4 || Buffer.from(before).equals(Y.encodeStateVector(room.doc))) return events;
  }
}

/** Undoes every change of one participant since a point (or says what it would do, with `dryRun`). */
export async function revertParticipant(
  deps: SafetyDeps, roomId: string, participant: ParticipantRecord,
  request: { participantId: string; since: StateTarget; note: string; dryRun: boolean },
): Promise<RevertAnswer> {
  const target = await deps.storage.getParticipant(roomId, request.participantId);
  if (!target) throw new NotFoundError(`There is no participant ${request.participantId} in this room; pick one from the history.`, 'participant_not_found');
  let sinceSeq: number;
  if ('seq' in request.since) {
    const latest = await deps.storage.latestSeq(roomId);
    if (request.since.seq > latest) throw new BadRequestError(`There is no update ${request.since.seq} yet; the latest is ${latest}.`, 'invalid_value');
    sinceSeq = request.since.seq;
  } else {
    sinceSeq = (await deps.storage.lastUpdateAtOrBefore(roomId, request.since.at))?.seq ?? 0;
  }
  const answer = await deps.rooms.withRoom(roomId, async (room) => {
    const plan = planRevert(room.doc, await historyMatching(deps.storage, room, roomId, sinceSeq), request.participantId);
    if (request.dryRun || plan.changes.length === 0) return { seq: null, dryRun: request.dryRun, ...plan };
    // Applied on the document as it is when the revert's turn in the room's queue comes: a change whose target someone
    // changed after the plan was read is skipped (their change stays) and listed as a conflict.
    const seen = seenBy(room.doc, plan.changes);
    const by = { participantId: participant.id, now: Date.now() };
    // The `reverted` event is stored in the same transaction as the revert's update.
    const revert = (doc: Y.Doc) => {
      const done = applyRevert(doc, plan.changes, by, seen);
      if (done.applied.length > 0) {
        markRecovery(doc, {
          kind: 'reverted', by: { participantId: participant.id, name: participant.name },
          target: { participantId: target.id, name: target.name }, sinceSeq, note: request.note, at: by.now,
        });
      }
      return done;
    };
    const { seq, result } = await room.change(authorOf(deps, participant), revert, {
      events: (done, n, at) => [{
        seq: n, at, participantId: participant.id, name: participant.name, kind: 'reverted', featureId: '', field: null,
        from: { participantId: target.id, name: target.name, sinceSeq },
        to: { note: request.note, changes: done.applied.length, conflicts: plan.conflicts.length + done.skipped.length },
      }],
    });
    const late = result.skipped.map((c): RevertConflict => ({
      featureId: c.featureId, field: 'field' in c ? c.field : null, seq: seq ?? 0, by: '', reason: 'Changed by someone else while the revert was being made.',
    }));
    return { seq, dryRun: false, changes: result.applied, conflicts: [...plan.conflicts, ...late] };
  });
  if (!answer) throw roomNotFound();
  return answer;
}
