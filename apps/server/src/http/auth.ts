import type { FastifyRequest } from 'fastify';
import type { Role } from '@ladder/board-doc';
import type { TokenSigner } from '../auth/tokens';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors';
import { isRoomId } from '../ids';
import type { ParticipantRecord, RoomRecord, Storage } from '../storage/types';

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? (match[1] as string) : null;
}

export function roomNotFound(): NotFoundError {
  return new NotFoundError('There is no such room: check the link, or create a room.', 'room_not_found');
}

/** The room id from the path, checked against the room id pattern (404 otherwise). */
export function roomIdParam(request: FastifyRequest): string {
  const roomId = (request.params as { roomId?: unknown }).roomId;
  if (!isRoomId(roomId)) throw roomNotFound();
  return roomId;
}

/**
 * The room and role a genuine invite token of this room opens: 401 (with `missing`, saying how to send one) for
 * anything else, 404 for an unknown room, 403 for another room's invite.
 */
export async function requireInvite(
  request: FastifyRequest, deps: { signer: TokenSigner; storage: Storage }, token: unknown, missing: string,
): Promise<{ room: RoomRecord; role: Role }> {
  const claims = deps.signer.verify(token);
  if (!claims || claims.kind !== 'invite') throw new UnauthorizedError(missing);
  const room = await deps.storage.getRoom(roomIdParam(request));
  if (!room) throw roomNotFound();
  if (claims.roomId !== room.id) throw new ForbiddenError('This invite belongs to another room: use the invite link of this room.');
  return { room, role: claims.role };
}

/**
 * The participant calling: a genuine participant token of this room, for a room that exists, with a role in
 * `roles` (when given). 401 without a valid token, 404 for an unknown room, 403 for another room or role.
 */
export async function requireParticipant(
  request: FastifyRequest, deps: { signer: TokenSigner; storage: Storage }, roles?: readonly Role[],
): Promise<{ roomId: string; participant: ParticipantRecord }> {
  const claims = deps.signer.verify(bearerToken(request));
  if (!claims || claims.kind !== 'participant') throw new UnauthorizedError();
  const roomId = roomIdParam(request);
  if (!(await deps.storage.getRoom(roomId))) throw roomNotFound();
  if (claims.roomId !== roomId) throw new ForbiddenError('This token belongs to another room: join this room to get one.');
  const participant = await deps.storage.getParticipant(roomId, claims.participantId);
  if (!participant) throw new UnauthorizedError('This participant is unknown here: join the room again.');
  if (roles && !roles.includes(participant.role)) {
    // The role comes from the invite link the participant joined with: say which links can do this.
    const named = [...roles].sort((a, b) => Number(a === 'facilitator') - Number(b === 'facilitator'));
    const links = named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}` : named[0];
    throw new ForbiddenError(participant.role === 'observer'
      ? `Observers can only view this board; join with a ${links} invite link to change it.`
      : `The ${participant.role} role (from the invite link you joined with) may not do this; join with a ${links} invite link.`);
  }
  return { roomId, participant };
}
