import type { Registry } from 'prom-client';
import type { Plugin, PluginDeps } from '../plugins';
import { guard } from './guard';
import { safetyRoutes } from './routes';

export { GUARD_AUTHOR, MAX_VIOLATIONS } from './guard';
export type { RestoreAnswer, RevertAnswer } from './service';
export type { RevertChange, RevertConflict } from './revert';

/**
 * Room safety, one plugin: semantic validation of every update (refused values compensated in their own commit,
 * recorded and counted), and the restore and revert routes.
 */
export function safety(registry: Registry, deps: PluginDeps): Plugin {
  const checks = guard(registry, { rooms: deps.rooms, logger: deps.logger });
  return {
    ...checks.plugin,
    routes(app) {
      safetyRoutes(app, { storage: deps.storage, rooms: deps.rooms, signer: deps.signer, trust: (a) => checks.trust(a) });
    },
  };
}
