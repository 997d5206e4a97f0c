import pg from 'pg';
import { isSchemaName, migrate, quoteIdent } from './postgres-schema';
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

export interface PostgresOptions {
  /** `postgres://user@host:port/db` */
  url: string;
  /** Tables live in this schema (created when missing); default `public`. */
  schema?: string;
  /** Shown in `pg_stat_activity.application_name`; default `ladder`. */
  applicationName?: string;
  /** Connections in the pool; default 10. */
  poolSize?: number;
  /** How long to wait for a connection before a call fails; default 3000 ms. */
  connectTimeoutMs?: number;
}

/** PostgreSQL could not be reached or refused the call; retry once it is back. */
export class StorageUnavailableError extends Error {
  readonly code = 'storage_unavailable';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}

const INT8_OID = 20;
// BIGINT columns (seq, times) come back as numbers: every value we store is far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as never,
};

interface UpdateRow { seq: number; at: number; participant_id: string | null; data: Buffer }
interface HistoryRow {
  seq: number; at: number; participant_id: string | null; name: string; kind: string; feature_id: string;
  field: string | null; from_json: string | null; to_json: string | null; round_id: string | null; note_id: string | null; kept_by_json: string | null;
}
interface VoteRow { room_id: string; round_id: string; participant_id: string; values_json: string; at: number }
interface RoomRow { id: string; title: string; created_at: number }

const bytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).slice();
const toUpdate = (row: UpdateRow): StoredUpdate => ({ seq: row.seq, at: row.at, participantId: row.participant_id, update: bytes(row.data) });
const toRoom = (row: RoomRow): RoomRecord => ({ id: row.id, title: row.title, createdAt: row.created_at });
const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
const unjson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** History rows per INSERT (11 parameters each; PostgreSQL takes at most 65,535). */
const HISTORY_CHUNK = 1000;
/** Update rows per INSERT (5 parameters each). */
const UPDATE_CHUNK = 5000;
const UPDATE_COLUMNS = 'seq, at, participant_id, data';
const APPEND_UPDATE = `
  WITH next AS (UPDATE rooms SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq)
  INSERT INTO updates (room_id, seq, at, participant_id, data) SELECT $1, last_seq, $2, $3, $4 FROM next RETURNING seq`;

interface CheckedOut {
  client: pg.PoolClient;
  /** Gives the connection back; a broken one (or one that died while out) is closed instead of reused. */
  release: (broken?: boolean) => void;
}

/**
 * Takes a connection from the pool for several statements. While it is out the pool does not listen for its errors,
 * so a connection cut by the server between two statements (a database restart, a terminated backend) would be an
 * uncaught error that ends the process: listen here, and close that connection when it comes back.
 */
export async function checkout(pool: pg.Pool): Promise<CheckedOut> {
  const client = await pool.connect();
  let died = false;
  const onError = (): void => { died = true; };
  client.on('error', onError);
  return {
    client,
    release: (broken = false) => {
      client.removeListener('error', onError);
      client.release(broken || died);
    },
  };
}

