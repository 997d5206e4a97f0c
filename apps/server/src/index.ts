export { startServer } from './server';
export type { RunningServer, StartOptions } from './server';
export { loadConfig, DEFAULT_CONFIG } from './config';
export { scaleOutOptionsFromEnv } from './fanout/scale-out';
export type { ServerConfig } from './config';
export { CLOSE, closeName } from './close-codes';
export type { Plugin, Author } from './plugins';
export type {
  Storage, RoomRecord, ParticipantRecord, StoredUpdate, NewUpdate, Snapshot, StateSegment, UpdateEncoding, HistoryEvent, HistoryPage, LoadedRoom, VoteRecord,
} from './storage/types';
export { applySnapshot } from './storage/snapshot-codec';
export { SqliteStorage } from './storage/sqlite';
export { PostgresStorage, StorageUnavailableError } from './storage/postgres';
export type { PostgresOptions } from './storage/postgres';
export { redisFanout, FANOUT_ORIGIN } from './fanout/redis';
export type { RedisFanout, RedisFanoutOptions } from './fanout/redis';
export { TokenSigner } from './auth/tokens';
export type { TokenClaims, InviteClaims, ParticipantClaims } from './auth/tokens';
