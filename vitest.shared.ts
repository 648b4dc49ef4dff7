import type { ViteUserConfig } from 'vitest/config';

/**
 * Shared vitest settings. Workspace packages resolve through the "@cuts/source"
 * export condition to their TypeScript sources, so a package's tests never need
 * its dependencies to be built first.
 */
export const sharedTestConfig: ViteUserConfig = {
  resolve: { conditions: ['@cuts/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@cuts/source', 'node', 'import', 'default'], externalConditions: ['node'] } },
  test: {
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    include: ['src/**/*.test.ts'],
  },
};
