import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WRITER_ROLES } from '@ladder/board-doc';
import type { TokenSigner } from '../auth/tokens';
import { requireParticipant } from '../http/auth';
import type { Storage } from '../storage/types';
import { roundNotFound } from './errors';
import { parseAccept, parseOpenRound, parseVote, ROUND_ID_PATTERN } from './schemas';
import type { RoundService } from './service';

export interface RoundRouteDeps {
  storage: Storage;
  signer: TokenSigner;
  rounds: RoundService;
}

function roundIdParam(request: FastifyRequest): string {
  const roundId = (request.params as { roundId?: unknown }).roundId;
  if (typeof roundId !== 'string' || !ROUND_ID_PATTERN.test(roundId)) throw roundNotFound();
  return roundId;
}

const FACILITATOR = ['facilitator'] as const;
const base = '/api/rooms/:roomId/rounds';

/** The estimation round API (CONTRACT.md, "HTTP API"): role checks first, then the body, then the round's state. */
export function roundRoutes(app: FastifyInstance, deps: RoundRouteDeps): void {
  const { rounds } = deps;

  app.post(base, async (request, reply) => {
    const { roomId, participant } = await requireParticipant(request, deps, FACILITATOR);
    const body = parseOpenRound(request.body);
    return reply.code(201).send(await rounds.open(roomId, participant, body));
  });

  app.get(base, async (request) => {
    const { roomId } = await requireParticipant(request, deps);
    return { rounds: await rounds.list(roomId) };
  });

  app.get(`${base}/:roundId`, async (request) => {
    const { roomId } = await requireParticipant(request, deps);
    return rounds.publicState(roomId, roundIdParam(request));
  });

  app.get(`${base}/:roundId/my-vote`, async (request) => {
    const { roomId, participant } = await requireParticipant(request, deps);
    return rounds.myVote(roomId, roundIdParam(request), participant);
  });

  app.post(`${base}/:roundId/votes`, async (request, reply) => {
    const { roomId, participant } = await requireParticipant(request, deps, WRITER_ROLES);
    const roundId = roundIdParam(request);
    const values = parseVote(request.body);
    await rounds.vote(roomId, roundId, participant, values);
    return reply.code(204).send();
  });

  app.post(`${base}/:roundId/reveal`, async (request) => {
    const { roomId } = await requireParticipant(request, deps, FACILITATOR);
    return rounds.reveal(roomId, roundIdParam(request));
  });

  app.post(`${base}/:roundId/cancel`, async (request) => {
    const { roomId } = await requireParticipant(request, deps, FACILITATOR);
    return rounds.cancel(roomId, roundIdParam(request));
  });

  app.post(`${base}/:roundId/accept`, async (request) => {
    const { roomId, participant } = await requireParticipant(request, deps, FACILITATOR);
    const roundId = roundIdParam(request);
    return rounds.accept(roomId, roundId, participant, parseAccept(request.body));
  });
}