/** Errors of the database itself (a constraint) pass unchanged; losing the connection becomes StorageUnavailableError. */
function wrapError(error: unknown): unknown {
  if (error instanceof StorageUnavailableError) return error;
  const sqlState = (error as { code?: unknown }).code;
  // SQLSTATE classes 22 (data), 23 (integrity), 40 (rollback), 42 (syntax, undefined) and P0 (raised) are answers, not outages.
  if (typeof sqlState === 'string' && /^(22|23|40|42|P0)/.test(sqlState)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageUnavailableError(`PostgreSQL is not reachable (${reason}); retry once the database is back.`, { cause: error });
}

/** Inserts history events, one statement per chunk, in the caller's transaction. */
async function insertHistory(client: pg.PoolClient, roomId: string, events: readonly HistoryEvent[]): Promise<void> {
  for (let start = 0; start < events.length; start += HISTORY_CHUNK) {
    const values: unknown[] = [];
    const tuples = events.slice(start, start + HISTORY_CHUNK).map((e, i) => {
      values.push(roomId, e.seq, e.at, e.participantId, e.name, e.kind, e.featureId, e.field, json(e.from), json(e.to), e.roundId ?? null, e.noteId ?? null,
        e.keptBy ? JSON.stringify(e.keptBy) : null);
      return `(${Array.from({ length: 13 }, (_, k) => `$${i * 13 + k + 1}`).join(', ')})`;
    });
    await client.query(
      `INSERT INTO history (room_id, seq, at, participant_id, name, kind, feature_id, field, from_json, to_json, round_id, note_id, kept_by_json)
       VALUES ${tuples.join(', ')}`, values);
  }
}

const SELECT_VOTES = 'SELECT room_id, round_id, participant_id, values_json, at FROM votes WHERE room_id = $1 AND round_id = $2 ORDER BY at, participant_id';

function votesOf(rows: readonly VoteRow[]): VoteRecord[] {
  return rows.map((row) => ({
    roomId: row.room_id, roundId: row.round_id, participantId: row.participant_id, values: JSON.parse(row.values_json) as Record<string, number>, at: row.at,
  }));
}

/**
 * The PostgreSQL adapter, for several server nodes sharing one database. Seq numbers come from a per-room counter
 * bumped in the same statement that inserts the update, so appends from different nodes are serialised per room.
 */
export class PostgresStorage implements Storage {
  readonly #pool: pg.Pool;
  readonly schema: string;
  #closed = false;

  private constructor(pool: pg.Pool, schema: string) {
    this.#pool = pool;
    this.schema = schema;
  }

  /** Connects, creates or migrates the schema, and returns the adapter. */
  static async open(options: PostgresOptions): Promise<PostgresStorage> {
    const schema = options.schema ?? 'public';
    if (!isSchemaName(schema)) throw new Error(`"${schema}" is not a usable schema name: use letters, digits and underscores.`);
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
      idleTimeoutMillis: 10_000,
      application_name: options.applicationName ?? 'ladder',
      options: `-c search_path=${quoteIdent(schema)}`,
      types,
    });
    // An idle connection that dies (database restart, terminated backend) must not crash the process;
    // the pool drops it and the next call opens a new one.
    pool.on('error', () => undefined);
    try {
      const { client, release } = await checkout(pool);
      try {
        await migrate(client, schema);
      } finally {
        release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw wrapError(error);
    }
    return new PostgresStorage(pool, schema);
  }

  async #query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    try {
      return (await this.#pool.query<R>(text, values)).rows;
    } catch (error) {
      throw wrapError(error);
    }
  }

  /** Runs `fn` in one transaction on one connection. */
  async #transaction<T>(fn: (client: pg.PoolClient) => Promise<T>, isolation = 'READ COMMITTED'): Promise<T> {
    let checkedOut: CheckedOut;
    try {
      checkedOut = await checkout(this.#pool);
    } catch (error) {
      throw wrapError(error);
    }
    const { client, release } = checkedOut;
    let broken = false;
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => { broken = true; });
      throw wrapError(error);
    } finally {
      release(broken);
    }
  }

  /** Resolves when the database answers a trivial query; rejects with StorageUnavailableError otherwise. */
  async ping(): Promise<void> {
    await this.#query('SELECT 1');
  }

  async createRoom(room: RoomRecord, initialUpdate: Uint8Array): Promise<void> {
    await this.#transaction(async (client) => {
      await client.query('INSERT INTO rooms (id, title, created_at, last_seq) VALUES ($1, $2, $3, 1)', [room.id, room.title, room.createdAt]);
      await client.query('INSERT INTO updates (room_id, seq, at, participant_id, data) VALUES ($1, 1, $2, NULL, $3)',
        [room.id, room.createdAt, Buffer.from(initialUpdate)]);
    });
  }

  async getRoom(roomId: string): Promise<RoomRecord | null> {
    const [row] = await this.#query<RoomRow>('SELECT id, title, created_at FROM rooms WHERE id = $1', [roomId]);
    return row ? toRoom(row) : null;
  }

  async addParticipant(p: ParticipantRecord): Promise<void> {
    await this.#query('INSERT INTO participants (room_id, id, name, role, joined_at) VALUES ($1, $2, $3, $4, $5)',
      [p.roomId, p.id, p.name, p.role, p.joinedAt]);
  }

  async getParticipant(roomId: string, participantId: string): Promise<ParticipantRecord | null> {
    const [row] = await this.#query<ParticipantRow>(
      `SELECT ${PARTICIPANT_COLUMNS} FROM participants WHERE room_id = $1 AND id = $2`, [roomId, participantId]);
    return row ? participantOfRow(row) : null;
  }

  async participants(roomId: string): Promise<ParticipantRecord[]> {
    const rows = await this.#query<ParticipantRow>(
      `SELECT ${PARTICIPANT_COLUMNS} FROM participants WHERE room_id = $1 ORDER BY joined_at, id`, [roomId]);
    return rows.map(participantOfRow);
  }

  async revokeParticipant(roomId: string, participantId: string, at: number): Promise<boolean> {
    const rows = await this.#query('UPDATE participants SET revoked_at = COALESCE(revoked_at, $1) WHERE room_id = $2 AND id = $3 RETURNING id',
      [at, roomId, participantId]);
    return rows.length > 0;
  }

  async inviteGenerations(roomId: string): Promise<InviteGenerations> {
    return generationsOfRows(await this.#query<{ role: string; generation: number }>(
      'SELECT role, generation FROM invite_generations WHERE room_id = $1', [roomId]));
  }

  async rotateInvite(roomId: string, role: Role): Promise<number> {
    const [row] = await this.#query<{ generation: number }>(
      `INSERT INTO invite_generations (room_id, role, generation) VALUES ($1, $2, 1)
       ON CONFLICT (room_id, role) DO UPDATE SET generation = invite_generations.generation + 1 RETURNING generation`, [roomId, role]);
    if (!row) throw new Error(`Rotating the ${role} invite of room ${roomId} returned no generation.`);
    return row.generation;
  }

  async appendUpdate(roomId: string, update: NewUpdate): Promise<number> {
    const [row] = await this.#query<{ seq: number }>(APPEND_UPDATE, [roomId, update.at, update.participantId, Buffer.from(update.update)]);
    if (!row) throw new Error(`Room ${roomId} does not exist: create it before storing its updates.`);
    return row.seq;
  }

  async appendUpdates(roomId: string, updates: readonly NewUpdate[], prepare?: PrepareBatch): Promise<number[]> {
    if (updates.length === 0) return [];
    let prepareError: { error: unknown } | null = null;
    try {
      return await this.#transaction(async (client) => {
        // Reserving the seqs locks the room's counter until the commit: other nodes' appends to this room wait.
        const reserved = (await client.query<{ last_seq: number }>(
          'UPDATE rooms SET last_seq = last_seq + $2 WHERE id = $1 RETURNING last_seq', [roomId, updates.length])).rows[0];
        if (!reserved) throw new Error(`Room ${roomId} does not exist: create it before storing its updates.`);
        const first = reserved.last_seq - updates.length + 1;
        const seqs = updates.map((_, i) => first + i);
        let events: readonly HistoryEvent[] = [];
        try {
          events = prepare ? await prepare(seqs) : [];
        } catch (error) {
          prepareError = { error };
          throw error;
        }
        for (let i = 0; i < updates.length; i += UPDATE_CHUNK) {
          const values: unknown[] = [];
          const tuples = updates.slice(i, i + UPDATE_CHUNK).map((u, k) => {
            values.push(roomId, seqs[i + k], u.at, u.participantId, Buffer.from(u.update));
            return `($${k * 5 + 1}, $${k * 5 + 2}, $${k * 5 + 3}, $${k * 5 + 4}, $${k * 5 + 5})`;
          });
          await client.query(`INSERT INTO updates (room_id, seq, at, participant_id, data) VALUES ${tuples.join(', ')}`, values);
        }
        await insertHistory(client, roomId, events);
        return seqs;
      });
    } catch (error) {
      // A failing prepare is the caller's error, not an outage of the database.
      throw prepareError ? (prepareError as { error: unknown }).error : error;
    }
  }

  async loadRoom(roomId: string): Promise<LoadedRoom | null> {
    const read = await this.#transaction(async (client) => {
      const room = (await client.query<RoomRow>('SELECT id, title, created_at FROM rooms WHERE id = $1', [roomId])).rows[0];
      if (!room) return null;
      const snap = (await client.query<SnapshotRow>(
        'SELECT seq, at, state FROM snapshots WHERE room_id = $1 ORDER BY seq DESC LIMIT 1', [roomId])).rows[0];
      const updates = (await client.query<UpdateRow>(
        `SELECT ${UPDATE_COLUMNS} FROM updates WHERE room_id = $1 AND seq > $2 ORDER BY seq`, [roomId, snap?.seq ?? 0])).rows;
      return { room: toRoom(room), snap, updates: updates.map(toUpdate) };
    }, 'REPEATABLE READ READ ONLY');
    if (!read) return null;
    return { room: read.room, snapshot: read.snap ? await snapshotOfRow(read.snap) : null, updates: read.updates };
  }

  async writeSnapshot(roomId: string, snapshot: Snapshot): Promise<void> {
    const state = await encodeSnapshotState(snapshot.state, snapshot.encoding);
    await this.#query(
      `INSERT INTO snapshots (room_id, seq, at, state) VALUES ($1, $2, $3, $4)
       ON CONFLICT (room_id, seq) DO UPDATE SET at = EXCLUDED.at, state = EXCLUDED.state`,
      [roomId, snapshot.seq, snapshot.at, state]);
  }

  async snapshotAtOrBefore(roomId: string, seq: number): Promise<Snapshot | null> {
    const [row] = await this.#query<SnapshotRow>(
      'SELECT seq, at, state FROM snapshots WHERE room_id = $1 AND seq <= $2 ORDER BY seq DESC LIMIT 1', [roomId, seq]);
    return row ? snapshotOfRow(row) : null;
  }

  async writeStateSegment(roomId: string, segment: StateSegment): Promise<void> {
    const data = await encodeDerivedRow(segment.data);
    // Nodes that build the same segment write the same bytes: whichever comes second changes nothing.
    await this.#query(
      `INSERT INTO state_index (room_id, from_seq, to_seq, data) VALUES ($1, $2, $3, $4)
       ON CONFLICT (room_id, from_seq) DO UPDATE SET to_seq = EXCLUDED.to_seq, data = EXCLUDED.data WHERE EXCLUDED.to_seq > state_index.to_seq`,
      [roomId, segment.fromSeq, segment.toSeq, data]);
  }

  async stateSegmentAt(roomId: string, seq: number): Promise<StateSegment | null> {
    const [row] = await this.#query<StateSegmentRow>(
      `SELECT ${STATE_SEGMENT_COLUMNS} FROM state_index WHERE room_id = $1 AND from_seq <= $2 ORDER BY from_seq DESC LIMIT 1`, [roomId, seq]);
    return row && Number(row.to_seq) >= seq ? stateSegmentOfRow(row) : null;
  }

  async lastStateSegment(roomId: string): Promise<StateSegment | null> {
    const [row] = await this.#query<StateSegmentRow>(
      `SELECT ${STATE_SEGMENT_COLUMNS} FROM state_index WHERE room_id = $1 ORDER BY from_seq DESC LIMIT 1`, [roomId]);
    return row ? stateSegmentOfRow(row) : null;
  }

  async updatesInRange(roomId: string, afterSeq: number, toSeq: number): Promise<StoredUpdate[]> {
    const rows = await this.#query<UpdateRow>(
      `SELECT ${UPDATE_COLUMNS} FROM updates WHERE room_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq`, [roomId, afterSeq, toSeq]);
    return rows.map(toUpdate);
  }

  async lastUpdateAtOrBefore(roomId: string, at: number): Promise<{ seq: number; at: number } | null> {
    const [row] = await this.#query<{ seq: number; at: number }>(
      'SELECT seq, at FROM updates WHERE room_id = $1 AND at <= $2 ORDER BY at DESC, seq DESC LIMIT 1', [roomId, at]);
    return row ?? null;
  }

  async latestSeq(roomId: string): Promise<number> {
    const [row] = await this.#query<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM updates WHERE room_id = $1', [roomId]);
    return row?.seq ?? 0;
  }

  async appendHistory(roomId: string, events: readonly HistoryEvent[]): Promise<void> {
    if (events.length === 0) return;
    // All in one transaction: rows get ascending ids in the order given, and land all or none.
    await this.#transaction((client) => insertHistory(client, roomId, events));
  }

  async history(roomId: string, page: HistoryPage = {}): Promise<HistoryEvent[]> {
    const rows = await this.#query<HistoryRow>(
      `SELECT seq, at, participant_id, name, kind, feature_id, field, from_json, to_json, round_id, note_id, kept_by_json FROM history
       WHERE room_id = $1 AND seq > $2 AND ($4::text IS NULL OR kind = $4) ORDER BY seq, id LIMIT $3`,
      [roomId, page.afterSeq ?? 0, page.limit ?? null, page.kind ?? null]);
    return rows.map((row) => ({
      seq: row.seq, at: row.at, participantId: row.participant_id, name: row.name, kind: row.kind as HistoryKind, featureId: row.feature_id,
      field: row.field, from: unjson(row.from_json), to: unjson(row.to_json), ...(row.round_id ? { roundId: row.round_id } : {}),
      ...(row.note_id ? { noteId: row.note_id } : {}), ...keptByOf(row.kept_by_json),
    }));
  }

  /** Votes and the close of a round's voting take one lock per round, so that across nodes one is wholly before the other. */
  async #lockRound(client: pg.PoolClient, roomId: string, roundId: string): Promise<void> {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`ladder-round:${roomId}:${roundId}`]);
  }

  async putVote(vote: VoteRecord): Promise<boolean> {
    return this.#transaction(async (client) => {
      await this.#lockRound(client, vote.roomId, vote.roundId);
      const closed = await client.query('SELECT 1 FROM vote_closures WHERE room_id = $1 AND round_id = $2', [vote.roomId, vote.roundId]);
      if (closed.rowCount) return false;
      await client.query(
        `INSERT INTO votes (room_id, round_id, participant_id, values_json, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (room_id, round_id, participant_id) DO UPDATE SET values_json = excluded.values_json, at = excluded.at`,
        [vote.roomId, vote.roundId, vote.participantId, JSON.stringify(vote.values), vote.at]);
      return true;
    });
  }

  async closeVoting(roomId: string, roundId: string): Promise<VoteRecord[]> {
    return this.#transaction(async (client) => {
      await this.#lockRound(client, roomId, roundId);
      await client.query('INSERT INTO vote_closures (room_id, round_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [roomId, roundId]);
      return votesOf((await client.query<VoteRow>(SELECT_VOTES, [roomId, roundId])).rows);
    });
  }

  async votes(roomId: string, roundId: string): Promise<VoteRecord[]> {
    return votesOf(await this.#query<VoteRow>(SELECT_VOTES, [roomId, roundId]));
  }

  /** Every call commits before it resolves: nothing is left to flush. */
  async flush(): Promise<void> {}

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}
