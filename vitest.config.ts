import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Every test of the repository, in four projects (`pnpm test` runs them all; `pnpm test --project unit` one):
// - unit:    packages and app code on their own, no server, no service (a real SQLite file at most);
// - server:  a real Ladder server in the test's own process on port 0, real sockets, SQLite;
// - cluster: PostgreSQL, Redis, several nodes, and servers in child processes that a test kills or restarts;
// - browser: headless Chromium against an in-process server, one Chromium per worker, a fresh context per test.
// The web client is built (when stale) only before the browser project.

/**
 * Workers per project. Servers, SQLite and the cluster's nodes are light: one worker per core. A browser test keeps a
 * Chromium busy beside its server, so half as many (one on two cores); LADDER_BROWSER_WORKERS sets it.
 */
const cores = availableParallelism();
const browserWorkers = Number(process.env.LADDER_BROWSER_WORKERS) || Math.max(1, Math.floor(cores / 2));

/** Tests that talk to PostgreSQL or Redis, or start servers as child processes to kill or restart them. */
const cluster = [
  'test/multinode/**/*.test.ts',
  'apps/server/src/fanout/two-nodes.test.ts',
  'apps/server/src/storage/postgres.test.ts',
  'apps/server/src/sync/commit-context.test.ts',
  'test/server/durability.test.ts',
  'test/server/shutdown.test.ts',
  'test/estimation/restart.test.ts',
  // Runs `pnpm bench --quick` on its smallest sizes: servers as child processes, PostgreSQL and Redis for scale-out.
  'test/bench/smoke.test.ts',
];

/** Tests that start a real server in process (beside those of test/). */
const serverInApp = ['apps/server/src/server.test.ts', 'apps/server/src/shutdown.test.ts', 'apps/server/src/http/static.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // An unhandled error fails the test that was running, by name (packages/testing/src/setup.ts), not the whole run.
    setupFiles: ['packages/testing/src/setup.ts'],
    dangerouslyIgnoreUnhandledErrors: true,
    hookTimeout: 180_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test/output/vitest.json' }]] : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          maxWorkers: cores,
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'test/bench/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...cluster, ...serverInApp],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          maxWorkers: cores,
          include: ['test/**/*.test.ts', ...serverInApp],
          exclude: ['**/node_modules/**', 'test/bench/**', 'test/browser/**', ...cluster],
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'cluster',
          maxWorkers: cores,
          include: cluster,
          exclude: ['**/node_modules/**'],
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/support/global-setup.ts'],
          maxWorkers: browserWorkers,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
