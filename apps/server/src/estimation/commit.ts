import * as Y from 'yjs';
import type { Author } from '../plugins';
import type { Room } from '../sync/room';

/**
 * Makes `change` on a copy of the room's document in one transaction and commits the resulting update like any
 * client's (stored, applied, broadcast). Must run inside the room's queue.
 */
export async function commitChange(room: Room, author: Author, change: (doc: Y.Doc) => void): Promise<number | null> {
  const scratch = new Y.Doc();
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(room.doc));
    const updates: Uint8Array[] = [];
    scratch.on('update', (update: Uint8Array) => updates.push(update));
    scratch.transact(() => change(scratch));
    if (updates.length === 0) return null;
    const update = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
    return await room.commit(update, author, null);
  } finally {
    scratch.destroy();
  }
}
