import { resolve, join } from 'node:path';
import { accessConfigFromEnv, DEFAULT_ACCESS, type AccessConfig } from './access/limits';
import { ConfigError } from './errors';

export interface ServerConfig {
  port: number;
  host: string;
  /** SQLite database and the generated secret live here. */
  dataDir: string;
  /** `postgres://…`: PostgreSQL instead of SQLite (not supported yet). */
  databaseUrl: string | null;
  /** `redis://…`: fan-out between nodes (not supported yet). */
  redisUrl: string | null;
  /** Signs invite and participant tokens; null: generated into `dataDir/secret` on first start. */
  secret: string | null;
  /** Base of the invite links; null: `http://localhost:PORT`. */
  publicUrl: string | null;
  maxFrameBytes: number;
  snapshotEvery: number;
  /** Bytes of a room's document past which client updates are refused (4413). */
  maxRoomBytes: number;
  /** The built web client; served as static files when it exists. */
  webDir: string;
  logLevel: string;
  /** Rate limits on creating and joining rooms, invite lifetime, trusted proxies (`LADDER_LIMIT_*`, `LADDER_INVITE_TTL_DAYS`, `LADDER_TRUST_PROXY`). */
  access: AccessConfig;
}

/** `apps/web/dist`, resolved from this package. */
export const DEFAULT_WEB_DIR = resolve(import.meta.dirname, '..', '..', 'web', 'dist');

export const DEFAULT_CONFIG: ServerConfig = {
  port: 8080,
  host: '0.0.0.0',
  dataDir: './data',
  databaseUrl: null,
  redisUrl: null,
  secret: null,
  publicUrl: null,
  maxFrameBytes: 1024 * 1024,
  snapshotEvery: 500,
  maxRoomBytes: 32 * 1024 * 1024,
  webDir: DEFAULT_WEB_DIR,
  logLevel: 'info',
  access: DEFAULT_ACCESS,
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}=${raw} is not valid: set it to a whole number from ${min} to ${max}, or leave it unset.`);
  }
  return value;
}

function optional(env: Record<string, string | undefined>, name: string): string | null {
  const raw = env[name]?.trim();
  return raw ? raw : null;
}

/** Reads the server configuration from environment variables (CONTRACT.md, "Server configuration"). */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const logLevel = optional(env, 'LOG_LEVEL') ?? DEFAULT_CONFIG.logLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL=${logLevel} is not valid: use one of ${LOG_LEVELS.join(', ')}.`);
  const publicUrl = optional(env, 'PUBLIC_URL');
  if (publicUrl !== null && !/^https?:\/\/[^\s]+$/.test(publicUrl)) {
    throw new ConfigError(`PUBLIC_URL=${publicUrl} is not valid: use an http(s) URL such as https://ladder.example.com.`);
  }
  return {
    port: integer(env, 'PORT', DEFAULT_CONFIG.port, 0, 65535),
    host: optional(env, 'HOST') ?? DEFAULT_CONFIG.host,
    dataDir: optional(env, 'DATA_DIR') ?? DEFAULT_CONFIG.dataDir,
    databaseUrl: optional(env, 'DATABASE_URL'),
    redisUrl: optional(env, 'REDIS_URL'),
    secret: optional(env, 'LADDER_SECRET'),
    publicUrl: publicUrl?.replace(/\/+$/, '') ?? null,
    maxFrameBytes: integer(env, 'LADDER_MAX_FRAME_BYTES', DEFAULT_CONFIG.maxFrameBytes, 1024, 64 * 1024 * 1024),
    snapshotEvery: integer(env, 'LADDER_SNAPSHOT_EVERY', DEFAULT_CONFIG.snapshotEvery, 1, 1_000_000),
    maxRoomBytes: integer(env, 'LADDER_MAX_ROOM_BYTES', DEFAULT_CONFIG.maxRoomBytes, 64 * 1024, 1024 * 1024 * 1024),
    webDir: optional(env, 'LADDER_WEB_DIR') ?? DEFAULT_CONFIG.webDir,
    logLevel,
    access: accessConfigFromEnv(env),
  };
}

export function secretPath(config: Pick<ServerConfig, 'dataDir'>): string {
  return join(config.dataDir, 'secret');
}
