import { defineConfig } from 'vitest/config';

/**
 * The root configuration leaves test/bench out of `pnpm test` (benchmarks are long); the bench's own unit
 * tests run with: pnpm vitest run --config test/bench/vitest.config.ts
 */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 30_000,
  },
});
