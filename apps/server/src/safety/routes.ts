import type { FastifyInstance } from 'fastify';
import type { TokenSigner } from '../auth/tokens';
import { requireParticipant } from '../http/auth';
import { parseRestore, parseRevert } from './schemas';
import { restoreRoom, revertParticipant, type SafetyDeps } from './service';

const FACILITATOR = ['facilitator'] as const;

/** Restore to a point and revert one participant: facilitators only (401 → 404 → 403, then the body). */
export function safetyRoutes(app: FastifyInstance, deps: SafetyDeps & { signer: TokenSigner }): void {
  app.post('/api/rooms/:roomId/restore', async (request) => {
    const { roomId, participant } = await requireParticipant(request, deps, FACILITATOR);
    const { target, note } = parseRestore(request.body);
    return restoreRoom(deps, roomId, participant, target, note);
  });

  app.post('/api/rooms/:roomId/revert-participant', async (request) => {
    const { roomId, participant } = await requireParticipant(request, deps, FACILITATOR);
    return revertParticipant(deps, roomId, participant, parseRevert(request.body));
  });
}
