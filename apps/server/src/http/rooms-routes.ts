import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { initRoom } from '@ladder/board-doc';
import { createRoomBodySchema, joinBodySchema } from '@ladder/wire';
import { inviteLinks, limitedBy } from '../access/routes';
import { isRoomId, newParticipantId, newRoomId } from '../ids';
import { bearerToken, requireInvite, requireParticipant } from './auth';
import type { HttpDeps } from './deps';
import { parseBody } from './validate';

export function roomsRoutes(app: FastifyInstance, deps: HttpDeps): void {
  // Creating rooms is limited per source address and for all addresses together; joining per room and address and per
  // room (docs/operations.md, "Access"): a refusal answers 429 with Retry-After before the body is read.
  const limitCreate = limitedBy((request) => deps.limiter.create(request.ip));
  const limitJoin = limitedBy((request) => {
    const roomId = (request.params as { roomId?: unknown }).roomId;
    return isRoomId(roomId) ? deps.limiter.join(roomId, request.ip) : null;
  });

  app.post('/api/rooms', { onRequest: limitCreate }, async (request, reply) => {
    const body = parseBody(createRoomBodySchema, request.body);
    const doc = new Y.Doc();
    try {
      initRoom(doc, {
        title: body.title, ...(body.scale ? { scale: body.scale } : {}), ...(body.capacity !== undefined ? { capacity: body.capacity } : {}),
        ...(body.themes ? { themes: body.themes } : {}),
      });
      const roomId = newRoomId();
      await deps.storage.createRoom({ id: roomId, title: body.title, createdAt: Date.now() }, Y.encodeStateAsUpdate(doc));
      return reply.code(201).send({ roomId, links: await inviteLinks(deps, roomId) });
    } finally {
      doc.destroy();
    }
  });

  // The facilitator hands out links during the session too (latecomers, a lost e-mail): the same four, signed afresh
  // (a fresh expiry, the current generation of each role's link).
  app.get('/api/rooms/:roomId/invites', async (request) => {
    const { roomId } = await requireParticipant(request, deps, ['facilitator']);
    return { roomId, links: await inviteLinks(deps, roomId) };
  });

  // Everyone who joined, online or not: the board names the authors of changes made by people it never saw connected
  // (an import by a script, a round accepted through the API) and lists them among the people of the room.
  app.get('/api/rooms/:roomId/participants', async (request) => {
    const { roomId } = await requireParticipant(request, deps);
    const people = await deps.storage.participants(roomId);
    return {
      participants: people.map((p) => ({
        participantId: p.id, name: p.name, role: p.role, joinedAt: p.joinedAt, revoked: p.revokedAt !== undefined,
        ...(p.revokedAt !== undefined ? { revokedAt: p.revokedAt } : {}),
      })),
    };
  });

  // The join page says which room and role an invite opens before anyone types a name (and refuses a dead link first).
  app.get('/api/rooms/:roomId/invite', async (request) => {
    const { room, role } = await requireInvite(request, deps, bearerToken(request),
      'Send the invite token of an invite link as "Authorization: Bearer <invite>".');
    return { roomId: room.id, title: room.title, role };
  });

  app.post('/api/rooms/:roomId/join', { onRequest: limitJoin }, async (request) => {
    const body = parseBody(joinBodySchema, request.body);
    const { room, role } = await requireInvite(request, deps, body.invite ?? bearerToken(request),
      'Send a valid invite token (from an invite link) as "invite" in the body.');
    const roomId = room.id;
    const participantId = newParticipantId();
    await deps.storage.addParticipant({ id: participantId, roomId, name: body.name, role, joinedAt: Date.now() });
    const token = deps.signer.sign({ kind: 'participant', roomId, role, participantId });
    return { participantId, role, token };
  });
}
