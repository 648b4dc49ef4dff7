export * from './batch.js';
export * from './connection.js';
export * from './dispatch.js';
export * from './errors.js';
export * from './worker.js';
