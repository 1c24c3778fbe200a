import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'inspector/**/*.test.tsx'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Fails the run when a test changed corpus/ (and puts the files back).
    globalSetup: ['test/support/corpus-guard.ts'],
  },
});
