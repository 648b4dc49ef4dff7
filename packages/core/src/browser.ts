/**
 * The browser-safe part of @cuts/core (no Node built-ins): types, config
 * schema, errors, Rng and progress interfaces. Import it as
 * `@cuts/core/browser` from code that also runs in the viewer.
 */
export * from './config/index.js';
export * from './errors.js';
export * from './progress.js';
export * from './rng.js';
export * from './types.js';
