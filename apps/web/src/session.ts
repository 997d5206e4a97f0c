import { z } from 'zod';
import { ROLES, type Role } from '@ladder/board-doc';

/** What this browser keeps after joining a room: enough to reconnect without the invite. */
export interface RoomSession {
  token: string;
  participantId: string;
  role: Role;
  name: string;
}

const sessionSchema = z.object({
  token: z.string().min(1),
  participantId: z.string().min(1),
  role: z.enum(ROLES as [Role, ...Role[]]),
  name: z.string(),
});

const sessionKey = (roomId: string) => `ladder:session:${roomId}`;
const NAME_KEY = 'ladder:name';

/** This browser's localStorage, or null where it is refused (private mode, blocked storage). */
export function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function loadSession(roomId: string): RoomSession | null {
  const raw = storage()?.getItem(sessionKey(roomId));
  if (!raw) return null;
  try {
    const parsed = sessionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveSession(roomId: string, session: RoomSession): void {
  storage()?.setItem(sessionKey(roomId), JSON.stringify(session));
  storage()?.setItem(NAME_KEY, session.name);
}

export function forgetSession(roomId: string): void {
  storage()?.removeItem(sessionKey(roomId));
}

/** The name typed on the last join, offered again next time. */
export function lastName(): string {
  return storage()?.getItem(NAME_KEY) ?? '';
}
