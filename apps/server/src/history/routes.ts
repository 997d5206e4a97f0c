import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { addNote, featuresMap, toPlain, WRITER_ROLES } from '@ladder/board-doc';
import { BadRequestError, NotFoundError } from '../errors';
import { requireParticipant, roomNotFound } from '../http/auth';
import type { HttpDeps } from '../http/deps';
import { parseBody, parseQuery } from '../http/validate';
import { historyCsv, historyJsonl } from './export';

const count = z.string().regex(/^\d{1,15}$/, 'must be a whole number ≥ 0').transform(Number);
const positive = z.string().regex(/^0*[1-9]\d{0,14}$/, 'must be a whole number, 1 or more').transform(Number);
const historyQuery = z.object({ afterSeq: count.optional(), limit: positive.optional(), recent: positive.optional() });
const stateQuery = z.object({ seq: count.optional(), at: count.optional() });
const seqQuery = z.object({ seq: count });
const timelineQuery = z.object({ afterSeq: count.optional() });
const noteBody = z.object({
  text: z.string().trim().min(1, 'write the note first').max(2000, 'keep a note to 2000 characters'),
  featureId: z.string().min(1).max(64).optional(),
}).strict();

/**
 * Every history route in one place, over the server's one `HistoryService`: the events (`/history`, paged), the room
 * as it was (`/history/state`), the document after update N for replay (`/history/doc`), the list of updates with
 * their notes (`/history/timeline`), and the exports. Any participant of the room may call them.
 */
export function historyRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { history } = deps;

  app.get('/api/rooms/:roomId/history', async (request) => {
    const { roomId } = await requireParticipant(request, deps);
    return history.page(roomId, parseQuery(historyQuery, request.query));
  });

  app.get('/api/rooms/:roomId/history/state', async (request) => {
    const { roomId } = await requireParticipant(request, deps);
    const query = parseQuery(stateQuery, request.query);
    if ((query.seq === undefined) === (query.at === undefined)) {
      throw new BadRequestError('Give either ?seq=<update number> or ?at=<ms since the epoch>.', 'invalid_value');
    }
    return history.stateAt(roomId, query.seq !== undefined ? { seq: query.seq } : { at: query.at as number });
  });

  app.get('/api/rooms/:roomId/history/doc', async (request, reply) => {
    const { roomId } = await requireParticipant(request, deps);
    const query = seqQuery.safeParse(request.query);
    if (!query.success) throw new BadRequestError('Give ?seq=<update number> (a whole number ≥ 0).', 'invalid_value');
    const seq = query.data.seq;
    // Replay asks for successive seqs while playing: a kept document moves forward instead of a snapshot decoded each time.
    const { at, update } = await history.docAt(roomId, seq);
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
    history.warm(roomId, (error) => request.log.warn({ err: error, roomId }, 'indexing the history states failed'));
    return { points: await history.timeline(roomId, query.data.afterSeq ?? 0) };
  });

  // Decision notes: the record of why. Written into the document (every screen lists it at once) and recorded in the
  // history with the update that wrote it; listed from the history, so no restore, revert or other change removes one.
  app.post('/api/rooms/:roomId/notes', async (request, reply) => {
    const { roomId, participant } = await requireParticipant(request, deps, WRITER_ROLES);
    const body = parseBody(noteBody, request.body);
    const id = `note-${randomUUID()}`;
    const author = { participantId: participant.id, name: participant.name, role: participant.role };
    const live = await deps.rooms.withRoom(roomId, (room) => room.change(author, (doc) => {
      if (body.featureId !== undefined && !featuresMap(doc).has(body.featureId)) {
        throw new NotFoundError(`There is no feature ${body.featureId} in this room.`, 'feature_not_found');
      }
      addNote(doc, { id, text: body.text, author: participant.name, participantId: participant.id, at: Date.now(), ...(body.featureId ? { featureId: body.featureId } : {}) });
    }));
    if (live === null) throw roomNotFound();
    return reply.code(201).send({ id });
  });

  app.get('/api/rooms/:roomId/notes', async (request) => {
    const { roomId } = await requireParticipant(request, deps);
    return { notes: await history.notes(roomId) };
  });

  // Arriving values the room kept aside (an edit made offline meeting a newer live one), and whether each still is:
  // the author's screen offers to apply theirs anyway, the facilitator's lists them.
  app.get('/api/rooms/:roomId/conflicts', async (request) => {
    const { roomId } = await requireParticipant(request, deps);
    const conflicts = await deps.rooms.withRoom(roomId, (room) => history.conflicts(roomId, (featureId, field) => {
      const feature = featuresMap(room.doc).get(featureId);
      return feature === undefined ? undefined : toPlain(feature.get(field)) ?? null;
    }));
    if (conflicts === null) throw roomNotFound();
    return { conflicts };
  });

  app.get('/api/rooms/:roomId/history.csv', async (request, reply) => {
    const { roomId } = await requireParticipant(request, deps);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ladder-${roomId}-history.csv"`)
      .send(historyCsv(await history.events(roomId)));
  });

  app.get('/api/rooms/:roomId/history.jsonl', async (request, reply) => {
    const { roomId } = await requireParticipant(request, deps);
    return reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="ladder-${roomId}-history.jsonl"`)
      .send(historyJsonl(await history.events(roomId)));
  });
}
