import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { readRounds } from '@ladder/board-doc';
import type { TokenSigner } from '../auth/tokens';
import { CLOSE } from '../close-codes';
import type { Plugin } from '../plugins';
import type { Storage } from '../storage/types';
import { FrameError } from '../sync/protocol';
import type { RoomManager } from '../sync/rooms';
import { touchesRounds } from './guard';
import { VoterPresence } from './presence';
import { roundRoutes } from './routes';
import { RoundService } from './service';

export { RoundService } from './service';
export type { RevealAnswer } from './service';

export interface Estimation {
  /** The hooks: who is connected, countdowns re-armed on load, client writes to `rounds` refused. */
  plugin: Plugin;
  /** Adds the round routes and starts the service; call once the room manager exists, before the server listens. */
  attach(app: FastifyInstance, deps: { storage: Storage; rooms: RoomManager; signer: TokenSigner; logger: Logger }): void;
  /** Stops the countdowns (on shutdown). */
  stop(): void;
}

/** Blind estimation rounds, as a plugin of the server core plus its routes. */
export function estimation(): Estimation {
  const presence = new VoterPresence();
  let service: RoundService | null = null;
  const plugin: Plugin = {
    name: 'estimation',
    onConnect({ roomId, participantId, name, role }) {
      presence.connected(roomId, participantId, name, role);
    },
    onDisconnect({ roomId, participantId }) {
      presence.disconnected(roomId, participantId);
    },
    onLoadRoom({ roomId, doc }) {
      service?.armAll(roomId, readRounds(doc));
    },
    onStoreUpdate({ doc, update, author }) {
      if (author.roundId !== undefined) return;
      if (touchesRounds(doc, update)) {
        throw new FrameError(CLOSE.FORBIDDEN, 'rounds_read_only', 'Estimation rounds change only through the rounds API; reload the page.');
      }
    },
  };
  return {
    plugin,
    attach(app, deps) {
      service = new RoundService({ storage: deps.storage, rooms: deps.rooms, presence, logger: deps.logger });
      roundRoutes(app, { storage: deps.storage, signer: deps.signer, rounds: service });
    },
    stop() {
      service?.stop();
    },
  };
}
