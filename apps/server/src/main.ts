import { inspect } from 'node:util';
import { loadConfig } from './config';
import { ConfigError } from './errors';
import { scaleOutOptionsFromEnv } from './fanout/scale-out';
import { startServer } from './server';

// `node --import tsx apps/server/src/main.ts`: reads the environment, serves, prints one line when ready.

/**
 * The last line of defence: an error that escaped every guard is written out whole (with its cause), and the process
 * exits non-zero for its supervisor (systemd, Docker, Kubernetes) to restart it, rather than run on in an unknown state.
 */
function exitOnEscapedError(kind: string): (error: unknown) => void {
  return (error) => {
    process.stderr.write(`Ladder stopped on an ${kind}: ${inspect(error, { depth: 4 })}\n`);
    process.exit(1);
  };
}
process.on('uncaughtException', exitOnEscapedError('uncaught exception'));
process.on('unhandledRejection', exitOnEscapedError('unhandled rejection'));

async function main(): Promise<void> {
  let config;
  try {
    config = { ...loadConfig(process.env), ...scaleOutOptionsFromEnv(process.env) };
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
