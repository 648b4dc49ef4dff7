export * from './batch.js';
export * from './connection.js';
export * from './errors.js';
export * from './worker.js';
