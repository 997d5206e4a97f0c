import { loadConfig } from './config';
import { ConfigError } from './errors';
import { startServer } from './server';

// `node --import tsx apps/server/src/main.ts`: reads the environment, serves, prints one line when ready.

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
    if (config.databaseUrl) throw new ConfigError('DATABASE_URL is set, but PostgreSQL storage is not supported yet: unset it to use SQLite in DATA_DIR.');
    if (config.redisUrl) throw new ConfigError('REDIS_URL is set, but fan-out through Redis is not supported yet: unset it to run a single node.');
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const server = await startServer(config);
  process.stdout.write(`Ladder is running at http://localhost:${server.port}/\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: shutting down\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Ladder could not start: ${message}\n`);
  process.exit(1);
});
