import { defineConfig } from 'vitest/config';

// One run for every test in the repository: unit tests next to the code, cross-package tests in test/.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    globalSetup: ['test/support/global-setup.ts'],
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test/output/vitest.json' }]] : ['default'],
  },
});
