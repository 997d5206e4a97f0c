import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { spawnLadder, startLadder, type LadderProcess, type LadderServer, type StartOptions } from '../support/server';

// Several real server nodes on one PostgreSQL and one Redis, isolated per test file: a schema and a Redis key
// prefix of their own, dropped at the end. A service that is not there fails the test with the address it tried.

export const TEST_DATABASE_URL = process.env.LADDER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.LADDER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Cluster {
  schema: string;
  prefix: string;
  nodes: LadderServer[];
  /** The environment a node of this cluster runs with (plus `extra`). */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Starts one more node in this process; `options.dataDir`/`port` let a node come back on its old address. */
  start(options?: StartOptions): Promise<LadderServer>;
  /** Starts one more node as a child process, for a test that kills it (SIGKILL). */
  spawn(options?: StartOptions): Promise<LadderProcess>;
  /** Runs SQL on the test database (outside any node). */
  sql<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** Stops every node, drops the schema, deletes the prefix's keys. */
  destroy(): Promise<void>;
}

/** Checks that PostgreSQL and Redis answer; throws a message that names the missing service otherwise. */
async function checkServices(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${(error as Error).message}): start it or set LADDER_TEST_DATABASE_URL.`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis is not reachable at ${TEST_REDIS_URL} (${(error as Error).message}): start it or set LADDER_TEST_REDIS_URL.`);
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

export async function createCluster(name: string): Promise<Cluster> {
  await checkServices();
  const tag = `${name}_${randomBytes(5).toString('hex')}`;
  const schema = `ladder_${tag}`;
  const prefix = `ladder-test:${tag}:`;
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
  pool.on('error', () => undefined);
  const nodes: LadderServer[] = [];
  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL, LADDER_DATABASE_SCHEMA: schema, LADDER_REDIS_PREFIX: prefix, ...extra,
  });
  return {
    schema,
    prefix,
    nodes,
    env,
    async start(options = {}) {
      const node = await startLadder({ ...options, env: env(options.env) });
      nodes.push(node);
      return node;
    },
    async spawn(options = {}) {
      const node = await spawnLadder({ ...options, env: env(options.env) });
      nodes.push(node);
      return node;
    },
    async sql(text, values = []) {
      return (await pool.query(text, values)).rows;
    },
    async destroy() {
      await Promise.all(nodes.map((node) => node.stop().catch(() => undefined)));
      for (const node of nodes) node.cleanup();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => pool.end());
      const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
      try {
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length > 0) await redis.del(...keys);
      } finally {
        // QUIT waits for Redis to close the connection, so no socket or timer of it outlives the test.
        await redis.quit().catch(() => redis.disconnect());
      }
    },
  };
}
