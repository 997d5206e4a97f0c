import { readRounds } from '@ladder/board-doc';
import { CLOSE } from '../close-codes';
import type { Plugin, PluginDeps } from '../plugins';
import { FrameError } from '../sync/protocol';
import { touchesRounds } from './guard';
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
    routes(app) {
      roundRoutes(app, { storage: deps.storage, signer: deps.signer, rounds: service });
    },
    stop() {
      service.stop();
    },
  };
}
