import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CONFIDENCE_ROOT, readObjectives, readPiState, type Objective, type PiState } from '@ladder/board-doc';
import { predictability } from '@ladder/wsjf';
import { CLOSE } from '../close-codes';
import { NotFoundError } from '../errors';
import { requireParticipant, roomNotFound } from '../http/auth';
import { parseBody } from '../http/validate';
import type { Plugin, PluginDeps } from '../plugins';
import { touchesRoot } from '../estimation/guard';
import { FrameError } from '../sync/protocol';
import { ConfidenceService, VOTE_ID } from './confidence';

const FACILITATOR = ['facilitator'] as const;
/** Everyone but observers votes on confidence. */
const VOTERS = ['facilitator', 'product', 'portfolio'] as const;
const openBody = z.object({ scope: z.string().trim().min(1, 'say "ART" or a team name').max(120) }).strict();
const voteBody = z.object({ value: z.number().int('a whole number from 1 to 5').min(1, 'from 1 to 5').max(5, 'from 1 to 5') }).strict();

function voteIdParam(request: FastifyRequest): string {
  const voteId = (request.params as { voteId?: unknown }).voteId;
  if (typeof voteId !== 'string' || !VOTE_ID.test(voteId)) throw new NotFoundError('There is no such confidence vote in this room: check the vote id, or open a vote.', 'vote_not_found');
  return voteId;
}

/**
 * `GET …/predictability`: `teams` and `art` for the current PI's objectives (all of them in a room never continued);
 * once the room was continued into the next PI, `pi` names the current one and `pis` gives every PI's figures, oldest
 * first, for predictability across PIs.
 */
export function predictabilityAnswer(objectives: readonly Objective[], pi: PiState | null) {
  const of = (name: string | null) => objectives.filter((o) => (name === null || name === pi?.current ? o.pi === null || o.pi === pi?.current : o.pi === name));
  const current = predictability(of(null));
  if (!pi) return current;
  return { ...current, pi: pi.current, pis: [...pi.past, pi.current].map((name) => ({ pi: name, ...predictability(of(name)) })) };
}

/**
 * PI objectives, risks and the confidence vote (CONTRACT.md, "PI objectives, risks, confidence"): the vote's routes and
 * their secrecy, predictability, and the `confidence` map closed to clients (objectives and risks are decided by the
 * planning plugin with the board's other artefacts).
 */
export function piPlugin(deps: PluginDeps): Plugin {
  const confidence = new ConfidenceService({ storage: deps.storage, rooms: deps.rooms });
  return {
    name: 'pi',
    onStoreUpdate({ doc, update, author }) {
      if (author.confidenceId !== undefined) return;
      if (touchesRoot(doc, update, CONFIDENCE_ROOT)) {
        throw new FrameError(CLOSE.FORBIDDEN, 'confidence_read_only', 'Confidence votes change only through the confidence API; reload the page.');
      }
    },
    routes(app: FastifyInstance) {
      const base = '/api/rooms/:roomId/confidence';
      const param = voteIdParam;
      app.post(base, async (request, reply) => {
        const { roomId } = await requireParticipant(request, deps, FACILITATOR);
        const { scope } = parseBody(openBody, request.body ?? {});
        return reply.code(201).send(await confidence.open(roomId, scope));
      });
      app.post(`${base}/:voteId/votes`, async (request, reply) => {
        const { roomId, participant } = await requireParticipant(request, deps, VOTERS);
        const voteId = param(request);
        const { value } = parseBody(voteBody, request.body ?? {});
        await confidence.vote(roomId, voteId, participant, value);
        return reply.code(204).send();
      });
      app.post(`${base}/:voteId/reveal`, async (request) => {
        const { roomId } = await requireParticipant(request, deps, FACILITATOR);
        return confidence.reveal(roomId, param(request));
      });
      app.get(`${base}/:voteId/mine`, async (request) => {
        const { roomId, participant } = await requireParticipant(request, deps);
        return confidence.mine(roomId, param(request), participant);
      });
      app.get('/api/rooms/:roomId/predictability', async (request) => {
        const { roomId } = await requireParticipant(request, deps);
        const read = await deps.rooms.withRoom(roomId, (room) => room.queue.run(() => ({ objectives: readObjectives(room.doc), pi: readPiState(room.doc) })));
        if (read === null) throw roomNotFound();
        return predictabilityAnswer(read.objectives, read.pi);
      });
    },
  };
}
