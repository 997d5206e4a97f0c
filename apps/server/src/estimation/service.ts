import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import {
  readFeature, readMeta, readRound, readRounds, roundKeys, targetOf, updateFeature, writeRoundState,
  type Round, type RoundResult, type RoundState, type RoundVote, type RoundVoter,
} from '@ladder/board-doc';
import { COMPONENTS, type Component, type VoterRole } from '@ladder/wsjf';
import { BadRequestError } from '../errors';
import type { Author } from '../plugins';
import type { ParticipantRecord, Storage, VoteRecord } from '../storage/types';
import type { Room } from '../sync/room';
import type { RoomManager } from '../sync/rooms';
import { offScale, roundNotFound, RoundStateError, unknownKey } from './errors';
import { outcomeOf } from './outcome';
import type { VoterPresence } from './presence';
import type { OpenRoundBody } from './schemas';

export interface RevealAnswer extends RoundResult {
  roundId: string;
  status: Round['status'];
}

/** At most this many participants announced by other nodes' clients are looked up when a round starts. */
const MAX_ANNOUNCED = 500;

const serverAuthor = (roundId: string): Author => ({ participantId: null, name: 'Estimation', role: null, roundId });
const voterOf = (p: ParticipantRecord): RoundVoter => ({ participantId: p.id, name: p.name, role: p.role as VoterRole });
const stateOf = ({ counts: _counts, ...state }: Round): RoundState => state;

/**
 * Whether every expected voter has a stored vote with a value for everything the round asks (each component of a
 * feature round, each feature of a column round). A vote is sent on each pick, so the first pick alone is not done.
 */
function everyoneDone(round: Round, votes: readonly VoteRecord[], expected: readonly RoundVoter[]): boolean {
  const asked = roundKeys(round);
  const done = new Set(votes.filter((vote) => asked.every((key) => typeof vote.values[key] === 'number')).map((vote) => vote.participantId));
  return expected.every((e) => done.has(e.participantId));
}

/**
 * Blind estimation rounds of every room. Each call runs in its room's queue, so votes, the reveal and the accept of
 * a room happen one at a time, in order, and a reveal sees every vote stored before it and none after it.
 */
export class RoundService {
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #stopped = false;

  constructor(private readonly o: { storage: Storage; rooms: RoomManager; presence: VoterPresence; logger: Logger; now?: () => number }) {}

  #now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }

