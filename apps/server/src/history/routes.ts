import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { z } from 'zod';
import { BadRequestError } from '../errors';
import { requireParticipant } from '../http/auth';
import type { HttpDeps } from '../http/deps';
import { docCursorsOf } from './doc-cursor';
import { historyCsv, historyJsonl } from './export';
import { warmStateIndex } from './state';
import { timelineOf } from './timeline';

const count = z.string().regex(/^\d{1,15}$/, 'must be a whole number ≥ 0').transform(Number);
const seqQuery = z.object({ seq: count });
const timelineQuery = z.object({ afterSeq: count.optional() });

/**
 * Replay and export routes: the document after update N as a Yjs update, the list of updates (seq, time,
 * author), and the history as CSV or JSON lines. Any participant of the room may call them.
 */
export function historyRoutes(app: FastifyInstance, deps: HttpDeps): void {
  app.get('/api/rooms/:roomId/history/doc', async (request, reply) => {
    const { roomId } = await requireParticipant(request, deps);
    const query = seqQuery.safeParse(request.query);
    if (!query.success) throw new BadRequestError('Give ?seq=<update number> (a whole number ≥ 0).', 'invalid_value');
    const seq = query.data.seq;
    // Replay asks for successive seqs while playing: a kept document moves forward instead of a snapshot decoded each time.
    const { at, update } = await docCursorsOf(deps.storage).read(roomId, seq, (doc, at) => ({ at, update: Y.encodeStateAsUpdate(doc) }));
    return reply
      .header('content-type', 'application/octet-stream')
      .header('x-ladder-seq', String(seq))
      .header('x-ladder-at', String(at))
      .send(Buffer.from(update));
  });

  app.get('/api/rooms/:roomId/history/timeline', async (request) => {
    const { roomId } = await requireParticipant(request, deps);
    const query = timelineQuery.safeParse(request.query);
    if (!query.success) throw new BadRequestError('Give ?afterSeq=<update number> (a whole number ≥ 0), or nothing for every update.', 'invalid_value');
    // The history panel asks for the timeline when it opens: index the room's states now, before the first scrub.
    warmStateIndex(deps.storage, roomId, (error) => request.log.warn({ err: error, roomId }, 'indexing the history states failed'));
    return { points: await timelineOf(deps.storage, roomId, query.data.afterSeq ?? 0) };
  });

  app.get('/api/rooms/:roomId/history.csv', async (request, reply) => {
    const { roomId } = await requireParticipant(request, deps);
    const csv = historyCsv(await deps.storage.history(roomId));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ladder-${roomId}-history.csv"`)
      .send(csv);
  });

  app.get('/api/rooms/:roomId/history.jsonl', async (request, reply) => {
    const { roomId } = await requireParticipant(request, deps);
    const jsonl = historyJsonl(await deps.storage.history(roomId));
    return reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="ladder-${roomId}-history.jsonl"`)
      .send(jsonl);
  });
}
