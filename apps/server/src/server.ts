import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { AccessLimiter } from './access/limits';
import { resolveSecret } from './auth/secret';
import { TokenSigner } from './auth/tokens';
import { CLOSE } from './close-codes';
import { DEFAULT_CONFIG, type ServerConfig } from './config';
import { estimation } from './estimation';
import { healthOf, openFanout, openPostgres, type ScaleOutOptions } from './fanout/scale-out';
import { HistoryService } from './history/service';
import { buildApp } from './http/app';
import { attachUpgrade } from './http/upgrade';
import type { Plugin } from './plugins';
import { historyPlugin } from './plugins/history';
import { planningPlugin } from './planning/plugin';
import { piPlugin } from './pi';
import { createMetrics } from './plugins/metrics';
import { safety } from './safety';
import { conflictsPlugin } from './safety/conflicts';
import { makeDataDir, SqliteStorage } from './storage/sqlite';
import type { Storage } from './storage/types';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './sync/rate-limit';
import { RoomManager } from './sync/rooms';
import { SyncServer } from './sync/sync-server';

export interface RunningServer {
  port: number;
  /** `http://127.0.0.1:PORT` (or the bound host when it is not a wildcard address). */
  url: string;
  /** Stops accepting, closes every socket with 1012, flushes storage. */
  close(): Promise<void>;
}

export interface StartOptions extends Partial<ServerConfig>, ScaleOutOptions {
  /** Plugins run after the built-in ones (history, metrics). */
  plugins?: Plugin[];
  rateLimits?: Partial<RateLimits>;
  logger?: Logger;
}

async function openStorage(config: ServerConfig, scaleOut: ScaleOutOptions): Promise<Storage> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, scaleOut);
  return new SqliteStorage({ dataDir: config.dataDir });
}

/** Starts the Ladder server: HTTP API, WebSocket sync and the web client on one port. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const { plugins: extraPlugins = [], rateLimits, logger: givenLogger, databaseSchema, redisPrefix, ...overrides } = options;
  const scaleOut: ScaleOutOptions = { ...(databaseSchema ? { databaseSchema } : {}), ...(redisPrefix ? { redisPrefix } : {}) };
  const config: ServerConfig = { ...DEFAULT_CONFIG, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  const logger = givenLogger ?? pino({ level: config.logLevel, base: { service: 'ladder' } }, pino.destination(2));
  makeDataDir(config.dataDir);
  const storage = await openStorage(config, scaleOut);
  let fanout;
  try {
    // A removal on another node closes the participant's sockets here (`sync` exists before any room opens).
    fanout = config.redisUrl ? openFanout(config.redisUrl, config.secret, scaleOut, logger, (roomId, participantId) => sync.revoke(roomId, participantId)) : null;
  } catch (error) {
    await storage.close();
    throw error;
  }
  const signer = new TokenSigner(resolveSecret(config.secret, config.dataDir));
  const counts = { connections: () => sync.connectionCount, rooms: () => rooms.loadedCount };
  const metrics = createMetrics(counts);
  // The room manager and the sync server read this list when they use it: the plugins, made next, hold them.
  const plugins: Plugin[] = [];
  const rooms = new RoomManager({ storage, plugins, logger, snapshotEvery: config.snapshotEvery, maxRoomBytes: config.maxRoomBytes });
  const deps = { storage, rooms, signer, logger };
  const history = new HistoryService(storage, { logger });
  // The fan-out runs first: an update another hook fails on was stored all the same, so the other nodes get it.
  // Estimation decides before safety: a change a live round locks is set back first, so the validity copies take in
  // what the document holds once the commit is decided.
  plugins.push(...(fanout ? [fanout.plugin] : []), historyPlugin(), history.indexingPlugin(), conflictsPlugin(), estimation(deps), safety(metrics.registry, deps), planningPlugin(), piPlugin(deps), metrics.plugin, ...extraPlugins);
  const sync = new SyncServer({
    rooms, storage, signer, plugins, logger, maxFrameBytes: config.maxFrameBytes, limits: { ...DEFAULT_RATE_LIMITS, ...rateLimits },
  });
  let port = config.port;
  const limiter = new AccessLimiter(config.access);
  const app = await buildApp({
    storage, rooms, history, signer, metrics, webDir: config.webDir, health: healthOf(storage, fanout),
    publicUrl: () => config.publicUrl ?? `http://localhost:${port}`,
    limiter, inviteTtlMs: config.access.inviteTtlMs, trustProxy: config.access.trustProxy,
    revoke: (roomId, participantId) => {
      sync.revoke(roomId, participantId);
      fanout?.revoke(roomId, participantId);
    },
  }, logger);
  for (const plugin of plugins) plugin.routes?.(app);
  const wss = attachUpgrade(app.server, sync, config.maxFrameBytes, { limiter, trustProxy: config.access.trustProxy });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await fanout?.close();
    await storage.close();
    throw error;
  }
  port = (app.server.address() as AddressInfo).port;
  const wildcard = ['0.0.0.0', '::', '127.0.0.1', 'localhost', ''].includes(config.host);
  const url = `http://${wildcard ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ port, dataDir: config.dataDir }, 'Ladder server listening');

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      for (const plugin of plugins) plugin.stop?.();
      sync.closeAll(CLOSE.SERVICE_RESTART, 'The server is restarting; reconnect in a moment.');
      const appClosed = app.close();
      await rooms.shutdown();
      // Clients answer the close frame; whoever has not within a second is cut off.
      await new Promise<void>((resolve) => {
        const deadline = setTimeout(resolve, 1000);
        const check = () => {
          if (wss.clients.size === 0) { clearTimeout(deadline); resolve(); } else setTimeout(check, 20);
        };
        check();
      });
      for (const client of wss.clients) client.terminate();
      wss.close();
      await appClosed;
      history.close();
      await fanout?.close();
      await storage.flush();
      await storage.close();
    })();
    return closing;
  };
  return { port, url, close };
}
