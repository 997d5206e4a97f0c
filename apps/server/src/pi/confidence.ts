import { confidenceOutcome, CONCERN_AT_MOST } from '@ladder/wsjf';
import { planId, readConfidence, writeConfidence as writeConfidenceState, type ConfidenceVote } from '@ladder/board-doc';
import { HttpError, NotFoundError } from '../errors';
import type { Author } from '../plugins';
import type { ParticipantRecord, Storage } from '../storage/types';
import type { Room } from '../sync/room';
import type { RoomManager } from '../sync/rooms';

// The confidence vote (fist of five), as blind as an estimation round: each value is kept by the server in storage's
// private votes (under the vote's id, with a `confidence:` prefix so it never meets a round's), the document holds who
// voted and, after the reveal, only the count, the average, the distribution and whether the plan is accepted. Nobody
// — not the facilitator, not an HTTP answer, not a log line — ever names who voted what; each voter may read their
// own value (to be invited to state a concern when it was 2 or less).

export interface ConfidenceAnswer {
  voteId: string;
  scope: string;
  voters: number;
  average: number | null;
  distribution: Record<string, number>;
  accepted: boolean;
}

const storageId = (voteId: string) => `confidence:${voteId}`;
const serverAuthor = (voteId: string): Author => ({ participantId: null, name: 'Confidence vote', role: null, confidenceId: voteId });
export const VOTE_ID = /^C-[A-Z0-9]{1,16}$/;

export class ConfidenceStateError extends HttpError {
  constructor(message: string) {
    super(409, 'vote_revealed', message);
  }
}

const voteNotFound = () => new NotFoundError('There is no such confidence vote in this room: check the vote id, or open a vote.', 'vote_not_found');

export class ConfidenceService {
  constructor(private readonly o: { storage: Storage; rooms: RoomManager; now?: () => number }) {}

  #now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }

  async #inRoom<T>(roomId: string, fn: (room: Room) => Promise<T>): Promise<T> {
    const result = await this.o.rooms.withRoom(roomId, (room) => room.queue.run(async () => ({ value: await fn(room) })));
    if (result === null) throw new NotFoundError('There is no such room.', 'room_not_found');
    return result.value;
  }

  #vote(room: Room, voteId: string): ConfidenceVote {
    const vote = readConfidence(room.doc).find((v) => v.id === voteId);
    if (!vote) throw voteNotFound();
    return vote;
  }

  /** Opens a vote for the ART or one team (by its name: the plan's teams and the features' use the same strings). */
  async open(roomId: string, scope: string): Promise<{ voteId: string }> {
    return this.#inRoom(roomId, async (room) => {
      const voteId = planId('C');
      const vote: ConfidenceVote = { id: voteId, scope, status: 'open', openedAt: this.#now(), voted: [], result: null, revealedAt: null };
      await room.changeNow(serverAuthor(voteId), (doc) => writeConfidenceState(doc, vote));
      return { voteId };
    });
  }

  /** Stores a participant's value (1–5), replacing their earlier one; 409 once the vote is revealed, on any node. */
  async vote(roomId: string, voteId: string, by: ParticipantRecord, value: number): Promise<void> {
    await this.#inRoom(roomId, async (room) => {
      const vote = this.#vote(room, voteId);
      if (vote.status !== 'open') throw new ConfidenceStateError('This confidence vote was revealed: votes are no longer taken. The facilitator can open a new vote after rework.');
      const stored = await this.o.storage.putVote({ roomId, roundId: storageId(voteId), participantId: by.id, values: { confidence: value }, at: this.#now() });
      if (!stored) throw new ConfidenceStateError('This confidence vote was just revealed: votes are no longer taken.');
      // Who voted, from storage (votes taken by other nodes count too); never what.
      const voted = (await this.o.storage.votes(roomId, storageId(voteId))).map((v) => v.participantId);
      await room.changeNow(serverAuthor(voteId), (doc) => writeConfidenceState(doc, { ...vote, voted }));
    });
  }

  /** Closes the vote and writes its outcome (counts only); answers the same outcome again when already revealed. */
  async reveal(roomId: string, voteId: string): Promise<ConfidenceAnswer> {
    return this.#inRoom(roomId, async (room) => {
      const vote = this.#vote(room, voteId);
      if (vote.status === 'revealed' && vote.result) return { voteId, scope: vote.scope, ...vote.result };
      // Closing and reading are one step on every node: a vote is either counted here or refused with 409.
      const stored = await this.o.storage.closeVoting(roomId, storageId(voteId));
      const result = confidenceOutcome(stored.map((v) => v.values.confidence ?? Number.NaN));
      const revealed: ConfidenceVote = { ...vote, status: 'revealed', voted: stored.map((v) => v.participantId), result, revealedAt: this.#now() };
      // Into the history with its outcome (counts only): a re-vote after rework keeps the earlier result there.
      await room.changeNow(serverAuthor(voteId), (doc) => writeConfidenceState(doc, revealed), {
        events: (_r, seq, at) => [{ seq, at, participantId: null, name: 'Confidence vote', kind: 'planned', featureId: '', field: `confidence.${voteId}`, from: null, to: { scope: vote.scope, ...result } }],
      });
      return { voteId, scope: vote.scope, ...result };
    });
  }

  /** A participant's own value in a vote (no one else's), and whether it invites a concern once revealed. */
  async mine(roomId: string, voteId: string, by: ParticipantRecord): Promise<{ value: number | null; invited: boolean }> {
    return this.#inRoom(roomId, async (room) => {
      const vote = this.#vote(room, voteId);
      const own = (await this.o.storage.votes(roomId, storageId(voteId))).find((v) => v.participantId === by.id);
      const value = own?.values.confidence ?? null;
      return { value, invited: vote.status === 'revealed' && value !== null && value <= CONCERN_AT_MOST };
    });
  }
}
