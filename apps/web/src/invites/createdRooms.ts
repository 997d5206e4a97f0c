import { z } from 'zod';
import { createdRoomSchema, type CreatedRoom } from '../api';
import { storage } from '../session';

/** A room created in this browser, kept so its invite links can be found again after the page is closed. */
export interface CreatedEntry extends CreatedRoom {
  title: string;
  createdAt: number;
}

const KEY = 'ladder:created-rooms';
/** The newest rooms kept; older ones drop off (their links still work, and facilitators get them in the room). */
export const KEPT_ROOMS = 20;

const entrySchema = createdRoomSchema.extend({ roomId: z.string().min(1), title: z.string(), createdAt: z.number() });

type Store = Pick<Storage, 'getItem' | 'setItem'>;

/** The rooms created here, newest first; entries this version cannot read are left out. */
export function createdRooms(store: Store | null = storage()): CreatedEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(store?.getItem(KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    const parsed = entrySchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  }).sort((a, b) => b.createdAt - a.createdAt);
}

function save(entries: CreatedEntry[], store: Store | null): CreatedEntry[] {
  const kept = entries.slice(0, KEPT_ROOMS);
  try {
    store?.setItem(KEY, JSON.stringify(kept));
  } catch {
    // Storage full or refused (private mode): the list lives on this page only.
  }
  return kept;
}

/** Adds a room just created (first in the list); the list as kept. */
export function rememberRoom(entry: CreatedEntry, store: Store | null = storage()): CreatedEntry[] {
  return save([entry, ...createdRooms(store).filter((e) => e.roomId !== entry.roomId)], store);
}

/** Drops a room from this browser's list (the room itself and its links stay valid); the list as kept. */
export function forgetRoom(roomId: string, store: Store | null = storage()): CreatedEntry[] {
  return save(createdRooms(store).filter((e) => e.roomId !== roomId), store);
}
