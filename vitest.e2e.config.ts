import { defineConfig } from 'vitest/config';

// The end-to-end test: real packs, installed from the registry, built and run. The variants
// run one after the other (2 cores); each step prints its duration.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/support/temp-root.ts', 'test/support/fresh-build.ts'],
    fileParallelism: false,
    testTimeout: 5 * 60_000,
    hookTimeout: 60_000,
    reporters: ['verbose'],
  },
});
