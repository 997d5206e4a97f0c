import type { Logger } from 'pino';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { PostgresStorage } from '../storage/postgres';
import { redisFanout, type RedisFanout } from './redis';

// Several server nodes: PostgreSQL (DATABASE_URL) as the shared storage, Redis (REDIS_URL) to fan updates out.

export interface ScaleOutOptions {
  /** PostgreSQL schema (search_path) for Ladder's tables; default `public`. */
  databaseSchema?: string;
  /** Prefix of the Redis channels; default `ladder:`. */
  redisPrefix?: string;
}

export interface HealthReport {
  ok: boolean;
  [detail: string]: unknown;
}

const envSchema = z.object({
  LADDER_DATABASE_SCHEMA: z.string().trim().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'use letters, digits and underscores (at most 63), not starting with a digit').optional(),
  LADDER_REDIS_PREFIX: z.string().trim().min(1).max(100).regex(/^\S+$/, 'use no spaces').optional(),
});

/** Reads `LADDER_DATABASE_SCHEMA` and `LADDER_REDIS_PREFIX`; empty means unset. */
export function scaleOutOptionsFromEnv(env: Record<string, string | undefined>): ScaleOutOptions {
  const given = Object.fromEntries(
    ['LADDER_DATABASE_SCHEMA', 'LADDER_REDIS_PREFIX'].filter((name) => env[name]?.trim()).map((name) => [name, env[name]]),
  );
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'a variable');
    throw new ConfigError(`${name}=${String(given[name])} is not valid: ${issue?.message ?? 'check it'}; or leave it unset.`);
  }
  return {
    ...(parsed.data.LADDER_DATABASE_SCHEMA ? { databaseSchema: parsed.data.LADDER_DATABASE_SCHEMA } : {}),
    ...(parsed.data.LADDER_REDIS_PREFIX ? { redisPrefix: parsed.data.LADDER_REDIS_PREFIX } : {}),
  };
}

/** Opens the PostgreSQL storage (creating or migrating its schema); refuses a URL that is not postgres://. */
export async function openPostgres(databaseUrl: string, options: ScaleOutOptions): Promise<PostgresStorage> {
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL is not valid: use a postgres:// URL such as postgres://ladder@db:5432/ladder, or unset it for SQLite.');
  }
  return PostgresStorage.open({
    url: databaseUrl,
    ...(options.databaseSchema ? { schema: options.databaseSchema } : {}),
    applicationName: `ladder-${process.pid}`,
  });
}

/** Starts the Redis fan-out; the cluster's nodes must share LADDER_SECRET, or their tokens do not work on each other. */
export function openFanout(
  redisUrl: string, secret: string | null, options: ScaleOutOptions, logger: Logger, onRevoke?: (roomId: string, participantId: string) => void,
): RedisFanout {
  if (!/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError('REDIS_URL is not valid: use a redis:// URL such as redis://cache:6379, or unset it for a single node.');
  }
  if (!secret) {
    throw new ConfigError('REDIS_URL is set but LADDER_SECRET is not: give every node of the cluster the same LADDER_SECRET.');
  }
  return redisFanout({ url: redisUrl, ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}), logger, ...(onRevoke ? { onRevoke } : {}) });
}

/** `/healthz`: with PostgreSQL, whether the database answers within two seconds. */
export function healthOf(storage: unknown, fanout: RedisFanout | null): () => Promise<HealthReport> {
  return async () => {
    const details = fanout ? { redis: fanout.connected() ? 'up' : 'down' } : {};
    if (!(storage instanceof PostgresStorage)) return { ok: true, ...details };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        storage.ping(),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('no answer within 2 s')), 2000); }),
      ]);
      return { ok: true, database: 'up', ...details };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        ok: false, error: 'storage_unavailable', database: 'down', ...details,
        message: `PostgreSQL does not answer (${reason}): this node refuses changes until it is back.`,
      };
    } finally {
      clearTimeout(timer);
    }
  };
}
