import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROLES, type Role } from '@ladder/board-doc';
import { BadRequestError, ConflictError, NotFoundError } from '../errors';
import { requireParticipant } from '../http/auth';
import type { HttpDeps } from '../http/deps';
import type { Refusal } from './limits';

// The facilitator's side of access: a role's invite link replaced by a new one, a participant removed from the room.

/** A Fastify `onRequest` hook that answers `429 rate_limited` with Retry-After when `check` refuses the request. */
export function limitedBy(check: (request: FastifyRequest) => Refusal | null) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const refused = check(request);
    if (!refused) return;
    await reply.code(429).header('retry-after', String(refused.retryAfterSeconds)).type('application/json; charset=utf-8')
      .send({ error: 'rate_limited', message: refused.message });
  };
}

/**
 * The four invite links of a room, one per role: URLs of the web client carrying `?invite=<invite token>`, each signed
 * now with the current generation of its role's link and an expiry `inviteTtlMs` from now.
 */
export async function inviteLinks(deps: Pick<HttpDeps, 'signer' | 'storage' | 'inviteTtlMs' | 'publicUrl'>, roomId: string): Promise<Record<Role, string>> {
  const generations = await deps.storage.inviteGenerations(roomId);
  const expiresAt = Date.now() + deps.inviteTtlMs;
  return Object.fromEntries(ROLES.map((role) => {
    const invite = deps.signer.sign({ kind: 'invite', roomId, role, generation: generations[role], expiresAt });
    return [role, `${deps.publicUrl()}/r/${roomId}?invite=${encodeURIComponent(invite)}`];
  })) as Record<Role, string>;
}

const FACILITATOR: readonly Role[] = ['facilitator'];

export function accessRoutes(app: FastifyInstance, deps: HttpDeps): void {
  // A new link for one role: every earlier link of that role stops opening the room (people who already joined stay).
  app.post('/api/rooms/:roomId/invites/:role/rotate', async (request) => {
    const { roomId } = await requireParticipant(request, deps, FACILITATOR);
    const role = (request.params as { role?: unknown }).role;
    if (!ROLES.includes(role as Role)) {
      throw new BadRequestError(`There is no role "${String(role)}": use one of ${ROLES.join(', ')}.`, 'unknown_role');
    }
    const generation = await deps.storage.rotateInvite(roomId, role as Role);
    return { roomId, role, generation, links: await inviteLinks(deps, roomId) };
  });

  // Removes a participant: their token is refused from now on, on every node, and their open boards are closed.
  app.post('/api/rooms/:roomId/participants/:participantId/revoke', async (request) => {
    const { roomId, participant: caller } = await requireParticipant(request, deps, FACILITATOR);
    const participantId = String((request.params as { participantId?: unknown }).participantId);
    const people = await deps.storage.participants(roomId);
    const target = people.find((p) => p.id === participantId);
    if (!target) throw new NotFoundError('Nobody with this participant id joined this room: check the People list.', 'participant_not_found');
    // A facilitator may remove another facilitator (a leaked link), and themself only while another one remains.
    if (target.id === caller.id && !people.some((p) => p.role === 'facilitator' && p.revokedAt === undefined && p.id !== caller.id)) {
      throw new ConflictError('You are the last facilitator of this room: someone must be able to run it. Have another facilitator join first.', 'last_facilitator');
    }
    const revokedAt = target.revokedAt ?? Date.now();
    await deps.storage.revokeParticipant(roomId, participantId, revokedAt);
    deps.revoke(roomId, participantId);
    return { participantId, name: target.name, role: target.role, joinedAt: target.joinedAt, revoked: true, revokedAt };
  });
}
