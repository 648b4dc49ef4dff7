export * from './server.js';
export * from './run-folder.js';
export * from './run-listing.js';
export * from './safe-path.js';
export * from './native-listing.js';
export * from './access.js';
export * from './redact.js';
