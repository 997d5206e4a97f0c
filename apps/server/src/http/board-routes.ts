import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { rankingOf, readNotes, WRITER_ROLES } from '@ladder/board-doc';
import { planAnswer } from '../planning/answer';
import { applyImport, IMPORT_LIMITS, parseImportCsv, type ImportWarning, type Rejected } from '../csv/import';
import { rankingCsv } from '../csv/export';
import { BadRequestError, HttpError } from '../errors';
import type { Room } from '../sync/room';
import { requireParticipant, roomNotFound } from './auth';
import type { HttpDeps } from './deps';

export const IMPORT_BODY_LIMIT = IMPORT_LIMITS.maxBytes;


export function boardRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const live = async <T>(roomId: string, fn: Parameters<typeof deps.rooms.withRoom<T>>[1]): Promise<T> => {
    const result = await deps.rooms.withRoom(roomId, fn);
    if (result === null) throw roomNotFound();
    return result;
  };
  /**
   * Reads the live document in the room's queue: a batch of updates is applied inside its storage transaction, so
   * outside the queue a read could show (and a crash then lose) changes that are not stored yet. A room whose batch
   * failed after it was applied is loaded afresh from storage.
   */
  const readLive = async <T>(roomId: string, read: (room: Room) => T): Promise<T> => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const outcome = await live(roomId, (room) => room.queue.run(() => (room.failed ? null : { value: read(room) })));
      if (outcome) return outcome.value;
    }
    throw new HttpError(503, 'storage_unavailable', 'The room could not be read from storage; try again in a moment.');
  };

  app.get('/api/rooms/:roomId/ranking', async (request) => {
    const { roomId } = await requireParticipant(request, deps);
    return { features: await readLive(roomId, (room) => rankingOf(room.doc)) };
  });

  app.get('/api/rooms/:roomId/plan', async (request) => {
    const { roomId } = await requireParticipant(request, deps);
    return readLive(roomId, (room) => planAnswer(room.doc));
  });

  app.get('/api/rooms/:roomId/export.csv', async (request, reply) => {
    const { roomId } = await requireParticipant(request, deps);
    const csv = await readLive(roomId, (room) => rankingCsv(rankingOf(room.doc), readNotes(room.doc)));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ladder-${roomId}.csv"`)
      .send(csv);
  });

  // `textBody`: the CSV is read as sent under any content type, application/json included.
  app.post('/api/rooms/:roomId/import', { bodyLimit: IMPORT_BODY_LIMIT, config: { textBody: true } }, async (request) => {
    const { roomId, participant } = await requireParticipant(request, deps, WRITER_ROLES);
    if (typeof request.body !== 'string') {
      throw new BadRequestError('Send the CSV as the request body with "Content-Type: text/csv".', 'invalid_csv');
    }
    const parsed = await parseImportCsv(request.body);
    const author = { participantId: participant.id, name: participant.name, role: participant.role };
    // Written in parts, each its own change: the room's other work (and every other room) goes on between them.
    // The room is held for the whole import, so it is not unloaded and reloaded between parts.
    const rejected: Rejected[] = [...parsed.rejected];
    const warnings: ImportWarning[] = [];
    const { created, updated } = await live(roomId, async (room) => {
      const total = { created: 0, updated: 0 };
      for (let i = 0; i < parsed.rows.length; i += IMPORT_LIMITS.rowsPerChange) {
        // A turn of the event loop between parts: storing a part resolves without one.
        if (i > 0) await nextTurn();
        const part = parsed.rows.slice(i, i + IMPORT_LIMITS.rowsPerChange);
        const { result } = await room.change(author, (doc) => applyImport(doc, part, { participantId: participant.id, now: Date.now() }));
        total.created += result.created;
        total.updated += result.updated;
        rejected.push(...result.rejected);
        warnings.push(...result.warnings);
      }
      return total;
    });
    rejected.sort((a, b) => a.line - b.line);
    return { created, updated, rejected, ignoredColumns: parsed.ignoredColumns, warnings };
  });
}
