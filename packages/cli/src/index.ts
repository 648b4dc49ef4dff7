export * from './main.js';
export * from './program.js';
export * from './run-dir.js';
export * from './run-config.js';
export * from './run-state.js';
