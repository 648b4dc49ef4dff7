/**
 * `@cuts/core/testing`: helpers for tests and benchmarks of the cuts-ts
 * packages (Node only): where the real labelled datasets beside the checkout
 * are (`../shared/data`). Not part of the stage API.
 *
 * @packageDocumentation
 */
export { findRepoRoot, sharedDataForTests, sharedDataPath } from './shared-data.js';
