import type { Role } from '@ladder/board-doc';

// The storage interface every adapter implements (SQLite now, PostgreSQL later). Promise-returning throughout,
// plain data only: nothing here knows which database is behind it.

export interface RoomRecord {
  id: string;
  title: string;
  createdAt: number;
}

export interface ParticipantRecord {
  id: string;
  roomId: string;
  name: string;
  role: Role;
  joinedAt: number;
  /** When the facilitator removed them from the room (ms epoch); absent while they are in it. */
  revokedAt?: number;
}

/** The generation of each role's invite link in a room: 0 until the facilitator first rotates that link. */
export type InviteGenerations = Record<Role, number>;

/** One stored document update; `seq` numbers a room's updates 1, 2, 3 … */
export interface StoredUpdate {
  seq: number;
  at: number;
  /** Who sent it; null for updates the server made on nobody's behalf (room creation). */
  participantId: string | null;
  update: Uint8Array;
}

export interface NewUpdate {
  at: number;
  participantId: string | null;
  update: Uint8Array;
}

/** How a Yjs update is encoded: Yjs's first format (`Y.applyUpdate`) or its second (`Y.applyUpdateV2`). */
export type UpdateEncoding = 'v1' | 'v2';

/** The whole document state after update `seq`, as one Yjs update in `encoding` (apply it with `applySnapshot`). */
export interface Snapshot {
  seq: number;
  at: number;
  state: Uint8Array;
  encoding: UpdateEncoding;
}

/**
 * A piece of a room's state index (the ranking after every seq, `history/state-segment.ts`): the state after
 * `fromSeq` and what each update up to `toSeq` changed, as opaque bytes. Derived from the log alone, so every node
 * writes the same bytes for the same seqs; a segment may be stored short and later again reaching further.
 */
export interface StateSegment {
  fromSeq: number;
  toSeq: number;
  data: Uint8Array;
}

/** A history event (`@ladder/wire`: declared once for the server, storage and the web client). */
export type { HistoryEvent } from '@ladder/wire';
import type { HistoryEvent } from '@ladder/wire';

/** What loading a room needs: the latest snapshot (if any) and every update after it, oldest first. */
export interface LoadedRoom {
  room: RoomRecord;
  snapshot: Snapshot | null;
  updates: StoredUpdate[];
}

export interface HistoryPage {
  /** Events with a seq greater than this (default 0). */
  afterSeq?: number;
  /** At most this many events (default: all). */
  limit?: number;
  /** Only events of this kind (e.g. `note`). */
  kind?: string;
}

/**
 * A private estimation vote: never written into the document before its round is revealed.
 * `values` is keyed by component (feature round) or by feature id (column round).
 */
export interface VoteRecord {
  roomId: string;
  roundId: string;
  participantId: string;
  values: Record<string, number>;
  at: number;
}

/** Runs inside a group commit, after the seqs were reserved and before the commit: the history events to store too. */
export type PrepareBatch = (seqs: readonly number[]) => readonly HistoryEvent[] | Promise<readonly HistoryEvent[]>;

export interface Storage {
  /** Creates a room with its first update (seq 1). Fails when the id exists. */
  createRoom(room: RoomRecord, initialUpdate: Uint8Array): Promise<void>;
  getRoom(roomId: string): Promise<RoomRecord | null>;

  addParticipant(participant: ParticipantRecord): Promise<void>;
  getParticipant(roomId: string, participantId: string): Promise<ParticipantRecord | null>;
  /** Everyone who joined the room, in the order they joined. */
  participants(roomId: string): Promise<ParticipantRecord[]>;
  /**
   * Marks a participant as removed from the room at `at` (kept, never deleted: their changes keep their name). A second
   * call keeps the first time. False when the room has no such participant.
   */
  revokeParticipant(roomId: string, participantId: string, at: number): Promise<boolean>;

  /** The current generation of each role's invite link (0 for a role never rotated, and for an unknown room). */
  inviteGenerations(roomId: string): Promise<InviteGenerations>;
  /** Bumps the generation of one role's invite link, so links of earlier generations stop working; resolves to the new one. */
  rotateInvite(roomId: string, role: Role): Promise<number>;

  /** Appends an update to the room's log, committed before it returns; resolves to its seq. */
  appendUpdate(roomId: string, update: NewUpdate): Promise<number>;
  /**
   * Group commit: appends `updates` to the room's log in one transaction, with the history events they caused.
   * Their seqs (consecutive, in the order given) are reserved first; `prepare(seqs)` then runs before the transaction
   * commits and returns the history events to store with them. Resolves to the seqs once everything is committed;
   * when any part fails (prepare included), nothing of the batch is stored.
   */
  appendUpdates(roomId: string, updates: readonly NewUpdate[], prepare?: PrepareBatch): Promise<number[]>;
  /** The latest snapshot and the updates after it; null when the room does not exist. */
  loadRoom(roomId: string): Promise<LoadedRoom | null>;
  writeSnapshot(roomId: string, snapshot: Snapshot): Promise<void>;
  /** The latest snapshot with seq ≤ `seq`, or null. */
  snapshotAtOrBefore(roomId: string, seq: number): Promise<Snapshot | null>;
  /**
   * Stores a segment of the room's state index (compressed). A segment already stored from the same `fromSeq` is
   * kept when it reaches as far or further; a shorter one is replaced. Writing the same segment twice is harmless.
   */
  writeStateSegment(roomId: string, segment: StateSegment): Promise<void>;
  /** The stored segment with fromSeq ≤ `seq` ≤ toSeq (the one starting latest), or null. */
  stateSegmentAt(roomId: string, seq: number): Promise<StateSegment | null>;
  /** The stored segment starting latest (the end of the stored index), or null. */
  lastStateSegment(roomId: string): Promise<StateSegment | null>;
  /** Updates with afterSeq < seq ≤ toSeq, oldest first. */
  updatesInRange(roomId: string, afterSeq: number, toSeq: number): Promise<StoredUpdate[]>;
  /** The last update stored at or before `at` (ms epoch): its seq and time; null when none. */
  lastUpdateAtOrBefore(roomId: string, at: number): Promise<{ seq: number; at: number } | null>;
  /** The highest seq of the room (0 when it has no updates). */
  latestSeq(roomId: string): Promise<number>;

  appendHistory(roomId: string, events: readonly HistoryEvent[]): Promise<void>;
  /** History events oldest first (by seq, then in the order they were appended). */
  history(roomId: string, page?: HistoryPage): Promise<HistoryEvent[]>;

  /**
   * Stores a participant's private vote in a round, replacing their earlier one there; committed before it returns.
   * False, and nothing stored, once voting on that round is closed (`closeVoting`), on whichever node that happened.
   */
  putVote(vote: VoteRecord): Promise<boolean>;
  /**
   * Closes voting on a round for good and returns its votes, as `votes` orders them. Atomic against `putVote` on every
   * node sharing this storage: a vote either is stored before and returned here, or is refused after.
   */
  closeVoting(roomId: string, roundId: string): Promise<VoteRecord[]>;
  /** Every vote of a round, oldest (by time of the latest vote) first. */
  votes(roomId: string, roundId: string): Promise<VoteRecord[]>;

  /** Makes everything written so far durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
