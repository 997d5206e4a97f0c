import type { Role } from '@ladder/board-doc';
import type { ParticipantRecord } from './types';

// Rows as both SQL adapters read them (same table and column names in SQLite and PostgreSQL).

/** `SELECT id, room_id, name, role, joined_at FROM participants`. */
export interface ParticipantRow { id: string; room_id: string; name: string; role: string; joined_at: number }

export function participantOfRow(row: ParticipantRow): ParticipantRecord {
  return { id: row.id, roomId: row.room_id, name: row.name, role: row.role as Role, joinedAt: row.joined_at };
}
