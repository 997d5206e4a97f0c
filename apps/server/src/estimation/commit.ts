import type * as Y from 'yjs';
import type { Author } from '../plugins';
import type { Room } from '../sync/room';

/**
 * Makes `change` on the room's document and commits it (stored, then broadcast), without copying the document: a
 * vote costs what it writes, however large the room. Must run inside the room's queue.
 */
export async function commitChange(room: Room, author: Author, change: (doc: Y.Doc) => void): Promise<number | null> {
  return (await room.changeNow(author, change)).seq;
}
