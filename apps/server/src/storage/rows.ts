import { ROLES, type Role } from '@ladder/board-doc';
import { decodeDerivedRow, decodeSnapshotState } from './snapshot-codec';
import type { InviteGenerations, ParticipantRecord, Snapshot, StateSegment } from './types';

// Rows as both SQL adapters read them (same table and column names in SQLite and PostgreSQL).

/** `SELECT ${PARTICIPANT_COLUMNS} FROM participants`. */
export interface ParticipantRow { id: string; room_id: string; name: string; role: string; joined_at: number; revoked_at: number | null }

export const PARTICIPANT_COLUMNS = 'id, room_id, name, role, joined_at, revoked_at';

export function participantOfRow(row: ParticipantRow): ParticipantRecord {
  const participant: ParticipantRecord = { id: row.id, roomId: row.room_id, name: row.name, role: row.role as Role, joinedAt: row.joined_at };
  if (row.revoked_at !== null && row.revoked_at !== undefined) participant.revokedAt = Number(row.revoked_at);
  return participant;
}

/** Rows of `invite_generations` as generations per role, 0 for a role that has none. */
export function generationsOfRows(rows: readonly { role: string; generation: number }[]): InviteGenerations {
  const generations = Object.fromEntries(ROLES.map((role) => [role, 0])) as InviteGenerations;
  for (const row of rows) if (row.role in generations) generations[row.role as Role] = Number(row.generation);
  return generations;
}

/** A history row's `kept_by_json` (a conflict's author of the value that stays) as the event's optional `keptBy`. */
export function keptByOf(text: string | null): { keptBy?: { participantId: string | null; name: string } } {
  if (text === null) return {};
  const value = JSON.parse(text) as { participantId?: unknown; name?: unknown };
  return { keptBy: { participantId: typeof value.participantId === 'string' ? value.participantId : null, name: typeof value.name === 'string' ? value.name : '' } };
}

/** `SELECT seq, at, state FROM snapshots`: the state as stored (compressed, or bare in rows written before). */
export interface SnapshotRow { seq: number; at: number; state: Uint8Array }

/** A snapshot row with its state decompressed. */
export async function snapshotOfRow(row: SnapshotRow): Promise<Snapshot> {
  const { state, encoding } = await decodeSnapshotState(row.state);
  return { seq: row.seq, at: row.at, state, encoding };
}

/** `SELECT from_seq, to_seq, data FROM state_index`: the data as stored (compressed). */
export interface StateSegmentRow { from_seq: number; to_seq: number; data: Uint8Array }

export const STATE_SEGMENT_COLUMNS = 'from_seq, to_seq, data';

/** A state index row with its data decompressed. */
export async function stateSegmentOfRow(row: StateSegmentRow): Promise<StateSegment> {
  return { fromSeq: Number(row.from_seq), toSeq: Number(row.to_seq), data: await decodeDerivedRow(row.data) };
}
