import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { HistoryKind } from '@ladder/wire';
import type { Role } from '@ladder/board-doc';
import type {
  HistoryEvent, HistoryPage, InviteGenerations, LoadedRoom, NewUpdate, ParticipantRecord, PrepareBatch, RoomRecord, Snapshot, StateSegment, Storage, StoredUpdate,
  VoteRecord,
} from './types';
import {
  generationsOfRows, keptByOf, PARTICIPANT_COLUMNS, participantOfRow, snapshotOfRow, STATE_SEGMENT_COLUMNS, stateSegmentOfRow, type ParticipantRow, type SnapshotRow,
  type StateSegmentRow,
} from './rows';
import { encodeDerivedRow, encodeSnapshotState } from './snapshot-codec';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS participants (
  room_id TEXT NOT NULL REFERENCES rooms(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  joined_at INTEGER NOT NULL,
  revoked_at INTEGER,
  PRIMARY KEY (room_id, id)
);
-- The generation of each role's invite link: links of an earlier generation no longer open the room.
CREATE TABLE IF NOT EXISTS invite_generations (
  room_id TEXT NOT NULL REFERENCES rooms(id),
  role TEXT NOT NULL,
  generation INTEGER NOT NULL,
  PRIMARY KEY (room_id, role)
);
CREATE TABLE IF NOT EXISTS updates (
  room_id TEXT NOT NULL REFERENCES rooms(id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  participant_id TEXT,
  data BLOB NOT NULL,
  PRIMARY KEY (room_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS updates_by_time ON updates (room_id, at, seq);
CREATE TABLE IF NOT EXISTS snapshots (
  room_id TEXT NOT NULL REFERENCES rooms(id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  state BLOB NOT NULL,
  PRIMARY KEY (room_id, seq)
) WITHOUT ROWID;
-- The state index (the ranking after every seq), in compressed segments derived from the log (history/state-segment.ts).
CREATE TABLE IF NOT EXISTS state_index (
  room_id TEXT NOT NULL REFERENCES rooms(id),
  from_seq INTEGER NOT NULL,
  to_seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (room_id, from_seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id TEXT NOT NULL REFERENCES rooms(id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  participant_id TEXT,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  feature_id TEXT NOT NULL,
  field TEXT,
  from_json TEXT,
  to_json TEXT,
  round_id TEXT,
  note_id TEXT,
  kept_by_json TEXT
);
CREATE INDEX IF NOT EXISTS history_by_seq ON history (room_id, seq, id);
-- Private estimation votes (used by the estimation rounds).
CREATE TABLE IF NOT EXISTS votes (
  room_id TEXT NOT NULL REFERENCES rooms(id),
  round_id TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  values_json TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (room_id, round_id, participant_id)
);
-- Rounds whose voting is closed (revealed): no vote is stored for them any more.
CREATE TABLE IF NOT EXISTS vote_closures (
  room_id TEXT NOT NULL REFERENCES rooms(id),
  round_id TEXT NOT NULL,
  PRIMARY KEY (room_id, round_id)
);
`;

interface UpdateRow { seq: number; at: number; participant_id: string | null; data: Buffer }
interface HistoryRow {
  seq: number; at: number; participant_id: string | null; name: string; kind: string; feature_id: string;
  field: string | null; from_json: string | null; to_json: string | null; round_id: string | null; note_id: string | null; kept_by_json: string | null;
}
interface VoteRow { room_id: string; round_id: string; participant_id: string; values_json: string; at: number }

const toUpdate = (row: UpdateRow): StoredUpdate => ({ seq: row.seq, at: row.at, participantId: row.participant_id, update: new Uint8Array(row.data) });
const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
const unjson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** Creates the data directory (when missing) readable by the server's user only: it holds the votes, tokens and secret. */
export function makeDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}

/**
 * The file holds secret votes and every participant's token: readable and writable by the server's user only. A new
 * file is created so; one from an older version is tightened. SQLite gives its -wal and -shm files the same mode.
 */
function ownerOnly(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600);
}

/** The SQLite adapter: one file `ladder.db` in `dataDir` (or `:memory:`), WAL, schema created on open. */
export class SqliteStorage implements Storage {
  readonly #db: Database.Database;
  readonly #stmt;

  constructor(location: { dataDir: string } | ':memory:') {
    let file = ':memory:';
    if (location !== ':memory:') {
      makeDataDir(location.dataDir);
      file = join(location.dataDir, 'ladder.db');
      ownerOnly(file);
    }
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    // Databases created before history events carried the estimation round get the column added.
    const historyColumns = db.prepare<[], { name: string }>('PRAGMA table_info(history)').all();
    if (!historyColumns.some((c) => c.name === 'round_id')) db.exec('ALTER TABLE history ADD COLUMN round_id TEXT');
    if (!historyColumns.some((c) => c.name === 'note_id')) db.exec('ALTER TABLE history ADD COLUMN note_id TEXT');
    if (!historyColumns.some((c) => c.name === 'kept_by_json')) db.exec('ALTER TABLE history ADD COLUMN kept_by_json TEXT');
    // And before participants could be removed from a room, the time they were.
    const participantColumns = db.prepare<[], { name: string }>('PRAGMA table_info(participants)').all();
    if (!participantColumns.some((c) => c.name === 'revoked_at')) db.exec('ALTER TABLE participants ADD COLUMN revoked_at INTEGER');
    this.#db = db;
    this.#stmt = {
      insertRoom: db.prepare('INSERT INTO rooms (id, title, created_at) VALUES (?, ?, ?)'),
      getRoom: db.prepare<[string], { id: string; title: string; created_at: number }>('SELECT id, title, created_at FROM rooms WHERE id = ?'),
      insertParticipant: db.prepare('INSERT INTO participants (room_id, id, name, role, joined_at) VALUES (?, ?, ?, ?, ?)'),
      getParticipant: db.prepare<[string, string], ParticipantRow>(
        `SELECT ${PARTICIPANT_COLUMNS} FROM participants WHERE room_id = ? AND id = ?`),
      participants: db.prepare<[string], ParticipantRow>(
        `SELECT ${PARTICIPANT_COLUMNS} FROM participants WHERE room_id = ? ORDER BY joined_at, id`),
      revokeParticipant: db.prepare<[number, string, string]>(
        'UPDATE participants SET revoked_at = COALESCE(revoked_at, ?) WHERE room_id = ? AND id = ?'),
      inviteGenerations: db.prepare<[string], { role: string; generation: number }>(
        'SELECT role, generation FROM invite_generations WHERE room_id = ?'),
      rotateInvite: db.prepare<[string, string], { generation: number }>(
        `INSERT INTO invite_generations (room_id, role, generation) VALUES (?, ?, 1)
         ON CONFLICT (room_id, role) DO UPDATE SET generation = generation + 1 RETURNING generation`),
      appendUpdate: db.prepare<[string, string, number, string | null, Buffer], { seq: number }>(
        `INSERT INTO updates (room_id, seq, at, participant_id, data)
         VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM updates WHERE room_id = ?), ?, ?, ?) RETURNING seq`),
      insertUpdate: db.prepare<[string, number, number, string | null, Buffer]>(
        'INSERT INTO updates (room_id, seq, at, participant_id, data) VALUES (?, ?, ?, ?, ?)'),
      latestSnapshot: db.prepare<[string], SnapshotRow>('SELECT seq, at, state FROM snapshots WHERE room_id = ? ORDER BY seq DESC LIMIT 1'),
      snapshotAtOrBefore: db.prepare<[string, number], SnapshotRow>(
        'SELECT seq, at, state FROM snapshots WHERE room_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1'),
      writeSnapshot: db.prepare('INSERT OR REPLACE INTO snapshots (room_id, seq, at, state) VALUES (?, ?, ?, ?)'),
      writeStateSegment: db.prepare<[string, number, number, Buffer]>(
        `INSERT INTO state_index (room_id, from_seq, to_seq, data) VALUES (?, ?, ?, ?)
         ON CONFLICT (room_id, from_seq) DO UPDATE SET to_seq = excluded.to_seq, data = excluded.data WHERE excluded.to_seq > state_index.to_seq`),
      stateSegmentAt: db.prepare<[string, number], StateSegmentRow>(
        `SELECT ${STATE_SEGMENT_COLUMNS} FROM state_index WHERE room_id = ? AND from_seq <= ? ORDER BY from_seq DESC LIMIT 1`),
      lastStateSegment: db.prepare<[string], StateSegmentRow>(
        `SELECT ${STATE_SEGMENT_COLUMNS} FROM state_index WHERE room_id = ? ORDER BY from_seq DESC LIMIT 1`),
      updatesAfter: db.prepare<[string, number], UpdateRow>('SELECT seq, at, participant_id, data FROM updates WHERE room_id = ? AND seq > ? ORDER BY seq'),
      updatesInRange: db.prepare<[string, number, number], UpdateRow>(
        'SELECT seq, at, participant_id, data FROM updates WHERE room_id = ? AND seq > ? AND seq <= ? ORDER BY seq'),
      lastAtOrBefore: db.prepare<[string, number], { seq: number; at: number }>(
        'SELECT seq, at FROM updates WHERE room_id = ? AND at <= ? ORDER BY at DESC, seq DESC LIMIT 1'),
      latestSeq: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM updates WHERE room_id = ?'),
      insertHistory: db.prepare(
        `INSERT INTO history (room_id, seq, at, participant_id, name, kind, feature_id, field, from_json, to_json, round_id, note_id, kept_by_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      history: db.prepare<[string, number, string | null, string | null, number], HistoryRow>(
        `SELECT seq, at, participant_id, name, kind, feature_id, field, from_json, to_json, round_id, note_id, kept_by_json FROM history
         WHERE room_id = ? AND seq > ? AND (? IS NULL OR kind = ?) ORDER BY seq, id LIMIT ?`),
      putVote: db.prepare(
        `INSERT INTO votes (room_id, round_id, participant_id, values_json, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (room_id, round_id, participant_id) DO UPDATE SET values_json = excluded.values_json, at = excluded.at`),
      votingClosed: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM vote_closures WHERE room_id = ? AND round_id = ?'),
      closeVoting: db.prepare('INSERT OR IGNORE INTO vote_closures (room_id, round_id) VALUES (?, ?)'),
      votes: db.prepare<[string, string], VoteRow>(
        'SELECT room_id, round_id, participant_id, values_json, at FROM votes WHERE room_id = ? AND round_id = ? ORDER BY at, participant_id'),
    };
  }

  async createRoom(room: RoomRecord, initialUpdate: Uint8Array): Promise<void> {
    this.#db.transaction(() => {
      this.#stmt.insertRoom.run(room.id, room.title, room.createdAt);
      this.#stmt.appendUpdate.get(room.id, room.id, room.createdAt, null, Buffer.from(initialUpdate));
    })();
  }

  async getRoom(roomId: string): Promise<RoomRecord | null> {
    const row = this.#stmt.getRoom.get(roomId);
    return row ? { id: row.id, title: row.title, createdAt: row.created_at } : null;
  }

  async addParticipant(p: ParticipantRecord): Promise<void> {
    this.#stmt.insertParticipant.run(p.roomId, p.id, p.name, p.role, p.joinedAt);
  }

  async getParticipant(roomId: string, participantId: string): Promise<ParticipantRecord | null> {
    const row = this.#stmt.getParticipant.get(roomId, participantId);
    return row ? participantOfRow(row) : null;
  }

  async participants(roomId: string): Promise<ParticipantRecord[]> {
    return this.#stmt.participants.all(roomId).map(participantOfRow);
  }

  async revokeParticipant(roomId: string, participantId: string, at: number): Promise<boolean> {
    return this.#stmt.revokeParticipant.run(at, roomId, participantId).changes > 0;
  }

  async inviteGenerations(roomId: string): Promise<InviteGenerations> {
    return generationsOfRows(this.#stmt.inviteGenerations.all(roomId));
  }

  async rotateInvite(roomId: string, role: Role): Promise<number> {
    const row = this.#stmt.rotateInvite.get(roomId, role);
    if (!row) throw new Error(`Rotating the ${role} invite of room ${roomId} returned no generation.`);
    return row.generation;
  }

  async appendUpdate(roomId: string, update: NewUpdate): Promise<number> {
    const row = this.#stmt.appendUpdate.get(roomId, roomId, update.at, update.participantId, Buffer.from(update.update));
    if (!row) throw new Error(`Storing an update of room ${roomId} returned no seq.`);
    return row.seq;
  }

  async appendUpdates(roomId: string, updates: readonly NewUpdate[], prepare?: PrepareBatch): Promise<number[]> {
    if (updates.length === 0) return [];
    // One process owns the file and a room's appends run one batch at a time, so the next seqs are known up front;
    // a seq taken meanwhile makes the insert fail and the whole batch with it.
    const first = (this.#stmt.latestSeq.get(roomId)?.seq ?? 0) + 1;
    const seqs = updates.map((_, i) => first + i);
    const events = prepare ? await prepare(seqs) : [];
    this.#db.transaction(() => {
      updates.forEach((u, i) => this.#stmt.insertUpdate.run(roomId, seqs[i] as number, u.at, u.participantId, Buffer.from(u.update)));
      this.#insertHistory(roomId, events);
    })();
    return seqs;
  }

  async loadRoom(roomId: string): Promise<LoadedRoom | null> {
    const read = this.#db.transaction(() => {
      const room = this.#stmt.getRoom.get(roomId);
      if (!room) return null;
      const snap = this.#stmt.latestSnapshot.get(roomId);
      const updates = this.#stmt.updatesAfter.all(roomId, snap?.seq ?? 0).map(toUpdate);
      return { room: { id: room.id, title: room.title, createdAt: room.created_at }, snap, updates };
    })();
    if (!read) return null;
    return { room: read.room, snapshot: read.snap ? await snapshotOfRow(read.snap) : null, updates: read.updates };
  }

  async writeSnapshot(roomId: string, snapshot: Snapshot): Promise<void> {
    const state = await encodeSnapshotState(snapshot.state, snapshot.encoding);
    this.#stmt.writeSnapshot.run(roomId, snapshot.seq, snapshot.at, state);
  }

  async writeStateSegment(roomId: string, segment: StateSegment): Promise<void> {
    const data = await encodeDerivedRow(segment.data);
    if (this.#db.open) this.#stmt.writeStateSegment.run(roomId, segment.fromSeq, segment.toSeq, data);
  }

  async stateSegmentAt(roomId: string, seq: number): Promise<StateSegment | null> {
    const row = this.#stmt.stateSegmentAt.get(roomId, seq);
    return row && row.to_seq >= seq ? stateSegmentOfRow(row) : null;
  }

  async lastStateSegment(roomId: string): Promise<StateSegment | null> {
    const row = this.#stmt.lastStateSegment.get(roomId);
    return row ? stateSegmentOfRow(row) : null;
  }

  async snapshotAtOrBefore(roomId: string, seq: number): Promise<Snapshot | null> {
    const row = this.#stmt.snapshotAtOrBefore.get(roomId, seq);
    return row ? snapshotOfRow(row) : null;
  }

  async updatesInRange(roomId: string, afterSeq: number, toSeq: number): Promise<StoredUpdate[]> {
    return this.#stmt.updatesInRange.all(roomId, afterSeq, toSeq).map(toUpdate);
  }

  async lastUpdateAtOrBefore(roomId: string, at: number): Promise<{ seq: number; at: number } | null> {
    return this.#stmt.lastAtOrBefore.get(roomId, at) ?? null;
  }

  async latestSeq(roomId: string): Promise<number> {
    return this.#stmt.latestSeq.get(roomId)?.seq ?? 0;
  }

  async appendHistory(roomId: string, events: readonly HistoryEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.#db.transaction(() => this.#insertHistory(roomId, events))();
  }

  #insertHistory(roomId: string, events: readonly HistoryEvent[]): void {
    for (const e of events) {
      this.#stmt.insertHistory.run(roomId, e.seq, e.at, e.participantId, e.name, e.kind, e.featureId, e.field, json(e.from), json(e.to), e.roundId ?? null, e.noteId ?? null,
        e.keptBy ? JSON.stringify(e.keptBy) : null);
    }
  }

  async history(roomId: string, page: HistoryPage = {}): Promise<HistoryEvent[]> {
    const limit = page.limit ?? -1;
    const kind = page.kind ?? null;
    return this.#stmt.history.all(roomId, page.afterSeq ?? 0, kind, kind, limit).map((row) => ({
      seq: row.seq, at: row.at, participantId: row.participant_id, name: row.name, kind: row.kind as HistoryKind, featureId: row.feature_id,
      field: row.field, from: unjson(row.from_json), to: unjson(row.to_json), ...(row.round_id ? { roundId: row.round_id } : {}),
      ...(row.note_id ? { noteId: row.note_id } : {}), ...keptByOf(row.kept_by_json),
    }));
  }

  async putVote(vote: VoteRecord): Promise<boolean> {
    return this.#db.transaction(() => {
      if (this.#stmt.votingClosed.get(vote.roomId, vote.roundId)) return false;
      this.#stmt.putVote.run(vote.roomId, vote.roundId, vote.participantId, JSON.stringify(vote.values), vote.at);
      return true;
    }).immediate();
  }

  async closeVoting(roomId: string, roundId: string): Promise<VoteRecord[]> {
    return this.#db.transaction(() => {
      this.#stmt.closeVoting.run(roomId, roundId);
      return this.#votes(roomId, roundId);
    }).immediate();
  }

  async votes(roomId: string, roundId: string): Promise<VoteRecord[]> {
    return this.#votes(roomId, roundId);
  }

  #votes(roomId: string, roundId: string): VoteRecord[] {
    return this.#stmt.votes.all(roomId, roundId).map((row) => ({
      roomId: row.room_id, roundId: row.round_id, participantId: row.participant_id, values: JSON.parse(row.values_json) as Record<string, number>, at: row.at,
    }));
  }

  async flush(): Promise<void> {
    if (this.#db.open) this.#db.pragma('wal_checkpoint(PASSIVE)');
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
