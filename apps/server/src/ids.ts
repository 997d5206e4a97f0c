import { randomBytes } from 'node:crypto';

/** Room ids: 16 random bytes, base64url (22 characters). Every room id that arrives is checked against this. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Participant ids: 12 random bytes, base64url (16 characters). */
export const PARTICIPANT_ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;

/**
 * Random bytes as base64url, drawn again while the text starts with `-` or `_`: an id that starts with `-`
 * reads as an option on a command line and as a formula in a spreadsheet cell.
 */
function randomId(bytes: number): string {
  for (;;) {
    const id = randomBytes(bytes).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

export function newRoomId(): string {
  return randomId(16);
}

export function newParticipantId(): string {
  return randomId(12);
}

export function isRoomId(value: unknown): value is string {
  return typeof value === 'string' && ROOM_ID_PATTERN.test(value);
}
