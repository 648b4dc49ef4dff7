export * from './cluster.js';
export * from './data.js';
export * from './eval.js';
export * from './model.js';
export * from './sampler.js';
export * from './schema.js';
export * from './train.js';
