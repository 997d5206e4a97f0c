import type { Author } from '../plugins';
import type { ParticipantRecord, Storage } from '../storage/types';
import { docAt, type StateTarget } from '../history/state';
import type { RoomManager } from '../sync/rooms';
import { BadRequestError, NotFoundError } from '../errors';
import { roomNotFound } from '../http/auth';
import { restoreInto, type RestoreSummary } from './restore';
import { applyRevert, planRevert, type RevertChange, type RevertConflict } from './revert';

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
      const { result, seq } = await room.edit(authorOf(deps, participant), (doc) => restoreInto(doc, past.doc));
      const at = Date.now();
      await deps.storage.appendHistory(roomId, [{
        seq: seq ?? before, at, participantId: participant.id, name: participant.name, kind: 'restored',
        featureId: '', field: null, from: { seq: before }, to: { seq: past.seq, at: past.at, note },
      }]);
      return { seq, restoredTo: { seq: past.seq, at: past.at }, summary: result };
    });
    if (!answer) throw roomNotFound();
    return answer;
  } finally {
    past.doc.destroy();
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
    // The plan is made and applied in the room's queue order: the history read sees every change before it.
    await room.queue.idle();
    const events = await deps.storage.history(roomId, { afterSeq: sinceSeq });
    const plan = planRevert(room.doc, events, request.participantId);
    if (request.dryRun || plan.changes.length === 0) return { seq: null, dryRun: request.dryRun, ...plan };
    const { seq } = await room.edit(authorOf(deps, participant), (doc) => applyRevert(doc, plan.changes));
    await deps.storage.appendHistory(roomId, [{
      seq: seq ?? (await deps.storage.latestSeq(roomId)), at: Date.now(), participantId: participant.id, name: participant.name,
      kind: 'reverted', featureId: '', field: null,
      from: { participantId: target.id, name: target.name, sinceSeq },
      to: { note: request.note, changes: plan.changes.length, conflicts: plan.conflicts.length },
    }]);
    return { seq, dryRun: false, ...plan };
  });
  if (!answer) throw roomNotFound();
  return answer;
}
