import { describe, expect, test } from 'vitest';
import { PARTICIPANT_ID_PATTERN, ROOM_ID_PATTERN, isRoomId, newParticipantId, newRoomId } from './ids';

describe('ids', () => {
  test('room and participant ids match their patterns and never start with - or _', () => {
    for (let i = 0; i < 5000; i++) {
      const room = newRoomId();
      const participant = newParticipantId();
      expect(room).toMatch(ROOM_ID_PATTERN);
      expect(participant).toMatch(PARTICIPANT_ID_PATTERN);
      expect(room).toMatch(/^[A-Za-z0-9]/);
      expect(participant).toMatch(/^[A-Za-z0-9]/);
      expect(isRoomId(room)).toBe(true);
    }
  });

  test('ids issued before the first-character rule are still accepted', () => {
    expect(isRoomId('-abcdefghijklmnopqrstu')).toBe(true);
    expect(isRoomId('abc')).toBe(false);
  });
});
