import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { TokenSigner } from '../auth/tokens';
import type { Plugin } from '../plugins';
import type { Storage } from '../storage/types';
import type { RoomManager } from '../sync/rooms';
import { guard } from './guard';
import { safetyRoutes } from './routes';

export { GUARD_AUTHOR, MAX_VIOLATIONS } from './guard';
export type { RestoreAnswer, RevertAnswer } from './service';
export type { RevertChange, RevertConflict } from './revert';

export interface Safety {
  /** Semantic validation of every applied update (invalid changes reverted, recorded, counted). */
  plugin: Plugin;
  /** Adds the restore and revert routes; call once the room manager exists, before the server listens. */
  attach(app: FastifyInstance, deps: { storage: Storage; rooms: RoomManager; signer: TokenSigner; logger: Logger }): void;
}

/** Room safety: validation as a plugin, restore to a point and revert of one participant as routes. */
export function safety(registry: Registry): Safety {
  const checks = guard(registry);
  return {
    plugin: checks.plugin,
    attach(app, deps) {
      checks.attach({ rooms: deps.rooms, logger: deps.logger });
      safetyRoutes(app, { storage: deps.storage, rooms: deps.rooms, signer: deps.signer, trust: (a) => checks.trust(a) });
    },
  };
}
