import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

/** `pnpm test:faults`: the fault-injection suite (real processes, one file at a time). */
export default defineConfig({
  ...sharedTestConfig,
  test: {
    ...sharedTestConfig.test,
    include: ['faults/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