  /** Runs `fn` in the room's queue, with the live room held. */
  async #inRoom<T>(roomId: string, fn: (room: Room) => Promise<T>): Promise<T> {
    const result = await this.o.rooms.withRoom(roomId, (room) => room.queue.run(async () => {
      await this.#revealIfDue(room);
      return { value: await fn(room) };
    }));
    if (result === null) throw roundNotFound();
    return result.value;
  }

  #round(room: Room, roundId: string): Round {
    const round = readRound(room.doc, roundId);
    if (!round) throw roundNotFound();
    return round;
  }

  async open(roomId: string, by: ParticipantRecord, body: OpenRoundBody): Promise<{ roundId: string }> {
    return this.#inRoom(roomId, async (room) => {
      const featureIds = body.kind === 'column' ? body.featureIds : [body.featureId];
      for (const id of featureIds) {
        if (!readFeature(room.doc, id)) throw new BadRequestError(`There is no feature ${id} in this room; check its id.`, 'unknown_feature');
      }
      const components: Component[] = body.kind === 'column' ? [body.component] : [...(body.components ?? COMPONENTS)];
      const now = this.#now();
      const roundId = randomBytes(9).toString('base64url');
      const round: RoundState = {
        id: roundId, kind: body.kind, featureIds, components, status: 'open', autoReveal: body.autoReveal ?? false,
        deadline: body.timerSeconds ? now + body.timerSeconds * 1000 : null, createdAt: now, createdBy: by.id,
        voted: [], expected: await this.#connectedVoters(room), revealedAt: null, result: null, accepted: null, acceptedAt: null, closedAt: null,
      };
      // Re-vote: a live round on any of the same feature components is closed by the new one.
      const overlaps = (r: Round) => (r.status === 'open' || r.status === 'revealed')
        && r.featureIds.some((f) => featureIds.includes(f)) && r.components.some((c) => components.includes(c));
      const superseded = readRounds(room.doc).filter(overlaps);
      await room.changeNow(serverAuthor(roundId), (doc) => {
        for (const old of superseded) writeRoundState(doc, { ...stateOf(old), status: 'closed', closedAt: now });
        writeRoundState(doc, round);
      });
      for (const old of superseded) this.#disarm(roomId, old.id);
      this.#arm(roomId, round);
      return { roundId };
    });
  }

  async vote(roomId: string, roundId: string, by: ParticipantRecord, values: Record<string, number>): Promise<void> {
    await this.#inRoom(roomId, async (room) => {
      const round = this.#round(room, roundId);
      if (round.status !== 'open') {
        throw new RoundStateError(round.status === 'closed' ? 'round_closed' : 'round_not_open',
          `This round is ${round.status}: votes are no longer taken. Ask the facilitator to start a new round to vote again.`);
      }
      this.#checkValues(room, round, values);
      if (round.kind === 'column' && Object.keys(values).length === round.featureIds.length) {
        const smallest = readMeta(room.doc).scale[0] as number;
        if (!Object.values(values).includes(smallest)) {
          // Say exactly which value to change: the feature this vote rates lowest is the one to anchor at the smallest.
          const [lowestId, lowest] = Object.entries(values).sort(([, a], [, b]) => a - b)[0] as [string, number];
          const title = readFeature(room.doc, lowestId)?.title ?? lowestId;
          throw new BadRequestError(`Relative estimation: give the smallest feature ${smallest} and the others relative to it. `
            + `Your lowest is ${title} at ${lowest}: change it to ${smallest} (or another feature you find smaller).`, 'no_anchor');
        }
      }
      const stored = await this.o.storage.putVote({ roomId, roundId, participantId: by.id, values, at: this.#now() });
      // Revealed on another node a moment ago, before this node heard of it: the reveal has its votes, not this one.
      if (!stored) throw new RoundStateError('round_not_open', 'This round was just revealed: votes are no longer taken. Ask the facilitator to start a new round to vote again.');
      const voter = voterOf(by);
      const state = stateOf(round);
      // Who voted comes from the stored votes, not only from this node's copy: a vote taken by another node that
      // has not reached this one yet is counted too (and a list that lost one to a concurrent write is mended).
      const votes = await this.o.storage.votes(roomId, state.id);
      state.voted = await this.#votedFrom(roomId, state, voter, votes);
      for (const v of state.voted) if (!state.expected.some((e) => e.participantId === v.participantId)) state.expected = [...state.expected, v];
      if (state.autoReveal && everyoneDone(round, votes, state.expected)) {
        await this.#reveal(room, state);
        return;
      }
      await room.changeNow(serverAuthor(roundId), (doc) => writeRoundState(doc, state));
    });
  }

  async reveal(roomId: string, roundId: string): Promise<RevealAnswer> {
    return this.#inRoom(roomId, async (room) => {
      const round = this.#round(room, roundId);
      if (round.status === 'open') return this.#reveal(room, stateOf(round));
      if (!round.result) throw new RoundStateError('round_closed', 'This round was closed before its reveal; start a new round.');
      return { roundId, status: round.status, ...round.result };
    });
  }

  async accept(roomId: string, roundId: string, by: ParticipantRecord, given: Record<string, number> | null): Promise<{ roundId: string; status: 'accepted'; values: Record<string, number> }> {
    return this.#inRoom(roomId, async (room) => {
      const round = this.#round(room, roundId);
      if (round.status === 'open') throw new RoundStateError('round_not_revealed', 'Reveal the round before accepting it.');
      if (round.status === 'closed') throw new RoundStateError('round_closed', 'This round was closed; accept the newer round of these features.');
      if (round.status === 'accepted') throw new RoundStateError('round_accepted', 'This round was accepted already; start a new round to change the estimate.');
      if (given) this.#checkValues(room, round, given, 'accept');
      const values = given ?? round.result?.consensus ?? {};
      const now = this.#now();
      const author: Author = { participantId: by.id, name: by.name, role: by.role, roundId };
      await room.changeNow(author, (doc) => {
        for (const [key, value] of Object.entries(values)) {
          const { featureId, component } = targetOf(round, key);
          if (readFeature(doc, featureId)) updateFeature(doc, featureId, { [component]: value }, { participantId: by.id, now });
        }
        writeRoundState(doc, { ...stateOf(round), status: 'accepted', accepted: values, acceptedAt: now });
      });
      this.#disarm(roomId, roundId);
      return { roundId, status: 'accepted' as const, values };
    });
  }

  /**
   * The facilitator cancels a round that is not accepted yet: its voting closes (no vote is taken any more, and none is
   * ever shown: a cancelled open round reveals nothing), its state becomes `closed`, and what it locked is free again.
   * Cancelling a closed round again answers the same.
   */
  async cancel(roomId: string, roundId: string): Promise<{ roundId: string; status: 'closed' }> {
    return this.#inRoom(roomId, async (room) => {
      const round = this.#round(room, roundId);
      if (round.status === 'accepted') throw new RoundStateError('round_accepted', 'This round was accepted already: its values are written; start a new round to change them.');
      if (round.status === 'closed') return { roundId, status: 'closed' as const };
      await this.o.storage.closeVoting(room.id, roundId);
      const now = this.#now();
      await room.changeNow(serverAuthor(roundId), (doc) => writeRoundState(doc, { ...stateOf(round), status: 'closed', closedAt: now }));
      this.#disarm(roomId, roundId);
      return { roundId, status: 'closed' as const };
    });
  }

  /** The caller's own vote in a round (null when none): the only vote value that leaves the server before the reveal. */
  async myVote(roomId: string, roundId: string, by: ParticipantRecord): Promise<{ roundId: string; values: Record<string, number> | null }> {
    return this.#inRoom(roomId, async (room) => {
      this.#round(room, roundId);
      const mine = (await this.o.storage.votes(roomId, roundId)).find((v) => v.participantId === by.id);
      return { roundId, values: mine ? mine.values : null };
    });
  }

  /** The public state of one round, as the document has it. */
  async publicState(roomId: string, roundId: string): Promise<Round> {
    return this.#inRoom(roomId, async (room) => this.#round(room, roundId));
  }

  async list(roomId: string): Promise<Round[]> {
    return this.#inRoom(roomId, async (room) => readRounds(room.doc));
  }

  #checkValues(room: Room, round: Round, values: Record<string, number>, on: 'vote' | 'accept' = 'vote'): void {
    const keys = roundKeys(round);
    const { scale } = readMeta(room.doc);
    for (const [key, value] of Object.entries(values)) {
      if (!keys.includes(key)) throw unknownKey(key, keys, on);
      if (!scale.includes(value)) throw offScale(key, value, scale);
    }
  }

  /** Writes every vote and the outcome into the document in one update. Inside the room's queue. */
  async #reveal(room: Room, state: RoundState): Promise<RevealAnswer> {
    // Closing the vote and reading it are one step on every node: a vote is either in this reveal or refused.
    const stored = await this.o.storage.closeVoting(room.id, state.id);
    const known = new Map(state.voted.map((v) => [v.participantId, v]));
    const votes: RoundVote[] = [];
    for (const v of stored) {
      const voter = known.get(v.participantId) ?? await this.#voterFromStorage(room.id, v.participantId);
      if (voter) votes.push({ ...voter, values: v.values });
    }
    const result = outcomeOf(state, votes, readMeta(room.doc).scale);
    // The public list of who voted matches the votes revealed, also when some came in through another node.
    const voted = [...state.voted, ...votes.filter((v) => !known.has(v.participantId)).map(({ values: _values, ...voter }) => voter)];
    const expected = [...state.expected, ...voted.filter((v) => !state.expected.some((e) => e.participantId === v.participantId))];
    const revealed: RoundState = { ...state, voted, expected, status: 'revealed', revealedAt: this.#now(), result };
    await room.changeNow(serverAuthor(state.id), (doc) => writeRoundState(doc, revealed));
    this.#disarm(room.id, state.id);
    return { roundId: state.id, status: 'revealed', ...result };
  }

  /** Everyone with a stored vote (`votes`) in the round, in the order the document knows them, then the rest; `self` included. */
  async #votedFrom(roomId: string, state: RoundState, self: RoundVoter, votes: readonly VoteRecord[]): Promise<RoundVoter[]> {
    const voted = [...state.voted];
    const known = new Map([...state.expected, ...state.voted, self].map((v) => [v.participantId, v]));
    for (const vote of votes) {
      if (voted.some((v) => v.participantId === vote.participantId)) continue;
      const voter = known.get(vote.participantId) ?? await this.#voterFromStorage(roomId, vote.participantId);
      if (voter) voted.push(voter);
    }
    if (!voted.some((v) => v.participantId === self.participantId)) voted.push(self);
    // A vote that has some of the round's values but not all is shown as partial ("2 of 4"), never as done.
    const asked = roundKeys(state);
    return voted.map(({ parts: _parts, ...voter }) => {
      const vote = votes.find((v) => v.participantId === voter.participantId);
      const has = vote ? asked.filter((key) => typeof vote.values[key] === 'number').length : asked.length;
      return has < asked.length ? { ...voter, parts: has } : voter;
    });
  }

  /**
   * The voters with the board open when a round starts, on every node: this node's own connections, plus the
   * participants that other nodes' clients announce in the room's presence (relayed between nodes), each checked
   * against the stored participants so that only real voters of the room count, with their stored name and role.
   */
  async #connectedVoters(room: Room): Promise<RoundVoter[]> {
    const voters = this.o.presence.voters(room.id);
    const announced = new Set<string>();
    for (const state of room.awareness.getStates().values()) {
      const id = (state as { user?: { participantId?: unknown } } | null)?.user?.participantId;
      if (typeof id === 'string' && id.length <= 200 && !voters.some((v) => v.participantId === id)) announced.add(id);
    }
    for (const id of [...announced].slice(0, MAX_ANNOUNCED)) {
      const voter = await this.#voterFromStorage(room.id, id);
      if (voter) voters.push(voter);
    }
    return voters;
  }

  async #voterFromStorage(roomId: string, participantId: string): Promise<RoundVoter | null> {
    const p = await this.o.storage.getParticipant(roomId, participantId);
    return p && p.role !== 'observer' ? voterOf(p) : null;
  }

  async #revealIfDue(room: Room): Promise<void> {
    const now = this.#now();
    for (const round of readRounds(room.doc)) {
      if (round.status === 'open' && round.deadline !== null && round.deadline <= now) await this.#reveal(room, stateOf(round));
    }
  }

  /** Arms the countdowns of a room's open rounds (after a load: deadlines are in the document, so they survive a restart). */
  armAll(roomId: string, rounds: readonly Round[]): void {
    for (const round of rounds) this.#arm(roomId, round);
  }

  #arm(roomId: string, round: Pick<Round, 'id' | 'status' | 'deadline'>): void {
    const key = `${roomId}/${round.id}`;
    if (this.#stopped || round.status !== 'open' || round.deadline === null || this.#timers.has(key)) return;
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      if (this.#stopped) return;
      // Any call into the room reveals what is due; this one has nothing else to do. A timer can fire a moment before
      // the clock reads its deadline: a round not yet due is armed again for what is left, so none stays open for good.
      this.o.rooms.withRoom(roomId, (room) => room.queue.run(async () => {
        await this.#revealIfDue(room);
        this.armAll(roomId, readRounds(room.doc));
      }))
        .catch((error: unknown) => this.o.logger.error({ err: error, roomId, roundId: round.id }, 'revealing a round at its deadline failed'));
    }, Math.max(0, round.deadline - this.#now()));
    timer.unref();
    this.#timers.set(key, timer);
  }

  #disarm(roomId: string, roundId: string): void {
    const key = `${roomId}/${roundId}`;
    const timer = this.#timers.get(key);
    if (timer) clearTimeout(timer);
    this.#timers.delete(key);
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
