export * from './backend.js';
export * from './config/index.js';
export * from './errors.js';
export * from './progress.js';
export * from './rng.js';
export * from './shared-data.js';
export * from './types.js';
