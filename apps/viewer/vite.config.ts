import { defineConfig } from 'vite';

/**
 * Builds the browser app (index.html + src/app) to dist/app; relative base so it
 * works at any mount.
 *
 * @cuts/eval/metrics imports a few pure helpers (CutsInputError, createMask, the
 * protocol schema) from @cuts/core, whose entry also loads Node-only modules
 * (backend selection, shared-data paths) with top-level side effects. Declaring
 * @cuts/core side-effect free for this bundle lets tree-shaking keep only what the
 * metrics use; the e2e test fails on any page error, so a regression is caught.
 */
export default defineConfig({
  base: './',
  resolve: { conditions: ['development', 'browser', 'module', 'import', 'default'] },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      treeshake: {
        moduleSideEffects: [
          { test: /[\\/]packages[\\/]core[\\/]|[\\/]@cuts[\\/]core[\\/]/, sideEffects: false },
          { test: /[\\/]@tensorflow[\\/]/, sideEffects: false },
        ],
      },
    },
  },
});
