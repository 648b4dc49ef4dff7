export * from './metrics.js';
export * from './report/write.js';
