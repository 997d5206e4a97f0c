import { randomBytes } from 'node:crypto';

/** Room ids: 16 random bytes, base64url (22 characters). Every room id that arrives is checked against this. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Participant ids: 12 random bytes, base64url (16 characters). */
export const PARTICIPANT_ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;

export function newRoomId(): string {
  return randomBytes(16).toString('base64url');
}

export function newParticipantId(): string {
  return randomBytes(12).toString('base64url');
}

export function isRoomId(value: unknown): value is string {
  return typeof value === 'string' && ROOM_ID_PATTERN.test(value);
}
