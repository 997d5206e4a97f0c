import type { Logger } from 'pino';
import type { Author } from '../plugins';
import { historyPlugin } from '../plugins/history';
import type { Storage } from '../storage/types';
import { RoomManager } from '../sync/rooms';
import { HistoryService } from './service';

/** One recorded client update: who sent it and its bytes. */
export interface RecordedUpdate {
  participantId: string;
  update: Uint8Array;
}

export interface IngestOptions {
  snapshotEvery: number;
  logger: Logger;
}

/**
 * Stores recorded client updates into an existing room through the server's own path, one at a time: the live
 * room's queue and `commit` (store the update, apply it, history events from the history plugin, a snapshot every
 * `snapshotEvery` updates, the state index kept up to date in the background), exactly as updates arriving over a
 * socket are stored, only without the sockets. The room is then let go, as when its last user leaves, and what the
 * server does in the background then (indexing the room to its end) is done before this resolves. Resolves to the
 * number of updates stored (updates with nothing new are not stored, as live).
 */
export async function ingestUpdates(storage: Storage, roomId: string, updates: Iterable<RecordedUpdate>, options: IngestOptions): Promise<number> {
  const history = new HistoryService(storage, { logger: options.logger });
  const rooms = new RoomManager({ storage, plugins: [historyPlugin(), history.indexingPlugin()], logger: options.logger, snapshotEvery: options.snapshotEvery });
  const authors = new Map<string, Author>();
  const authorOf = async (participantId: string): Promise<Author> => {
    let author = authors.get(participantId);
    if (!author) {
      const participant = await storage.getParticipant(roomId, participantId);
      if (!participant) throw new Error(`Room ${roomId} has no participant ${participantId}.`);
      author = { participantId, name: participant.name, role: participant.role };
      authors.set(participantId, author);
    }
    return author;
  };
  const stored = await rooms.withRoom(roomId, async (room) => {
    let count = 0;
    for (const recorded of updates) {
      const author = await authorOf(recorded.participantId);
      const seq = await room.queue.run(() => room.commit(recorded.update, author, null));
      if (seq !== null) count++;
    }
    return count;
  });
  await rooms.shutdown();
  await history.indexingSettled();
  history.close();
  if (stored === null) throw new Error(`There is no room ${roomId}.`);
  return stored;
}
