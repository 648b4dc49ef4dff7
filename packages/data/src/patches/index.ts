export * from './augment.js';
export * from './sampler.js';
export * from './ssim.js';
export * from './windows.js';
