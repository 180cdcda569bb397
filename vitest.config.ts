import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts', 'test/pg-setup.ts'],
    testTimeout: 30_000,
    // Tests spawn the built CLI and open SQLite files; two workers fit the 2-core machines.
    maxWorkers: 2,
  },
});
