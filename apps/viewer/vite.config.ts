import { defineConfig } from 'vite';

/** Builds the browser app (index.html + src/app) to dist/app; relative base so it works at any mount. */
export default defineConfig({
  base: './',
  resolve: { conditions: ['@cuts/source', 'browser', 'module', 'import', 'default'] },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    sourcemap: false, // maps would point at src/app, which the package does not ship
    // NiiVue's chunk (stage-*.js, ~850 kB) is loaded lazily, only when a native view opens
    chunkSizeWarningLimit: 1000,
  },
});
