import { readRounds } from '@ladder/board-doc';
import { CLOSE } from '../close-codes';
import type { Plugin, PluginDeps } from '../plugins';
import { FrameError } from '../sync/protocol';
import { lockedChanges, touchesRounds } from './guard';
import { revertedNotice } from '../safety/guard';
import { VoterPresence } from './presence';
import { roundRoutes } from './routes';
import { RoundService } from './service';

export { RoundService } from './service';
export type { RevealAnswer } from './service';

/**
 * Blind estimation rounds, one plugin: who is connected, countdowns re-armed on load, client writes to `rounds`
 * refused, and the round routes.
 */
export function estimation(deps: PluginDeps): Plugin {
  const presence = new VoterPresence();
  const service = new RoundService({ storage: deps.storage, rooms: deps.rooms, presence, logger: deps.logger });
  return {
    name: 'estimation',
    onConnect({ roomId, participantId, name, role }) {
      presence.connected(roomId, participantId, name, role);
    },
    onDisconnect({ roomId, participantId }) {
      presence.disconnected(roomId, participantId);
    },
    onLoadRoom({ roomId, doc }) {
      service.armAll(roomId, readRounds(doc));
    },
    onStoreUpdate({ doc, update, author }) {
      if (author.roundId !== undefined) return;
      if (touchesRounds(doc, update)) {
        throw new FrameError(CLOSE.FORBIDDEN, 'rounds_read_only', 'Estimation rounds change only through the rounds API; reload the page.');
      }
    },
    // Decided in the commit: a client's change of a component a live round estimates is changed back in the same
    // transaction (nobody sees it, the ranking keeps the value from before the round); only the round's accept writes it.
    onDecide(ctx) {
      if (ctx.sender === null || ctx.author.roundId !== undefined) return;
      const refused = lockedChanges(ctx.doc, ctx.txn);
      if (refused.length === 0) return;
      ctx.compensate();
      ctx.record(refused.map((r) => ({
        seq: ctx.seq, at: ctx.at, participantId: ctx.author.participantId, name: ctx.author.name, kind: 'reverted' as const,
        featureId: r.featureId, field: r.field, from: r.value ?? null, to: { value: r.before ?? null, reason: r.reason },
      })));
      const sender = ctx.sender;
      ctx.afterCommit(() => sender.send(revertedNotice(`Ladder reverted your change: ${refused.map((r) => `${r.featureId}.${r.field}: ${r.reason}`).slice(0, 3).join(' ')}`)));
    },
    routes(app) {
      roundRoutes(app, { storage: deps.storage, signer: deps.signer, rounds: service });
    },
    stop() {
      service.stop();
    },
  };
}
