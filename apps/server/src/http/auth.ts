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

/** What the join page and the API say about an invite link that no longer opens its room. */
export const INVITE_EXPIRED = 'This invite link has expired: ask the facilitator for a new one.';
export const INVITE_REPLACED = 'This invite link was replaced by a new one: ask the facilitator for the new link.';
export const PARTICIPANT_REVOKED = 'The facilitator removed you from this room: ask them for a new invite link if you should be here.';

/**
 * The room and role a genuine invite token of this room opens: 401 (with `missing`, saying how to send one) for
 * anything else, 404 for an unknown room, 403 for another room's invite, 401 `invite_expired` past its expiry and
 * 401 `invite_replaced` when the facilitator has rotated that role's link since. An invite signed before invites
 * carried an expiry expires `inviteTtlMs` after it was signed; one without a generation is of generation 0.
 */
export async function requireInvite(
  request: FastifyRequest, deps: { signer: TokenSigner; storage: Storage; inviteTtlMs: number }, token: unknown, missing: string,
): Promise<{ room: RoomRecord; role: Role }> {
  const read = deps.signer.read(token);
  if (!read || read.claims.kind !== 'invite') throw new UnauthorizedError(missing);
  const { claims } = read;
  const room = await deps.storage.getRoom(roomIdParam(request));
  if (!room) throw roomNotFound();
  if (claims.roomId !== room.id) throw new ForbiddenError('This invite belongs to another room: use the invite link of this room.');
  const expiresAt = claims.expiresAt ?? read.issuedAt + deps.inviteTtlMs;
  if (Date.now() >= expiresAt) throw new UnauthorizedError(INVITE_EXPIRED, 'invite_expired');
  const generations = await deps.storage.inviteGenerations(room.id);
  if ((claims.generation ?? 0) !== generations[claims.role]) throw new UnauthorizedError(INVITE_REPLACED, 'invite_replaced');
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
  if (participant.revokedAt !== undefined) throw new UnauthorizedError(PARTICIPANT_REVOKED, 'revoked');
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
